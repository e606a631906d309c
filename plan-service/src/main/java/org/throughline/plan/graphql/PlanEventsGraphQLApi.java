package org.throughline.plan.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.throughline.plan.Milestone;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.StoredJson;
import org.throughline.subgraph.events.EventRelay;
import org.throughline.subgraph.events.OutboxEvent;
import org.throughline.subgraph.events.Subscriptions;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/** Milestones followed live: each one made or changed, as it commits. */
@GraphQLApi
public class PlanEventsGraphQLApi {

    @Inject
    EventRelay relay;

    @Inject
    SecurityIdentity identity;

    @Inject
    ObjectMapper json;

    @Subscription("milestoneEvents")
    @Description("Milestones made or changed from now on, as it happens: every milestone's, or those the filter "
            + "lets through. Ends with the error code token-expired when the caller's token expires; subscribe "
            + "again with a fresh one.")
    public Multi<MilestoneEvent> milestoneEvents(MilestoneEventFilter filter) throws BadInputException {
        // Lists in a filter object: SmallRye GraphQL does not hand a list argument to a subscription's resolver.
        MilestoneEventFilter given = filter == null ? new MilestoneEventFilter() : filter;
        String initiative = given.initiativeId == null ? null
                : Inputs.canonicalId("filter.initiativeId", given.initiativeId);
        Set<String> wanted = Inputs.canonicalIds("filter.milestoneIds", given.milestoneIds);
        return Subscriptions.whileSignedIn(identity, Subscriptions.readEach(relay.live()
                .filter(event -> "Milestone".equals(event.aggregateType())
                        && (wanted == null || wanted.contains(event.aggregateId())))
                .map(event -> new Pending(event, StoredJson.read(json, event.payload(), JsonNode.class)))
                .filter(pending -> initiative == null
                        || initiative.equals(pending.payload().path("initiativeId").asText())), this::of)
                .filter(event -> event.milestone != null));
    }

    private record Pending(OutboxEvent event, JsonNode payload) {
    }

    private MilestoneEvent of(Pending pending) {
        JsonNode payload = pending.payload();
        MilestoneEvent event = new MilestoneEvent();
        event.change = pending.event().type().endsWith("Created") ? MilestoneEvent.Change.CREATED
                : MilestoneEvent.Change.CHANGED;
        event.milestone = QuarkusTransaction.requiringNew().call(
                () -> Milestone.<Milestone>findById(Long.valueOf(pending.event().aggregateId())));
        event.changes = StoredJson.changes(json, payload.get("changes").toString());
        event.changedBy = payload.path("changedBy").asText();
        event.reason = payload.hasNonNull("reason") ? payload.get("reason").asText() : null;
        event.at = OffsetDateTime.parse(payload.get("changedAt").asText()).withOffsetSameInstant(ZoneOffset.UTC);
        event.position = pending.event().position().toString();
        return event;
    }
}
