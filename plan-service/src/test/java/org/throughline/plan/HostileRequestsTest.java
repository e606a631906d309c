package org.throughline.plan;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.throughline.testing.EmbeddedPostgresResource;
import org.throughline.testing.HostileRequests;

import java.util.List;

/**
 * The gateway's hostile suite sent straight to a subgraph, as anything inside the cluster can: every request is
 * answered as the gateway answers it, refused with the same code in our words or answered correctly. The guard is
 * subgraph-support's, so kpi-service and governance-service have it too.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class HostileRequestsTest {

    static List<HostileRequests.Case> cases() {
        return HostileRequests.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachHostileRequestIsRefusedWithTheGatewaysCodeOrAnsweredCorrectly(HostileRequests.Case hostile) {
        HostileRequests.assertHandled(hostile);
    }
}
