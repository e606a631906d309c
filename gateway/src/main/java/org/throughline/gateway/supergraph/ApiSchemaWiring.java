package org.throughline.gateway.supergraph;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.GraphQLScalarType;
import graphql.schema.TypeResolver;
import graphql.schema.idl.ScalarInfo;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.ScalarWiringEnvironment;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;

import java.util.Locale;

/**
 * Wiring for the API schema, which the gateway validates and introspects but never executes against: custom
 * scalars accept any value (the subgraph that owns the scalar judges it), abstract types are never resolved here.
 */
final class ApiSchemaWiring implements WiringFactory {

    private static final Coercing<Object, Object> PASS_THROUGH = new Coercing<>() {
        @Override
        public Object serialize(Object value, GraphQLContext context, Locale locale) {
            return value;
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            return input;
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            return input;
        }
    };

    private static final TypeResolver UNRESOLVED = environment -> null;

    @Override
    public boolean providesScalar(ScalarWiringEnvironment environment) {
        return !ScalarInfo.isGraphqlSpecifiedScalar(environment.getScalarTypeDefinition().getName());
    }

    @Override
    public GraphQLScalarType getScalar(ScalarWiringEnvironment environment) {
        return GraphQLScalarType.newScalar()
                .name(environment.getScalarTypeDefinition().getName())
                .description(environment.getScalarTypeDefinition().getDescription() == null ? null
                        : environment.getScalarTypeDefinition().getDescription().getContent())
                .definition(environment.getScalarTypeDefinition())
                .coercing(PASS_THROUGH)
                .build();
    }

    @Override
    public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
        return true;
    }

    @Override
    public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
        return UNRESOLVED;
    }

    @Override
    public boolean providesTypeResolver(UnionWiringEnvironment environment) {
        return true;
    }

    @Override
    public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
        return UNRESOLVED;
    }
}
