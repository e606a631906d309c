package org.throughline.plan.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.plan.Initiative;
import org.throughline.plan.service.Cursor;
import org.throughline.plan.service.Page;

import java.util.List;

/** A page of initiatives as a Relay-style connection. */
@Description("A page of initiatives: edges with cursors, or just the nodes, and how many match in all.")
public class InitiativeConnection {
    @NonNull
    public final List<@NonNull InitiativeEdge> edges;
    @NonNull
    public final List<@NonNull Initiative> nodes;
    @NonNull
    public final PageInfo pageInfo;
    @NonNull
    public final int totalCount;

    InitiativeConnection(Page<Initiative> page) {
        edges = page.items().stream().map(item -> new InitiativeEdge(Cursor.of(item.id).encode(), item)).toList();
        nodes = page.items();
        pageInfo = new PageInfo(page, edges.stream().map(edge -> edge.cursor).toList());
        totalCount = page.totalCount();
    }

    /** One initiative of a page, with the cursor that continues after it. */
    @Description("One initiative of a page, with the cursor that continues after it.")
    public static class InitiativeEdge {
        @NonNull
        public final String cursor;
        @NonNull
        public final Initiative node;

        InitiativeEdge(String cursor, Initiative node) {
            this.cursor = cursor;
            this.node = node;
        }
    }
}
