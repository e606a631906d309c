package org.throughline.gateway.execution;

import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.Node;
import graphql.language.NodeTraverser;
import graphql.language.NodeVisitorStub;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.VariableReference;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one operation may ask of the gateway, checked before anything is fetched: tokens (while parsing), depth,
 * aliases and root fields (on the parsed document, before validation, whose cost grows with the square of the
 * fields), and an estimated cost (after validation, when field types are known). Fragments count where they are
 * spread, as often as they are spread, so a small document of fragments spread into each other cannot hide a large
 * operation. The codes are Apollo Router's where it has one.
 *
 * <p>The cost of an operation is its number of fields, where a list field multiplies the cost of what it selects
 * by its expected size: the value of a slicing argument ({@code first}, {@code last}) on the field or on the
 * connection field above it, or else {@code assumedListSize}.
 *
 * @param maxDepth        fields nested in fields, the root fields at depth 1; 0 turns the check off
 * @param maxAliases      aliased fields; 0 turns the check off
 * @param maxRootFields   fields selected on the operation's root type; 0 turns the check off
 * @param maxTokens       lexical tokens of the document (graphql-java's parser stops past it)
 * @param maxCost         the estimated cost; 0 turns the check off
 * @param assumedListSize the size assumed for a list without a slicing argument
 */
public record OperationLimits(int maxDepth, int maxAliases, int maxRootFields, int maxTokens, long maxCost,
                              int assumedListSize) {

    /**
     * Generous for every operation in docs/queries and for the public federation benchmark's nested query (about
     * 108,000), tight enough that no single request can exhaust a service: six lists nested in one another, each
     * assumed ten long, already reach the cost ceiling.
     */
    public static final OperationLimits DEFAULTS = new OperationLimits(15, 30, 20, 15_000, 1_000_000, 10);

    /** Arguments that say how many items a list returns. */
    private static final Set<String> SLICING_ARGUMENTS = Set.of("first", "last");

    public ParserOptions parserOptions() {
        return ParserOptions.getDefaultOperationParserOptions().transform(options -> options
                .maxTokens(maxTokens).captureIgnoredChars(false).captureLineComments(false));
    }

    /** A limit the operation goes beyond: the error's code and message. */
    public record Exceeded(String code, String message) {
    }

    /** The first of depth, aliases and root fields that the operation goes beyond, if any. */
    public Optional<Exceeded> checkShape(Document document, OperationDefinition operation) {
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.putIfAbsent(f.getName(), f));
        Shape shape = new ShapeCounter(fragments).count(operation.getSelectionSet());
        if (maxDepth > 0 && shape.depth > maxDepth) {
            return Optional.of(new Exceeded("MAX_DEPTH_LIMIT", "the operation nests fields " + shape.depth
                    + " deep; at most " + maxDepth + " are allowed"));
        }
        if (maxAliases > 0 && shape.aliases > maxAliases) {
            return Optional.of(new Exceeded("MAX_ALIASES_LIMIT", "the operation has " + atLeast(shape.aliases)
                    + " aliased fields; at most " + maxAliases + " are allowed"));
        }
        long rootFields = new ShapeCounter(fragments).rootFields(operation.getSelectionSet());
        if (maxRootFields > 0 && rootFields > maxRootFields) {
            return Optional.of(new Exceeded("MAX_ROOT_FIELDS_LIMIT", "the operation selects " + atLeast(rootFields)
                    + " root fields; at most " + maxRootFields + " are allowed"));
        }
        return Optional.empty();
    }

    /**
     * The estimated cost, if it is beyond the limit; {@code variables} give the slicing arguments' values. The
     * document must be valid against the schema.
     */
    public Optional<Exceeded> checkCost(GraphQLSchema schema, Map<String, FragmentDefinition> fragments,
                                        OperationDefinition operation, Map<String, Object> variables) {
        if (maxCost <= 0) {
            return Optional.empty();
        }
        GraphQLCompositeType root = switch (operation.getOperation()) {
            case MUTATION -> schema.getMutationType();
            case SUBSCRIPTION -> schema.getSubscriptionType();
            default -> schema.getQueryType();
        };
        double cost = new CostEstimator(schema, fragments, variables).cost(operation.getSelectionSet(), root, null,
                new HashSet<>());
        if (cost > maxCost) {
            return Optional.of(new Exceeded("COST_ESTIMATED_TOO_EXPENSIVE", "the operation's estimated cost is "
                    + atLeast(cost) + "; at most " + maxCost + " is allowed (each field costs 1, a list multiplies "
                    + "what it selects by its first/last argument, or by " + assumedListSize + ")"));
        }
        return Optional.empty();
    }

    /** Whether the cost depends on the request's variables, so that it must be estimated per request. */
    public static boolean costDependsOnVariables(Document document) {
        boolean[] found = {false};
        new NodeTraverser().preOrder(new NodeVisitorStub() {
            @Override
            public TraversalControl visitArgument(Argument node, TraverserContext<Node> context) {
                if (SLICING_ARGUMENTS.contains(node.getName()) && node.getValue() instanceof VariableReference) {
                    found[0] = true;
                }
                return TraversalControl.CONTINUE;
            }
        }, document);
        return found[0];
    }

    private static String atLeast(double value) {
        return value >= Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString((long) value);
    }

    private record Shape(int depth, long aliases) {
    }

    /** Depth and aliases over the selection with fragments spread; each fragment is measured once. */
    private static final class ShapeCounter {
        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Shape> measured = new HashMap<>();
        private final Set<String> measuring = new HashSet<>();

        ShapeCounter(Map<String, FragmentDefinition> fragments) {
            this.fragments = fragments;
        }

        Shape count(SelectionSet selections) {
            int depth = 0;
            long aliases = 0;
            if (selections == null) {
                return new Shape(0, 0);
            }
            for (Selection<?> selection : selections.getSelections()) {
                Shape inner;
                if (selection instanceof Field field) {
                    Shape below = count(field.getSelectionSet());
                    inner = new Shape(below.depth + 1, below.aliases + (field.getAlias() != null ? 1 : 0));
                } else if (selection instanceof InlineFragment inline) {
                    inner = count(inline.getSelectionSet());
                } else if (selection instanceof FragmentSpread spread) {
                    inner = fragment(spread.getName());
                } else {
                    continue;
                }
                depth = Math.max(depth, inner.depth);
                aliases = saturatedAdd(aliases, inner.aliases);
            }
            return new Shape(depth, aliases);
        }

        private Shape fragment(String name) {
            Shape known = measured.get(name);
            if (known != null) {
                return known;
            }
            FragmentDefinition definition = fragments.get(name);
            // An unknown or cyclic spread is invalid; validation says so after this count.
            if (definition == null || !measuring.add(name)) {
                return new Shape(0, 0);
            }
            Shape shape = count(definition.getSelectionSet());
            measuring.remove(name);
            measured.put(name, shape);
            return shape;
        }

        long rootFields(SelectionSet selections) {
            long fields = 0;
            for (Selection<?> selection : selections.getSelections()) {
                if (selection instanceof Field) {
                    fields++;
                } else if (selection instanceof InlineFragment inline) {
                    fields = saturatedAdd(fields, rootFields(inline.getSelectionSet()));
                } else if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())
                        && measuring.add(spread.getName())) {
                    fields = saturatedAdd(fields, rootFields(fragments.get(spread.getName()).getSelectionSet()));
                    measuring.remove(spread.getName());
                }
            }
            return fields;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** The cost of a selection in a parent type; a list multiplies what it selects by its expected size. */
    private final class CostEstimator {
        private final GraphQLSchema schema;
        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Object> variables;

        CostEstimator(GraphQLSchema schema, Map<String, FragmentDefinition> fragments, Map<String, Object> variables) {
            this.schema = schema;
            this.fragments = fragments;
            this.variables = variables;
        }

        /** {@code sliced}: the slicing argument of the connection field above, for the lists it holds. */
        double cost(SelectionSet selections, GraphQLCompositeType parent, Long sliced, Set<String> spreading) {
            double cost = 0;
            if (selections == null) {
                return 0;
            }
            for (Selection<?> selection : selections.getSelections()) {
                if (selection instanceof Field field) {
                    cost += fieldCost(field, parent, sliced, spreading);
                } else if (selection instanceof InlineFragment inline) {
                    cost += cost(inline.getSelectionSet(), inline.getTypeCondition() == null ? parent
                            : compositeOr(inline.getTypeCondition().getName(), parent), sliced, spreading);
                } else if (selection instanceof FragmentSpread spread) {
                    FragmentDefinition definition = fragments.get(spread.getName());
                    if (definition != null && spreading.add(spread.getName())) {
                        cost += cost(definition.getSelectionSet(),
                                compositeOr(definition.getTypeCondition().getName(), parent), sliced, spreading);
                        spreading.remove(spread.getName());
                    }
                }
            }
            return cost;
        }

        private double fieldCost(Field field, GraphQLCompositeType parent, Long sliced, Set<String> spreading) {
            if (field.getName().startsWith("__") || !(parent instanceof GraphQLFieldsContainer container)) {
                return 1;
            }
            GraphQLFieldDefinition definition = container.getFieldDefinition(field.getName());
            if (definition == null) {
                return 1;
            }
            GraphQLOutputType type = definition.getType();
            Long slice = slice(field);
            double multiplier = 1;
            if (isList(type)) {
                long size = slice != null ? slice : sliced != null ? sliced : assumedListSize;
                multiplier = Math.max(size, 0);
            }
            GraphQLType inner = GraphQLTypeUtil.unwrapAll(type);
            if (!(inner instanceof GraphQLCompositeType composite)) {
                return 1;
            }
            // A connection's slicing argument sizes the lists it holds (nodes, edges); a list passes on nothing.
            Long passed = isList(type) ? null : slice;
            return 1 + multiplier * cost(field.getSelectionSet(), composite, passed, spreading);
        }

        private Long slice(Field field) {
            for (Argument argument : field.getArguments()) {
                if (!SLICING_ARGUMENTS.contains(argument.getName())) {
                    continue;
                }
                if (argument.getValue() instanceof IntValue value) {
                    return value.getValue().longValue();
                }
                if (argument.getValue() instanceof VariableReference reference
                        && variables.get(reference.getName()) instanceof Number number) {
                    return number.longValue();
                }
            }
            return null;
        }

        private GraphQLCompositeType compositeOr(String name, GraphQLCompositeType fallback) {
            return schema.getType(name) instanceof GraphQLCompositeType composite ? composite : fallback;
        }
    }

    private static boolean isList(GraphQLType type) {
        GraphQLType unwrapped = type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
        return unwrapped instanceof GraphQLList;
    }

}
