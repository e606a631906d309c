package org.throughline.kpi.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.throughline.kpi.Kpi;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.StoredJson;
import org.throughline.subgraph.events.EventRelay;
import org.throughline.subgraph.events.OutboxEvent;
import org.throughline.subgraph.events.Subscriptions;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

/** KPIs followed live: each change to a KPI's values or definition, as it commits. */
@GraphQLApi
public class KpiEventsGraphQLApi {

    @Inject
    EventRelay relay;

    @Inject
    SecurityIdentity identity;

    @Inject
    ObjectMapper json;

    @Subscription("kpiEvents")
    @Description("Changes to KPIs from now on, as they happen: every KPI's, or those the filter names. Each carries "
            + "the KPI as it stands after the change (ask for its currentValue and analytics { status }). Ends with "
            + "the error code token-expired when the caller's token expires; subscribe again with a fresh one.")
    public Multi<KpiEvent> kpiEvents(KpiEventFilter filter) throws BadInputException {
        // The KPIs in a filter object: SmallRye GraphQL does not hand a list argument to a subscription's resolver.
        Set<String> wanted = Inputs.canonicalIds("filter.kpiIds", filter == null ? null : filter.kpiIds);
        return Subscriptions.whileSignedIn(identity, Subscriptions.readEach(relay.live()
                .filter(event -> "Kpi".equals(event.aggregateType()) && KpiEvent.changeOf(event.type()) != null
                        && (wanted == null || wanted.contains(event.aggregateId()))), this::of)
                .filter(event -> event.kpi != null));
    }

    private KpiEvent of(OutboxEvent event) {
        JsonNode payload = StoredJson.read(json, event.payload(), JsonNode.class);
        KpiEvent kpiEvent = new KpiEvent();
        kpiEvent.change = KpiEvent.changeOf(event.type());
        kpiEvent.kpi = QuarkusTransaction.requiringNew().call(() -> Kpi.<Kpi>findById(Long.valueOf(event.aggregateId())));
        String day = payload.path(payload.has("lastDay") ? "lastDay" : "observedAt").textValue();
        kpiEvent.observedAt = day == null ? null : LocalDate.parse(day);
        kpiEvent.value = payload.hasNonNull("value") ? payload.get("value").asDouble() : null;
        kpiEvent.measurementId = payload.path("measurementId").textValue();
        kpiEvent.values = payload.hasNonNull("values") ? payload.get("values").asInt() : null;
        kpiEvent.at = event.occurredAt().atOffset(ZoneOffset.UTC);
        kpiEvent.position = event.position().toString();
        return kpiEvent;
    }
}
