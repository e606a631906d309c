package org.throughline.plan.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.plan.service.Page;

import java.util.List;

/** Where a page of a Relay-style connection stands. */
@Description("Where a page stands: pass endCursor as 'after' to get the next one.")
public class PageInfo {
    @NonNull
    public final boolean hasNextPage;
    @NonNull
    public final boolean hasPreviousPage;
    public final String startCursor;
    public final String endCursor;

    PageInfo(Page<?> page, List<String> cursors) {
        hasNextPage = page.hasNextPage();
        hasPreviousPage = page.hasPreviousPage();
        startCursor = cursors.isEmpty() ? null : cursors.get(0);
        endCursor = cursors.isEmpty() ? null : cursors.get(cursors.size() - 1);
    }
}
