package org.throughline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;
import org.throughline.testing.GraphQLWebSocket;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A front end follows an initiative's milestones: each change arrives with what changed and the milestone after it. */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan_live"))
class MilestoneSubscriptionTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TestHTTPResource("/graphql")
    URI graphql;

    @Test
    void aSubscriberToAnInitiativeReceivesEachChangeOfItsMilestonesWithWhatChangedAndNothingOfOtherInitiatives() {
        String followed = PlanFixture.createInitiative("Followed programme", "cio");
        String followedLane = PlanFixture.addWorkstream(followed, "Followed lane", "SALES", "it-lead");
        String milestone = PlanFixture.addMilestone(followedLane, "Followed cut-over", "2027-03-01", null, "it-lead");
        String other = PlanFixture.createInitiative("Other programme", "cio");
        String otherLane = PlanFixture.addWorkstream(other, "Other lane", "SALES", "it-lead");
        String otherMilestone = PlanFixture.addMilestone(otherLane, "Other cut-over", "2027-03-01", null, "it-lead");
        URI socket = URI.create(graphql.toString().replaceFirst("^http", "ws"));
        try (GraphQLWebSocket subscriber = GraphQLWebSocket.open(socket, Map.of()).init(Map.of(), WITHIN)) {
            subscriber.subscribe("plan", """
                    subscription Followed($initiative: ID) {
                      milestoneEvents(filter: { initiativeId: $initiative }) {
                        change changedBy reason changes { field before after }
                        milestone { id title health workstream { name } }
                      }
                    }
                    """, Map.of("initiative", followed));
            subscriber.awaitStarted(() -> PlanFixture.updateMilestone(milestone, PlanFixture.versionOf(milestone),
                    Map.of("scope", "Probe " + System.nanoTime()), null).body("errors", nullValue()), WITHIN);
            PlanFixture.updateMilestone(otherMilestone, PlanFixture.versionOf(otherMilestone), Map.of("health", "RED"),
                    null).body("errors", nullValue());
            PlanFixture.updateMilestone(milestone, PlanFixture.versionOf(milestone), Map.of("health", "AMBER"),
                    "Vendor late").body("errors", nullValue());

            JsonNode message = subscriber.next(WITHIN);
            while (message.at("/payload/data/milestoneEvents/changes/0/field").asText().equals("scope")) {
                message = subscriber.next(WITHIN);   // a change that started the subscription
            }
            assertEquals("next", message.get("type").asText(), message.toString());
            JsonNode event = message.at("/payload/data/milestoneEvents");
            assertEquals(milestone, event.at("/milestone/id").asText(), "the other initiative's change was not sent: " + message);
            assertEquals("CHANGED", event.get("change").asText());
            assertEquals("Vendor late", event.get("reason").asText());
            assertEquals("health", event.at("/changes/0/field").asText());
            assertEquals("AMBER", event.at("/changes/0/after").asText());
            assertEquals("AMBER", event.at("/milestone/health").asText());
            assertEquals("Followed lane", event.at("/milestone/workstream/name").asText());
        }
    }
}
