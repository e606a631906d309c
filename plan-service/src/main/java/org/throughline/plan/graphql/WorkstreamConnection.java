package org.throughline.plan.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.plan.Workstream;
import org.throughline.plan.service.Cursor;
import org.throughline.plan.service.Page;

import java.util.List;

/** A page of workstreams as a Relay-style connection. */
@Description("A page of workstreams: edges with cursors, or just the nodes, and how many match in all.")
public class WorkstreamConnection {
    @NonNull
    public final List<@NonNull WorkstreamEdge> edges;
    @NonNull
    public final List<@NonNull Workstream> nodes;
    @NonNull
    public final PageInfo pageInfo;
    @NonNull
    public final int totalCount;

    WorkstreamConnection(Page<Workstream> page) {
        edges = page.items().stream().map(item -> new WorkstreamEdge(Cursor.of(item.id).encode(), item)).toList();
        nodes = page.items();
        pageInfo = new PageInfo(page, edges.stream().map(edge -> edge.cursor).toList());
        totalCount = page.totalCount();
    }

    /** One workstream of a page, with the cursor that continues after it. */
    @Description("One workstream of a page, with the cursor that continues after it.")
    public static class WorkstreamEdge {
        @NonNull
        public final String cursor;
        @NonNull
        public final Workstream node;

        WorkstreamEdge(String cursor, Workstream node) {
            this.cursor = cursor;
            this.node = node;
        }
    }
}
