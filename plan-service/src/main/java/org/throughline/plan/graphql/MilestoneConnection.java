package org.throughline.plan.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.plan.Milestone;
import org.throughline.plan.service.Cursor;
import org.throughline.plan.service.Page;

import java.util.List;

/** A page of milestones as a Relay-style connection. */
@Description("A page of milestones: edges with cursors, or just the nodes, and how many match in all.")
public class MilestoneConnection {
    @NonNull
    public final List<@NonNull MilestoneEdge> edges;
    @NonNull
    public final List<@NonNull Milestone> nodes;
    @NonNull
    public final PageInfo pageInfo;
    @NonNull
    public final int totalCount;

    MilestoneConnection(Page<Milestone> page) {
        edges = page.items().stream().map(item -> new MilestoneEdge(Cursor.of(item.baselineFinish, item.id).encode(), item)).toList();
        nodes = page.items();
        pageInfo = new PageInfo(page, edges.stream().map(edge -> edge.cursor).toList());
        totalCount = page.totalCount();
    }

    /** One milestone of a page, with the cursor that continues after it. */
    @Description("One milestone of a page, with the cursor that continues after it.")
    public static class MilestoneEdge {
        @NonNull
        public final String cursor;
        @NonNull
        public final Milestone node;

        MilestoneEdge(String cursor, Milestone node) {
            this.cursor = cursor;
            this.node = node;
        }
    }
}
