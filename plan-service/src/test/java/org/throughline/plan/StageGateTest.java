package org.throughline.plan;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.plan.PlanFixture.addMilestone;
import static org.throughline.plan.PlanFixture.addWorkstream;
import static org.throughline.plan.PlanFixture.createInitiative;
import static org.throughline.plan.PlanFixture.updateMilestone;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class StageGateTest {

    private static String milestone(String title) {
        String initiative = createInitiative("Gates " + title, "cio");
        return addMilestone(addWorkstream(initiative, "Lane", "IT", "it-lead"), title, "2026-10-01", null, "it-lead");
    }

    private static io.restassured.response.ValidatableResponse prove(String id, int version) {
        return graphql("""
                mutation Prove($id: ID!, $version: Int!) {
                  proveMilestoneEffect(id: $id, version: $version,
                                       evidence: "Signed off by head-of-sales and cfo") { stageGate version }
                }
                """, Map.of("id", id, "version", version));
    }

    @Test
    void theGateMovesOneStepForwardWithoutAReason() {
        String id = milestone("Pricing rules catalogue");
        updateMilestone(id, 0, Map.of("stageGate", "PLANNED"), null)
                .body("errors", nullValue()).body("data.updateMilestone.stageGate", equalTo("PLANNED"));
        updateMilestone(id, 1, Map.of("stageGate", "DECIDED"), null)
                .body("errors", nullValue()).body("data.updateMilestone.stageGate", equalTo("DECIDED"));
        updateMilestone(id, 2, Map.of("stageGate", "IMPLEMENTED"), null)
                .body("errors", nullValue()).body("data.updateMilestone.stageGate", equalTo("IMPLEMENTED"));
    }

    @Test
    void skippingAStepOrGoingBackNeedsAReason() {
        String id = milestone("Quote workflow");
        updateMilestone(id, 0, Map.of("stageGate", "DECIDED"), null)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("reason-required"))
                .body("errors[0].message", containsString("IDENTIFIED to DECIDED"));
        updateMilestone(id, 0, Map.of("stageGate", "DECIDED"), "Board decided it in the budget round")
                .body("errors", nullValue()).body("data.updateMilestone.stageGate", equalTo("DECIDED"));
        updateMilestone(id, 1, Map.of("stageGate", "PLANNED"), null)
                .body("errors[0].extensions.code", equalTo("reason-required"));
        updateMilestone(id, 1, Map.of("stageGate", "PLANNED"), "Decision reopened: scope unclear")
                .body("errors", nullValue()).body("data.updateMilestone.stageGate", equalTo("PLANNED"));
    }

    @Test
    void effectProvenCannotBeSetByAPlanChangeEvenWithAReason() {
        String id = milestone("Price lists in ERP");
        updateMilestone(id, 0, Map.of("stageGate", "EFFECT_PROVEN"), "IT says it works")
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("effect-proof-reserved"))
                .body("errors[0].extensions.field", equalTo("stageGate"));

        String lane = addWorkstream(createInitiative("Gates at creation", "cio"), "Lane", "IT", "it-lead");
        graphql("""
                mutation Born($lane: ID!) {
                  addMilestone(milestone: { workstreamId: $lane, title: "Born proven", baselineFinish: "2026-10-01",
                                            accountableOwner: "it-lead", stageGate: EFFECT_PROVEN }) { id }
                }
                """, variables("lane", lane))
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("effect-proof-reserved"));
    }

    @Test
    void governancesSeamProvesTheEffectOfAnImplementedMilestoneOnly() {
        String id = milestone("Discount approval");
        prove(id, 0)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("invalid-plan"))
                .body("errors[0].message", containsString("Only an IMPLEMENTED milestone"));

        updateMilestone(id, 0, Map.of("stageGate", "IMPLEMENTED", "deliveryStatus", "DELIVERED"), "Delivered in one go")
                .body("errors", nullValue());
        prove(id, 0).body("errors[0].extensions.code", equalTo("version-conflict"));
        prove(id, 1)
                .body("errors", nullValue())
                .body("data.proveMilestoneEffect.stageGate", equalTo("EFFECT_PROVEN"))
                .body("data.proveMilestoneEffect.version", equalTo(2));

        graphql("query Proof($id: ID!) { milestone(id: $id) { revisions { reason changes { field after } } } }",
                Map.of("id", id))
                .body("data.milestone.revisions[2].reason", equalTo("Signed off by head-of-sales and cfo"))
                .body("data.milestone.revisions[2].changes[0].field", equalTo("stageGate"))
                .body("data.milestone.revisions[2].changes[0].after", equalTo("EFFECT_PROVEN"));
    }

    @Test
    void theSeamIsHiddenFromTheApiThatClientsSee() {
        graphql("{ _service { sdl } }", Map.of())
                .body("data._service.sdl", org.hamcrest.Matchers.matchesRegex(
                        "(?s).*proveMilestoneEffect\\(.*?\\): Milestone! @federation__inaccessible.*"));
    }
}
