package org.throughline.governance.signal;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import java.time.OffsetDateTime;

/** What one evaluation of the signals changed. */
@Type("SignalEvaluation")
@Description("What one evaluation of the signals found: episodes raised, cleared, and open afterwards.")
public record SignalEvaluation(@NonNull OffsetDateTime evaluatedAt, @NonNull int raised, @NonNull int cleared,
                               @NonNull int open) {
}
