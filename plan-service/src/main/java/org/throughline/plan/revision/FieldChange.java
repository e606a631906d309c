package org.throughline.plan.revision;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** One field of a plan item that a revision changed, with its value before and after as text. */
@Type("FieldChange")
@Description("One field a change touched: its value before and after, as text (dates as YYYY-MM-DD, lists as JSON).")
public record FieldChange(@NonNull String field, String before, String after) {
}
