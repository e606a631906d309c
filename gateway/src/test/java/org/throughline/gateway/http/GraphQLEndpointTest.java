package org.throughline.gateway.http;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.context.SmallRyeThreadContext;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's HTTP edge, serving an Apollo-composed supergraph (join v0.3) read from a file. */
@QuarkusTest
class GraphQLEndpointTest {

    @Test
    void theStepsOfEachRequestAreNotWrappedForContextPropagation() {
        // The thread context Mutiny's interceptor wraps each step of a request's authentication in: with an empty
        // plan, SmallRye hands every step back as it is and captures nothing (it was 30% of the gateway's
        // allocation under the one-subgraph benchmark query).
        assertTrue(SmallRyeThreadContext.getCurrentThreadContextOrDefaultContexts().getPlan().isEmpty());
    }

    @Test
    void queryPlanIsInTheExtensionsWhenTheClientAsksAndPlansAreExposed() {
        given().contentType(ContentType.JSON).header("X-Throughline-Query-Plan", "true")
                .body(Map.of("query", "{ topProducts { name inStock } }"))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("extensions.queryPlan", containsString("Fetch(service: \"PRODUCTS\") { {topProducts{name __typename upc}} }"))
                .body("extensions.queryPlan", containsString(
                        "Fetch(service: \"INVENTORY\", entities: topProducts.@ Product {__typename upc})"));
    }

    @Test
    void aPostThatIsNotJsonIsRefusedSoThatNoCrossSiteFormCanRunAnOperation() {
        given().contentType("text/plain").body("{\"query\": \"mutation { __typename }\"}")
                .when().post("/graphql")
                .then().statusCode(415)
                .body("errors[0].extensions.code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        given().contentType("application/x-www-form-urlencoded").formParam("query", "{ __typename }")
                .when().post("/graphql")
                .then().statusCode(415);
    }

    @Test
    void graphiqlAnswersWithAndWithoutItsTrailingSlash() {
        given().redirects().follow(false).when().get("/graphql-ui")
                .then().statusCode(302).header("Location", org.hamcrest.Matchers.endsWith("/graphql-ui/"));
        given().when().get("/graphql-ui/").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsStringIgnoringCase("graphiql"));
    }

    @Test
    void graphiqlIsThroughlinesAndOpensWithTheFiveExecutiveQuestions() {
        given().when().get("/graphql-ui/").then().statusCode(200)
                .body(containsString("<title>Throughline · GraphQL</title>"))
                .body(containsString("throughline.js"));
        String script = given().when().get("/graphql-ui/throughline.js").then().statusCode(200).extract().asString();
        for (String[] question : new String[][]{{"1-initiative-cockpit.graphql", "query InitiativeCockpit"},
                {"2-business-function.graphql", "query BusinessFunctionKpis"}, {"3-person.graphql",
                "query PersonAccountability"}, {"4-initiative-as-of.graphql", "query InitiativeAsOf"},
                {"5-open-signals.graphql", "query OpenSignals"}}) {
            org.junit.jupiter.api.Assertions.assertTrue(script.contains(question[0]), question[0]);
            given().when().get("/graphql-ui/queries/" + question[0]).then().statusCode(200)
                    .body(containsString(question[1]));
        }
    }

    @Test
    void queryPlanIsLeftOutWhenNotAskedFor() {
        given().contentType(ContentType.JSON).body(Map.of("query", "{ topProducts { name } }"))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("extensions", nullValue());
    }

    @Test
    void unreachableSubgraphIsAGraphqlErrorWithPartialDataNotAServerError() {
        given().contentType(ContentType.JSON).body(Map.of("query", "{ topProducts { upc } }"))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("data.topProducts", nullValue())
                .body("errors[0].extensions.code", equalTo("SUBREQUEST_HTTP_ERROR"))
                .body("errors[0].extensions.service", equalTo("products"));
    }

    @Test
    void inaccessibleFieldIsNotPartOfTheApi() {
        given().contentType(ContentType.JSON).body(Map.of("query", "{ topProducts { cost } }"))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"));
        given().contentType(ContentType.JSON)
                .body(Map.of("query", "{ __type(name: \"Product\") { fields { name } } }"))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("data.__type.fields.name", hasItem("inStock"))
                .body("data.__type.fields.name", not(hasItem("cost")));
    }

    @Test
    void livenessReportsTheOperationPreparationWorkers() {
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'operation preparation' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'operation preparation' }.data.workers",
                        org.hamcrest.Matchers.greaterThanOrEqualTo(4));
    }

    @Test
    void aGetWhoseVariablesAreNotAJsonObjectIsABadRequestSayingWhy() {
        given().header("apollo-require-preflight", "true").queryParam("query", "{ __typename }")
                .queryParam("variables", "{\"n\": 1, \"n\": 2}")
                .when().get("/graphql")
                .then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("BAD_REQUEST"))
                .body("errors[0].message", containsString("the variables parameter names \"n\" twice"));
    }

    @Test
    void malformedBodyIsABadRequestWithACode() {
        given().contentType(ContentType.JSON).body("{ not json")
                .when().post("/graphql")
                .then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
        given().contentType(ContentType.JSON).body(Map.of("query", 42))
                .when().post("/graphql")
                .then().statusCode(400)
                .body("errors[0].extensions.code", equalTo("BAD_REQUEST"));
    }

    @Test
    void unparsableQueryIsAParseErrorWithItsLocation() {
        given().contentType(ContentType.JSON).body(Map.of("query", "{ topProducts { "))
                .when().post("/graphql")
                .then().statusCode(200)
                .body("errors[0].extensions.code", equalTo("GRAPHQL_PARSE_FAILED"))
                .body("errors[0].locations[0].line", equalTo(1));
    }

    @Test
    void mutationSentWithGetIsRefused() {
        given().queryParam("query", "mutation { renameProduct(upc: \"1\", name: \"x\") { upc } }")
                .header("apollo-require-preflight", "true")
                .when().get("/graphql")
                .then().statusCode(405)
                .body("errors[0].extensions.code", equalTo("MUTATION_NOT_ALLOWED"));
    }

    @Test
    void queryMayBeSentWithGetWithAHeaderThatABrowserSendsOnlyAfterAPreflight() {
        given().queryParam("query", "{ __schema { queryType { name } } }")
                .header("apollo-require-preflight", "true")
                .when().get("/graphql")
                .then().statusCode(200)
                .body("data.__schema.queryType.name", equalTo("Query"));
        given().queryParam("query", "{ __schema { queryType { name } } }").contentType(ContentType.JSON)
                .when().get("/graphql")
                .then().statusCode(200);
    }

    @Test
    void aGetThatAnyPageCouldSendIsRefusedAsAPossibleCrossSiteRequestForgery() {
        given().queryParam("query", "{ __schema { queryType { name } } }")
                .when().get("/graphql")
                .then().statusCode(400)
                .body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("CSRF_ERROR"))
                .body("errors[0].message", containsString("apollo-require-preflight"));
    }

    @Test
    void onlyTheConfiguredOriginsMayCallTheGatewayFromABrowserPage() {
        given().header("Origin", "https://cockpit.example.com").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,authorization")
                .when().options("/graphql")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://cockpit.example.com"));
        given().header("Origin", "https://evil.example.net").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,authorization")
                .when().options("/graphql")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    /** Gateway.prepareUncached asserts it is off the event loop; with assertions on, a breach would be a 500 here. */
    @Test
    void newOperationsArePreparedOffTheEventLoopAndPreparedOnesRunOnIt() {
        org.junit.jupiter.api.Assertions.assertTrue(GraphQLEndpointTest.class.desiredAssertionStatus(),
                "the tests run with assertions on");
        for (int i = 0; i < 3; i++) {
            for (int fresh = 0; fresh < 5; fresh++) {
                given().contentType(ContentType.JSON).body(Map.of("query", "query Fresh" + fresh + " { __typename }"))
                        .when().post("/graphql")
                        .then().statusCode(200)
                        .body("data.__typename", equalTo("Query"));
            }
        }
    }

    @Test
    void prometheusMetricsCountOperationsByNameAndOutcome() {
        given().contentType(ContentType.JSON).body(Map.of("query", "query MetricsProbe { __typename }",
                        "operationName", "MetricsProbe"))
                .when().post("/graphql")
                .then().statusCode(200);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("throughline_gateway_operations_seconds_count{operation=\"MetricsProbe\","
                        + "outcome=\"ok\"}"))
                .body(containsString("throughline_gateway_operations_seconds_bucket{operation=\"MetricsProbe\""))
                .body(containsString("throughline_gateway_operation_cache_total{result=\"miss\"}"));
    }

    @Test
    void aBodyBeyondTheLimitIsRefusedWithItsOwnCode() {
        String large = "{ topProducts { upc } }" + " ".repeat(3 * 1024 * 1024);
        given().contentType(ContentType.JSON).body(Map.of("query", large))
                .when().post("/graphql")
                .then().statusCode(413)
                .body("errors[0].extensions.code", equalTo("REQUEST_TOO_LARGE"));
    }

    @Test
    void graphqlResponseMediaTypeIsHonouredWithStatusCodesForRequestErrors() {
        given().contentType(ContentType.JSON).accept("application/graphql-response+json")
                .body(Map.of("query", "{ topProducts { nonsense } }"))
                .when().post("/graphql")
                .then().statusCode(400)
                .contentType(containsString("application/graphql-response+json"));
    }

    @Test
    void browserIsSentToGraphiqlAndTheGatewayIsReady() {
        given().redirects().follow(false).accept("text/html")
                .when().get("/graphql")
                .then().statusCode(302)
                .header("Location", containsString("/graphql-ui/"));
        given().when().get("/graphql-ui/").then().statusCode(200).body(containsString("graphiql"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servedSupergraphCanBeReadBackWhenExposed() {
        given().when().get("/supergraph")
                .then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("@join__graph(name: \"inventory\""))
                .body(containsString("type Product"));
    }
}
