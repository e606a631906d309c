package org.throughline.gateway.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.idl.RuntimeWiring;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.throughline.gateway.supergraph.Supergraph;
import org.throughline.gateway.supergraph.SupergraphException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Composition from live subgraphs' {@code _service { sdl }}, as printed by Apollo's graphql-java subgraph library. */
class SupergraphCompositionTest {

    private static Vertx vertx;
    private static TestSubgraph accounts;
    private static TestSubgraph reviews;
    private static SupergraphComposition composition;

    @BeforeAll
    static void startSubgraphs() throws Exception {
        vertx = Vertx.vertx();
        accounts = TestSubgraph.start(vertx, "accounts", """
                type User @key(fields: "id") { id: ID! name: String }
                type Query { me: User }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> null);
        reviews = TestSubgraph.start(vertx, "reviews", """
                type User @key(fields: "id") { id: ID! reviewCount: Int }
                type Query { topReviewers: [User] }
                """, RuntimeWiring.newRuntimeWiring().build(), representation -> null);
        VertxSubgraphTransport transport = new VertxSubgraphTransport(vertx, new ObjectMapper(),
                subgraph -> Duration.ofSeconds(5));
        composition = new SupergraphComposition(transport, Map.of("accounts", accounts.url(), "reviews", reviews.url()));
    }

    @AfterAll
    static void stopSubgraphs() throws Exception {
        accounts.close();
        reviews.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void restoreSchemas() {
        reviews.sdlOverride = null;
        reviews.failWithStatus = 0;
    }

    @Test
    void subgraphsComposeIntoASupergraphThatKnowsWhoResolvesWhat() throws Exception {
        Supergraph supergraph = refresh(null).orElseThrow();

        assertEquals(List.of("REVIEWS"), supergraph.graphsResolving("User", "reviewCount"));
        assertEquals(List.of("ACCOUNTS"), supergraph.graphsResolving("Query", "me"));
        assertEquals(reviews.url(), supergraph.subgraph("REVIEWS").url());
    }

    @Test
    void unchangedSubgraphsLeaveTheServedSupergraphAsItIs() throws Exception {
        Supergraph served = refresh(null).orElseThrow();

        assertEquals(Optional.empty(), refresh(served));
    }

    @Test
    void changedSubgraphSchemaYieldsANewSupergraph() throws Exception {
        Supergraph served = refresh(null).orElseThrow();
        reviews.sdlOverride = reviews.schema().sdl().replace("reviewCount: Int", "reviewCount: Int averageRating: Float");

        Supergraph changed = refresh(served).orElseThrow();

        assertEquals(List.of("REVIEWS"), changed.graphsResolving("User", "averageRating"));
    }

    @Test
    void schemaThatNoLongerComposesIsAFailureNamingTheConflict() {
        reviews.sdlOverride = reviews.schema().sdl().replace("reviewCount: Int", "reviewCount: Int name: String");

        ExecutionException failure = assertThrows(ExecutionException.class, () -> refresh(null));

        assertInstanceOf(SupergraphException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("field User.name is resolved by subgraphs accounts and reviews"),
                failure.getCause().getMessage());
    }

    @Test
    void unreachableSubgraphIsAFailureNamingIt() {
        reviews.failWithStatus = 502;

        ExecutionException failure = assertThrows(ExecutionException.class, () -> refresh(null));

        assertTrue(failure.getCause().getMessage().contains("subgraph reviews"), failure.getCause().getMessage());
    }

    private static Optional<Supergraph> refresh(Supergraph current) throws Exception {
        return composition.refresh(current).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
