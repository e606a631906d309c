package org.throughline.benchmark.differential;

import com.apollographql.federation.graphqljava.Federation;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.UnionTypeDefinition;
import graphql.schema.GraphQLSchema;
import graphql.schema.TypeResolver;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One Federation v2 subgraph of a differential test: its SDL, resolvers over fixed data (maps, read by graphql-java's
 * default property fetcher), and how it finds its entities. Every interface and union resolves its object type from
 * the {@code __typename} the data carries, so the data says what each value is.
 *
 * @param name     the subgraph's name in the supergraph
 * @param sdl      its schema, without the federation {@code @link}, which is added
 * @param wiring   data fetchers beyond the default property fetcher
 * @param entities a representation to its entity (a map with {@code __typename}), or null when it has none
 */
record Subgraph(String name, String sdl, UnaryOperator<RuntimeWiring.Builder> wiring,
                Function<Map<String, Object>, Map<String, Object>> entities) {

    static final String LINK = """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@interfaceObject", "@inaccessible", "@override"])
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The SDL the subgraph serves and composition reads. */
    String fullSdl() {
        return LINK + sdl;
    }

    /** A request body in, a response body out. */
    Function<String, String> handler() {
        TypeDefinitionRegistry registry = new SchemaParser().parse(fullSdl());
        TypeResolver byTypename = env -> env.getSchema().getObjectType(
                (String) ((Map<?, ?>) env.getObject()).get("__typename"));
        RuntimeWiring.Builder builder = RuntimeWiring.newRuntimeWiring();
        registry.getTypes(InterfaceTypeDefinition.class)
                .forEach(type -> builder.type(type.getName(), t -> t.typeResolver(byTypename)));
        registry.getTypes(UnionTypeDefinition.class)
                .forEach(type -> builder.type(type.getName(), t -> t.typeResolver(byTypename)));
        GraphQLSchema schema = Federation.transform(registry, wiring.apply(builder).build())
                .fetchEntities(env -> env.<List<Map<String, Object>>>getArgument("representations").stream()
                        .map(entities).toList())
                .resolveEntityType(env -> env.getSchema().getObjectType(
                        (String) ((Map<?, ?>) env.getObject()).get("__typename")))
                .build();
        GraphQL graphql = GraphQL.newGraphQL(schema).build();
        return body -> {
            try {
                Map<String, Object> payload = JSON.readValue(body, new TypeReference<>() {
                });
                @SuppressWarnings("unchecked")
                Map<String, Object> variables = payload.get("variables") == null ? Map.of()
                        : (Map<String, Object>) payload.get("variables");
                return JSON.writeValueAsString(graphql.execute(ExecutionInput.newExecutionInput()
                        .query((String) payload.get("query")).variables(variables).build()).toSpecification());
            } catch (IOException e) {
                throw new IllegalArgumentException("not a GraphQL request: " + e.getMessage(), e);
            }
        };
    }
}
