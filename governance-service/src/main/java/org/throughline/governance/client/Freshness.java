package org.throughline.governance.client;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import java.time.OffsetDateTime;

/** How fresh the upstream facts behind a figure are: read live for it, or last read before the service went away. */
@Type("Freshness")
@Description("How fresh the facts of plan-service and kpi-service behind a figure are. Live when governance read them "
        + "for this answer; otherwise the service could not answer (down, or hung past governance's deadline) and the "
        + "figure is computed from what governance last read of it, at readAt.")
public record Freshness(
        @NonNull @Description("True when the facts were read from their services for this answer.") boolean live,
        @NonNull @Description("When the facts were read: now when live, earlier when not.") OffsetDateTime readAt) {

    public static Freshness live(OffsetDateTime now) {
        return new Freshness(true, now);
    }

    /** The freshness of a figure computed from both: live only when both are, as old as the older. */
    public Freshness and(Freshness other) {
        return new Freshness(live && other.live, readAt.isBefore(other.readAt) ? readAt : other.readAt);
    }
}
