package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.schema.idl.RuntimeWiring;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.throughline.gateway.supergraph.SupergraphException;
import org.throughline.gateway.supergraph.SupergraphReader;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Federation's authorization directives, enforced by the gateway over real HTTP: {@code @authenticated},
 * {@code @requiresScopes} and {@code @policy} on fields and on types, composed from the subgraphs into the
 * supergraph. A field the caller may not see is never asked of a subgraph; it is null, with an error at its path.
 */
class AuthorizationDirectivesOverHttpTest {

    @RegisterExtension
    static final FederatedSubgraphs SUBGRAPHS = new FederatedSubgraphs();
    private static TestSubgraph accounts;
    private static TestSubgraph payroll;

    private static final List<Map<String, Object>> EMPLOYEES = List.of(
            Map.of("__typename", "Employee", "id", "e1", "name", "Ada", "email", "ada@example.com", "salaryBand", "B3"),
            Map.of("__typename", "Employee", "id", "e2", "name", "Grace", "email", "grace@example.com", "salaryBand", "B4"));

    @BeforeAll
    static void startSubgraphs() throws Exception {
        accounts = SUBGRAPHS.start("accounts", """
                type Employee @key(fields: "id") {
                  id: ID!
                  name: String!
                  email: String @authenticated
                  salaryBand: String @requiresScopes(scopes: [["hr:read"]])
                }
                type Query {
                  employees: [Employee!]!
                  me: Employee @authenticated
                  employee(id: ID!): Employee @policy(policies: [["hr-admin"]])
                }
                type Mutation { hire(name: String!): Employee @policy(policies: [["hr-admin"]]) }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("employees", env -> EMPLOYEES)
                        .dataFetcher("me", env -> EMPLOYEES.get(0))
                        .dataFetcher("employee", env -> EMPLOYEES.stream()
                                .filter(e -> e.get("id").equals(env.getArgument("id"))).findFirst().orElse(null)))
                .type("Mutation", type -> type.dataFetcher("hire", env -> Map.of("__typename", "Employee", "id", "e3",
                        "name", env.getArgument("name"))))
                .build(), representation -> EMPLOYEES.stream()
                .filter(e -> e.get("id").equals(representation.get("id"))).findFirst().orElse(null));
        payroll = SUBGRAPHS.start("payroll", """
                type Employee @key(fields: "id") {
                  id: ID!
                  salary: Int! @policy(policies: [["payroll"], ["finance-admin"]])
                  payslips: [Payslip!]!
                }
                type Payslip @policy(policies: [["payroll"]]) { month: String! amount: Int! }
                """, RuntimeWiring.newRuntimeWiring()
                .type("Employee", type -> type.dataFetcher("salary", env -> 5000)
                        .dataFetcher("payslips", env -> List.of(Map.of("month", "2026-10", "amount", 5000))))
                .build(), representation -> Map.of("__typename", "Employee", "id", representation.get("id")));
        SUBGRAPHS.compose();
    }

    private static Caller signedIn(Set<String> scopes, Set<String> policies) {
        return Caller.signedIn(scopes, policies);
    }

    private static List<String> codes(JsonNode response) {
        return response.path("errors").findValuesAsText("code");
    }

    private static List<String> paths(JsonNode response) {
        return response.path("errors").findValues("path").stream().map(JsonNode::toString).toList();
    }

    private static String asked(TestSubgraph subgraph) {
        return subgraph.requests().stream().map(request -> String.valueOf(request.get("query"))).toList().toString();
    }

    @Test
    void compositionCarriesTheDirectivesIntoTheSupergraphWithTheirSecurityLinks() {
        String sdl = SUBGRAPHS.supergraph().sdl();
        assertTrue(sdl.contains("@link(url: \"https://specs.apollo.dev/authenticated/v0.1\", for: SECURITY)"), sdl);
        assertTrue(sdl.contains("@link(url: \"https://specs.apollo.dev/requiresScopes/v0.1\", for: SECURITY)"), sdl);
        assertTrue(sdl.contains("@link(url: \"https://specs.apollo.dev/policy/v0.1\", for: SECURITY)"), sdl);
        assertTrue(sdl.contains("@policy(policies: [[\"payroll\"], [\"finance-admin\"]])"), sdl);
        assertTrue(sdl.contains("type Payslip") && sdl.contains("@policy(policies: [[\"payroll\"]])"), sdl);
        // The directives are the gateway's business: clients do not see them, nor their scalars, in the API schema.
        assertTrue(SUBGRAPHS.supergraph().apiSchema().getType("policy__Policy") == null);
    }

    @Test
    void anAnonymousCallerGetsThePublicFieldsAndUnauthenticatedAtTheOthers() throws Exception {
        JsonNode response = SUBGRAPHS.executeAs(Caller.ANONYMOUS, "{ employees { name email } me { name } }");

        assertEquals("Ada", response.at("/data/employees/0/name").asText());
        assertTrue(response.at("/data/employees/0/email").isNull());
        assertTrue(response.at("/data/me").isNull());
        assertEquals(List.of("UNAUTHENTICATED", "UNAUTHENTICATED"), codes(response));
        assertEquals(List.of("[\"employees\",\"email\"]", "[\"me\"]"), paths(response));
        assertFalse(asked(accounts).contains("email"), asked(accounts));
        assertFalse(asked(accounts).matches("(?s).*\\bme\\b.*"), asked(accounts));
    }

    @Test
    void aSignedInCallerWithoutTheScopeIsForbiddenTheFieldAndWithItGetsIt() throws Exception {
        JsonNode without = SUBGRAPHS.executeAs(signedIn(Set.of("profile"), Set.of()),
                "{ employees { name email salaryBand } }");
        assertEquals("ada@example.com", without.at("/data/employees/0/email").asText());
        assertTrue(without.at("/data/employees/1/salaryBand").isNull());
        assertEquals(List.of("FORBIDDEN"), codes(without));
        assertTrue(without.at("/errors/0/message").asText().contains("Employee.salaryBand"), without.toString());
        assertTrue(without.at("/errors/0/message").asText().contains("hr:read"), without.toString());

        JsonNode with = SUBGRAPHS.executeAs(signedIn(Set.of("profile", "hr:read"), Set.of()),
                "{ employees { salaryBand } }");
        assertTrue(with.path("errors").isMissingNode(), with.toString());
        assertEquals("B4", with.at("/data/employees/1/salaryBand").asText());
    }

    @Test
    void anyOneOfThePolicyAlternativesOpensTheFieldAndWithoutThemTheSubgraphIsNotAsked() throws Exception {
        JsonNode finance = SUBGRAPHS.executeAs(signedIn(Set.of(), Set.of("finance-admin")), "{ me { name salary } }");
        assertEquals(5000, finance.at("/data/me/salary").asInt(), finance.toString());

        SUBGRAPHS.forgetRequests();
        JsonNode nobody = SUBGRAPHS.executeAs(signedIn(Set.of(), Set.of("hr-admin")), "{ me { name salary } }");
        // salary is non-null: taken out, its null reaches the nearest nullable parent, me.
        assertTrue(nobody.at("/data/me").isNull(), nobody.toString());
        assertEquals(List.of("FORBIDDEN"), codes(nobody));
        assertEquals(List.of("[\"me\",\"salary\"]"), paths(nobody));
        assertTrue(payroll.requests().isEmpty(), asked(payroll));
    }

    @Test
    void aRuleOnATypeGuardsEveryFieldThatReturnsIt() throws Exception {
        JsonNode response = SUBGRAPHS.executeAs(signedIn(Set.of(), Set.of("finance-admin")),
                "{ employees { name payslips { month } } }");
        assertEquals(List.of("FORBIDDEN"), codes(response));
        assertEquals(List.of("[\"employees\",\"payslips\"]"), paths(response));

        JsonNode payrollClerk = SUBGRAPHS.executeAs(signedIn(Set.of(), Set.of("payroll")),
                "{ employees { payslips { month amount } } }");
        assertEquals("2026-10", payrollClerk.at("/data/employees/0/payslips/0/month").asText(), payrollClerk.toString());
    }

    @Test
    void aForbiddenMutationIsNeverSentToItsSubgraph() throws Exception {
        JsonNode response = SUBGRAPHS.executeAs(signedIn(Set.of(), Set.of("payroll")),
                "mutation { hire(name: \"Linus\") { id } }");
        assertTrue(response.at("/data/hire").isNull(), response.toString());
        assertEquals(List.of("FORBIDDEN"), codes(response));
        assertEquals(List.of("[\"hire\"]"), paths(response));
        assertTrue(accounts.requests().isEmpty(), asked(accounts));

        JsonNode allowed = SUBGRAPHS.executeAs(signedIn(Set.of(), Set.of("hr-admin")),
                "mutation { hire(name: \"Linus\") { id } }");
        assertEquals("e3", allowed.at("/data/hire/id").asText(), allowed.toString());
    }

    @Test
    void aFieldRefusedInsideAFragmentIsTakenOutWhereverTheFragmentIsSpread() throws Exception {
        JsonNode response = SUBGRAPHS.executeAs(signedIn(Set.of(), Set.of()), """
                { employees { ...Card } boss: me { ...Card } }
                fragment Card on Employee { name salaryBand }
                """);
        assertEquals("Grace", response.at("/data/employees/1/name").asText(), response.toString());
        assertTrue(response.at("/data/boss/salaryBand").isNull());
        assertEquals(List.of("[\"employees\",\"salaryBand\"]", "[\"boss\",\"salaryBand\"]"), paths(response));
    }

    @Test
    void onTheSupergraphApollosCompositionMadeEveryCallerGetsTheSameAnswers() throws Exception {
        String sdl;
        try (var in = getClass().getResourceAsStream("/supergraph/apollo-composed/authorization.graphql")) {
            sdl = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("http://accounts.invalid/graphql", accounts.url())
                    .replace("http://payroll.invalid/graphql", payroll.url());
        }
        // As Apollo composes subgraphs that name the directive federation__policy (SmallRye's do), renamed on import.
        String renamed = sdl.replace("@link(url: \"https://specs.apollo.dev/policy/v0.1\", for: SECURITY)",
                        "@link(url: \"https://specs.apollo.dev/policy/v0.1\", for: SECURITY, "
                                + "import: [{name: \"@policy\", as: \"@federation__policy\"}])")
                .replace("@policy(", "@federation__policy(");
        for (String supergraph : List.of(sdl, renamed)) {
            Gateway apollos = new Gateway(SupergraphReader.read(supergraph),
                    new VertxSubgraphTransport(SUBGRAPHS.vertx(), FederatedSubgraphs.JSON,
                            subgraph -> java.time.Duration.ofSeconds(5)), Set.of());
            for (Caller caller : List.of(Caller.ANONYMOUS, signedIn(Set.of(), Set.of()),
                    signedIn(Set.of("hr:read"), Set.of("payroll")), signedIn(Set.of(), Set.of("finance-admin")))) {
                String query = "{ employees { name email salaryBand salary payslips { month } } me { salary } }";
                JsonNode theirs = FederatedSubgraphs.JSON.valueToTree(apollos.execute(
                        new GraphQLRequest(query, null, Map.of()), Map.of(), false, caller)
                        .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS));
                assertEquals(SUBGRAPHS.executeAs(caller, query), theirs, caller.toString());
            }
        }
    }

    @Test
    void aVariableLeftUnusedByARefusedFieldDoesNotBreakWhatIsStillAsked() throws Exception {
        String query = "query Find($id: ID!) { employees { name } employee(id: $id) { name } }";
        JsonNode refused = FederatedSubgraphs.JSON.valueToTree(SUBGRAPHS.gateway().execute(
                new GraphQLRequest(query, "Find", Map.of("id", "e2")), Map.of(), false, signedIn(Set.of(), Set.of()))
                .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("Ada", refused.at("/data/employees/0/name").asText(), refused.toString());
        assertTrue(refused.at("/data/employee").isNull());
        assertEquals(List.of("FORBIDDEN"), codes(refused));

        JsonNode allowed = FederatedSubgraphs.JSON.valueToTree(SUBGRAPHS.gateway().execute(
                new GraphQLRequest(query, "Find", Map.of("id", "e2")), Map.of(), false,
                signedIn(Set.of(), Set.of("hr-admin"))).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("Grace", allowed.at("/data/employee/name").asText(), allowed.toString());
    }

    @Test
    void withSecurityOffTheDirectivesAreNotEnforced() throws Exception {
        JsonNode response = SUBGRAPHS.executeAs(Caller.UNCHECKED, "{ me { email salaryBand salary } }");
        assertTrue(response.path("errors").isMissingNode(), response.toString());
        assertEquals(5000, response.at("/data/me/salary").asInt());
    }

    @Test
    void aSupergraphThatLinksASecurityOrExecutionFeatureTheGatewayLacksIsRefused() {
        String sdl = SUBGRAPHS.supergraph().sdl();
        for (String link : List.of(
                "@link(url: \"https://specs.apollo.dev/contoso-masking/v0.1\", for: SECURITY)",
                "@link(url: \"https://specs.apollo.dev/policy/v0.2\", for: SECURITY)",
                "@link(url: \"https://specs.apollo.dev/context/v0.1\", for: EXECUTION)",
                "@link(url: \"https://example.com/rate-limits/v1.0\", for: EXECUTION)")) {
            String linked = sdl.replaceFirst("schema\n", "schema\n  " + java.util.regex.Matcher.quoteReplacement(link) + "\n");
            SupergraphException refused = assertThrows(SupergraphException.class, () -> SupergraphReader.read(linked));
            assertTrue(refused.getMessage().contains("does not implement"), refused.getMessage());
        }
        // A feature linked without a purpose (tag, for example) only annotates: the supergraph is served.
        SupergraphReader.read(sdl.replaceFirst("schema\n", "schema\n  @link(url: \"https://specs.apollo.dev/tag/v0.3\")\n"));
    }
}
