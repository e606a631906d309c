package org.throughline.governance.graphql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.graphql.api.Nullable;
import io.smallrye.graphql.api.federation.policy.Policy;
import io.smallrye.graphql.api.federation.policy.PolicyGroup;
import io.smallrye.graphql.api.federation.policy.PolicyItem;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.throughline.governance.client.UpstreamUnavailableException;
import org.throughline.governance.reference.Initiative;
import org.throughline.governance.reference.Kpi;
import org.throughline.governance.reference.Milestone;
import org.throughline.governance.signal.Signal;
import org.throughline.governance.signal.SignalEngine;
import org.throughline.governance.signal.SignalEvaluation;
import org.throughline.governance.signal.SignalEvent;
import org.throughline.governance.signal.SignalEventFilter;
import org.throughline.governance.signal.SignalFilter;
import org.throughline.governance.signal.SignalService;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.Roles;
import org.throughline.subgraph.events.EventRelay;
import org.throughline.subgraph.events.Subscriptions;

import java.util.List;

/** The signals: listed across the portfolio, added to the items they concern, evaluated on demand, followed live. */
@GraphQLApi
public class SignalsGraphQLApi {

    @Inject
    SignalService signals;

    @Inject
    SignalEngine engine;

    @Inject
    EventRelay relay;

    @Inject
    SecurityIdentity identity;

    @Inject
    ObjectMapper json;

    // @Nullable: SmallRye reads the elements' @NonNull as the list's own, which would make the root field non-null.
    @Query("signals")
    @Description("Signals across the portfolio, most severe first, the latest raised first among equals; open ones "
            + "unless the filter says otherwise (first: 1 to 1,000, 200 when not given).")
    public @Nullable List<@NonNull Signal> signals(SignalFilter filter, Integer first) throws BadInputException {
        return signals.signals(filter, first);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("evaluateSignals")
    @Description("Evaluates the signals now, from live plan and KPI data (they are also evaluated on a schedule).")
    public @NonNull SignalEvaluation evaluateSignals() throws UpstreamUnavailableException {
        return engine.evaluate();
    }

    @Subscription("signalEvents")
    @Description("Signal episodes raised, changed and cleared from now on, as they happen: all of them, or those the "
            + "filter lets through. Ends with the error code token-expired when the caller's token expires; "
            + "subscribe again with a fresh one.")
    public Multi<SignalEvent> signalEvents(SignalEventFilter filter) throws BadInputException {
        SignalEventFilter given = filter == null ? new SignalEventFilter() : filter;
        if (given.initiativeId != null) {
            given.initiativeId = Inputs.canonicalId("filter.initiativeId", given.initiativeId);
        }
        if (given.personId != null) {
            given.personId = Inputs.userId("filter.personId", given.personId);
        }
        return Subscriptions.whileSignedIn(identity, relay.live()
                .filter(event -> "Signal".equals(event.aggregateType()))
                .map(event -> SignalEvent.of(event, json))
                .filter(given::matches));
    }

    @Name("signals")
    @Description("The open signals that concern the milestone, most severe first.")
    public List<List<@NonNull Signal>> signalsOfMilestones(@Source List<Milestone> milestones) {
        return signals.openOfMilestones(milestones);
    }

    @Name("signals")
    @Description("The open signals that concern the KPI, most severe first.")
    public List<List<@NonNull Signal>> signalsOfKpis(@Source List<Kpi> kpis) {
        return signals.openOfKpis(kpis);
    }

    @Name("signals")
    @Description("The open signals that concern the initiative, its milestones and commitments, or a KPI that one of "
            + "its milestones is tethered to, most severe first. Which milestones are the initiative's is plan-service's to "
            + "say, or while it cannot answer, what governance last read of it; upstream-unavailable when it never "
            + "read them.")
    public List<List<@NonNull Signal>> signalsOfInitiatives(@Source List<Initiative> initiatives)
            throws UpstreamUnavailableException {
        return signals.openOfInitiatives(initiatives);
    }
}
