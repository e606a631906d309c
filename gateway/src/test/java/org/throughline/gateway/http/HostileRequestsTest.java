package org.throughline.gateway.http;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.throughline.testing.HostileRequests;

import java.util.List;

/**
 * Every hostile request of the suite the subgraphs are also tested against, over HTTP: refused with its code and a
 * message in our words before anything is fetched, or answered correctly.
 */
@QuarkusTest
class HostileRequestsTest {

    static List<HostileRequests.Case> cases() {
        return HostileRequests.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachHostileRequestIsRefusedWithItsCodeInOurWordsOrAnsweredCorrectly(HostileRequests.Case hostile) {
        HostileRequests.assertHandled(hostile);
    }
}
