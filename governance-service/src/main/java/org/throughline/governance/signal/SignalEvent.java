package org.throughline.governance.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;
import org.throughline.subgraph.StoredJson;
import org.throughline.subgraph.events.OutboxEvent;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** A signal episode raised, changed or cleared, as a subscriber receives it. */
@Type("SignalEvent")
@Description("A signal episode raised, changed (its severity or figures) or cleared, at the moment it happened. The "
        + "signal names its initiative, milestone and KPI, so that their fields can be asked for alongside.")
public class SignalEvent {

    /** What happened to the episode. */
    public enum Change {
        RAISED, CHANGED, CLEARED
    }

    @NonNull
    public Change change;

    @NonNull
    @Description("The episode as it stands after the change.")
    public Signal signal;

    @Description("The user id of the person accountable for what the signal is about (the owner of its milestone, "
            + "KPI, commitment or initiative; the initiative's owner when the item has none), as the evaluation read "
            + "them.")
    public String accountableOwner;

    @NonNull
    @Id
    @Description("The initiatives whose signals include it, as Initiative.signals lists them: the initiative it names, "
            + "and for a signal about a KPI, every initiative with a milestone tethered to that KPI.")
    public List<@NonNull String> initiativeIds;

    @NonNull
    @Description("When the change was recorded.")
    public OffsetDateTime at;

    @NonNull
    @Description("Where the change stands in governance's event feed.")
    public String position;

    /** The subscriber's view of an event of governance's outbox about a signal. */
    public static SignalEvent of(OutboxEvent event, ObjectMapper json) {
        JsonNode payload = StoredJson.read(json, event.payload(), JsonNode.class);
        SignalEvent signalEvent = new SignalEvent();
        signalEvent.change = Change.valueOf(event.type().substring("Signal".length()).toUpperCase(java.util.Locale.ROOT));
        signalEvent.signal = Signal.fromEvent(payload);
        signalEvent.accountableOwner = payload.path("accountableOwner").textValue();
        List<String> initiatives = new ArrayList<>();
        payload.path("initiativeIds").forEach(id -> initiatives.add(id.asText()));
        if (initiatives.isEmpty() && signalEvent.signal.initiativeId != null) {
            initiatives.add(signalEvent.signal.initiativeId); // an event written before initiativeIds were
        }
        signalEvent.initiativeIds = initiatives;
        signalEvent.at = event.occurredAt().atOffset(java.time.ZoneOffset.UTC);
        signalEvent.position = event.position().toString();
        return signalEvent;
    }
}
