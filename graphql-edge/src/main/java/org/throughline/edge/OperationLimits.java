package org.throughline.edge;

import graphql.language.Argument;
import graphql.language.DirectivesContainer;
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
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import graphql.parser.exceptions.ParseCancelledTooDeepException;
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

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one operation may ask, checked before anything runs: tokens (while parsing), then root fields, depth,
 * aliases, fields, directives and the depth of introspection (on the parsed document, before validation), then an
 * estimated cost (after validation, when field types are known). Fragments count where they are spread, as often as
 * they are spread, so a small document of fragments spread into each other cannot hide a large operation; yet each
 * fragment is measured once and its measure reused wherever it is spread, so that every measure takes time linear
 * in the document, and a measure stops as soon as it passes its limit. The codes are Apollo Router's where it has
 * one. A limit passed is a {@link Refusal}.
 *
 * <p>The cost of an operation is its number of fields, where a list field multiplies the cost of what it selects
 * by its expected size: the value of a slicing argument ({@code first}, {@code last}) on the field or on the
 * connection field above it, or else {@code assumedListSize}.
 *
 * <p>Introspection may nest its list fields ({@code fields}, {@code inputFields}, {@code interfaces},
 * {@code possibleTypes}) at most {@link #MAX_INTROSPECTION_LISTS} - 1 deep below {@code __schema} or {@code __type},
 * as graphql-js's {@code MaxIntrospectionDepthRule} and Apollo Router allow: its answers grow with every level, and
 * no tool needs more (GraphiQL's own query nests them once).
 *
 * @param maxDepth        fields nested in fields, the root fields at depth 1; 0 turns the check off
 * @param maxAliases      aliased fields; 0 turns the check off
 * @param maxRootFields   fields selected on the operation's root type; 0 turns the check off
 * @param maxFields       fields selected in all; 0 turns the check off
 * @param maxDirectives   directives used on fields, fragments and spreads; 0 turns the check off
 * @param maxTokens       lexical tokens of the document (graphql-java's parser stops past it)
 * @param maxCost         the estimated cost; 0 turns the check off
 * @param assumedListSize the size assumed for a list without a slicing argument
 */
public record OperationLimits(int maxDepth, int maxAliases, int maxRootFields, int maxFields, int maxDirectives,
                              int maxTokens, long maxCost, int assumedListSize) {

    /**
     * Generous for every operation in docs/queries and for the public federation benchmark's nested query (cost
     * about 108,000), tight enough that no single request can exhaust a service: six lists nested in one another,
     * each assumed ten long, already reach the cost ceiling.
     */
    public static final OperationLimits DEFAULTS = new OperationLimits(15, 30, 20, 10_000, 100, 15_000, 1_000_000, 10);

    /** graphql-js's MAX_LISTS_DEPTH: an introspection whose list fields nest this deep is refused. */
    public static final int MAX_INTROSPECTION_LISTS = 3;

    /** Arguments that say how many items a list returns. */
    private static final Set<String> SLICING_ARGUMENTS = Set.of("first", "last");
    private static final Set<String> INTROSPECTION_LISTS = Set.of("fields", "inputFields", "interfaces",
            "possibleTypes");
    /** How many tokens the parser reads between two looks at the caller's deadline. */
    private static final int TOKENS_BETWEEN_CHECKPOINTS = 1024;

    public ParserOptions parserOptions() {
        return ParserOptions.getDefaultOperationParserOptions().transform(options -> options
                .maxTokens(maxTokens).captureIgnoredChars(false).captureLineComments(false));
    }

    /** Parses an operation's text within the token limit. */
    public Document parse(String text) {
        return parse(text, () -> { });
    }

    /**
     * Parses an operation's text within the token limit, running {@code checkpoint} every thousand tokens or so: it
     * may throw to stop a parse whose request has run out of time.
     */
    public Document parse(String text, Runnable checkpoint) {
        // A scan of the characters finds a document of too many tokens, or one operation writing out too many
        // fields, in a tenth of the time the parser takes to read it.
        DocumentScan scan = DocumentScan.of(text, maxTokens);
        if (scan.tokens() > maxTokens) {
            throw new Refusal("MAX_TOKENS_LIMIT", "the operation has more than " + maxTokens + " tokens");
        }
        if (scan.operations() == 1) {
            requireRootFields(scan.rootFields());
            requireFields(scan.fields());
        }
        int[] tokens = {0};
        ParserOptions options = parserOptions().transform(o -> o.parsingListener(token -> {
            if (++tokens[0] % TOKENS_BETWEEN_CHECKPOINTS == 0) {
                checkpoint.run();
            }
        }));
        try {
            return Parser.parse(ParserEnvironment.newParserEnvironment().document(text).parserOptions(options)
                    .locale(Locale.ENGLISH).build());
        } catch (ParseCancelledTooDeepException e) {
            throw new Refusal("MAX_DEPTH_LIMIT", "the operation nests too deep to be read");
        } catch (ParseCancelledException e) {
            throw new Refusal("MAX_TOKENS_LIMIT", "the operation has more than " + maxTokens + " tokens");
        } catch (InvalidSyntaxException e) {
            throw new Refusal("GRAPHQL_PARSE_FAILED", e.getMessage(),
                    e.getLocation() == null ? List.of() : List.of(e.getLocation()));
        }
    }

    /**
     * Refuses the operation when it passes one of root fields, depth, aliases, fields, directives or introspection
     * depth, or when its fragments spread one another in a cycle; nothing else of validation is done here.
     */
    public void requireShape(Document document, OperationDefinition operation) {
        measure(document, operation);
    }

    /** How many selections {@link #requireShape} visits for an operation within the limits; for tests of its work. */
    long selectionsVisited(Document document, OperationDefinition operation) {
        return measure(document, operation).visited;
    }

    /** The fields and root fields the measures count for the operation, every limit but tokens off; for tests. */
    static long[] fieldsAndRootFields(Document document, OperationDefinition operation) {
        OperationLimits unlimited = new OperationLimits(0, 0, 0, 0, 0, Integer.MAX_VALUE, 0, 10);
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.putIfAbsent(f.getName(), f));
        Measure measure = unlimited.new Measure(fragments);
        long rootFields = measure.rootFields(operation.getSelectionSet());
        return new long[] {measure.shape(operation.getSelectionSet()).fields(), rootFields};
    }

    private Measure measure(Document document, OperationDefinition operation) {
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.putIfAbsent(f.getName(), f));
        Measure measure = new Measure(fragments);
        measure.rootFields(operation.getSelectionSet());
        measure.shape(operation.getSelectionSet());
        return measure;
    }

    /**
     * Refuses the operation when its estimated cost passes the limit; {@code variables} give the slicing arguments'
     * values. The document must be valid against the schema.
     */
    public void requireAffordable(GraphQLSchema schema, Map<String, FragmentDefinition> fragments,
                                  OperationDefinition operation, Map<String, Object> variables) {
        if (maxCost > 0) {
            estimate(schema, fragments, operation, variables);
        }
    }

    /** How many selections {@link #requireAffordable} visits for an affordable operation; for tests of its work. */
    long costSelectionsVisited(GraphQLSchema schema, Map<String, FragmentDefinition> fragments,
                               OperationDefinition operation, Map<String, Object> variables) {
        return estimate(schema, fragments, operation, variables).visited;
    }

    private CostEstimator estimate(GraphQLSchema schema, Map<String, FragmentDefinition> fragments,
                                   OperationDefinition operation, Map<String, Object> variables) {
        GraphQLCompositeType root = switch (operation.getOperation()) {
            case MUTATION -> schema.getMutationType();
            case SUBSCRIPTION -> schema.getSubscriptionType();
            default -> schema.getQueryType();
        };
        CostEstimator estimator = new CostEstimator(schema, fragments, variables);
        estimator.rootCost(operation.getSelectionSet(), root);
        return estimator;
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

    private void requireRootFields(long rootFields) {
        if (maxRootFields > 0 && rootFields > maxRootFields) {
            throw new Refusal("MAX_ROOT_FIELDS_LIMIT", "the operation selects at least " + rootFields
                    + " root fields; at most " + maxRootFields + " are allowed");
        }
    }

    private void requireFields(long fields) {
        if (maxFields > 0 && fields > maxFields) {
            throw new Refusal("MAX_FIELDS_LIMIT", "the operation selects at least " + atLeast(fields)
                    + " fields, each fragment counted wherever it is spread; at most " + maxFields + " are allowed");
        }
    }

    private static String atLeast(double value) {
        return value >= Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString((long) value);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** What a selection set amounts to with its fragments spread. Depths are relative to the set. */
    private record Shape(int depth, long aliases, long fields, long directives, int introspectionLists) {
        static final Shape NONE = new Shape(0, 0, 0, 0, 0);
    }

    /**
     * The measures of one operation: each fragment's shape and root fields are computed on its first spread and
     * reused on every other, and a fragment met again while it is being measured is a cycle.
     */
    private final class Measure {
        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Shape> shapes = new HashMap<>();
        private final Map<String, Long> rootFieldCounts = new HashMap<>();
        /** The fragments being measured, innermost last: the path a cycle is told by. */
        private final Deque<String> entered = new ArrayDeque<>();
        private final Set<String> enteredNames = new HashSet<>();
        private long visited;

        Measure(Map<String, FragmentDefinition> fragments) {
            this.fragments = fragments;
        }

        long rootFields(SelectionSet selections) {
            long count = 0;
            for (Selection<?> selection : selections.getSelections()) {
                visited++;
                long more = 0;
                if (selection instanceof Field) {
                    more = 1;
                } else if (selection instanceof InlineFragment inline) {
                    more = rootFields(inline.getSelectionSet());
                } else if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())) {
                    Long known = rootFieldCounts.get(spread.getName());
                    if (known == null) {
                        enter(spread.getName());
                        known = rootFields(fragments.get(spread.getName()).getSelectionSet());
                        leave();
                        rootFieldCounts.put(spread.getName(), known);
                    }
                    more = known;
                }
                count = saturatedAdd(count, more);
                requireRootFields(count);
            }
            return count;
        }

        Shape shape(SelectionSet selections) {
            if (selections == null) {
                return Shape.NONE;
            }
            int depth = 0;
            long aliases = 0;
            long fields = 0;
            long directives = 0;
            int lists = 0;
            for (Selection<?> selection : selections.getSelections()) {
                visited++;
                Shape inner;
                if (selection instanceof Field field) {
                    Shape below = shape(field.getSelectionSet());
                    if ((field.getName().equals("__schema") || field.getName().equals("__type"))
                            && below.introspectionLists() >= MAX_INTROSPECTION_LISTS) {
                        throw new Refusal("MAX_INTROSPECTION_DEPTH_LIMIT", "the introspection nests its lists of "
                                + "fields, input fields, interfaces and possible types " + below.introspectionLists()
                                + " deep; at most " + (MAX_INTROSPECTION_LISTS - 1) + " are answered");
                    }
                    inner = new Shape(below.depth() + 1, below.aliases() + (field.getAlias() != null ? 1 : 0),
                            saturatedAdd(below.fields(), 1), below.directives(),
                            below.introspectionLists() + (INTROSPECTION_LISTS.contains(field.getName()) ? 1 : 0));
                } else if (selection instanceof InlineFragment inline) {
                    inner = shape(inline.getSelectionSet());
                } else if (selection instanceof FragmentSpread spread) {
                    inner = fragment(spread.getName());
                } else {
                    continue;
                }
                depth = Math.max(depth, inner.depth());
                aliases = saturatedAdd(aliases, inner.aliases());
                fields = saturatedAdd(fields, inner.fields());
                directives = saturatedAdd(directives, saturatedAdd(inner.directives(),
                        ((DirectivesContainer<?>) selection).getDirectives().size()));
                lists = Math.max(lists, inner.introspectionLists());
                require(depth, aliases, fields, directives);
            }
            return new Shape(depth, aliases, fields, directives, lists);
        }

        private Shape fragment(String name) {
            Shape known = shapes.get(name);
            if (known != null) {
                return known;
            }
            FragmentDefinition definition = fragments.get(name);
            if (definition == null) {
                // An unknown fragment is invalid; validation says so after this measure.
                return Shape.NONE;
            }
            enter(name);
            Shape shape = shape(definition.getSelectionSet());
            leave();
            shapes.put(name, shape);
            return shape;
        }

        private void enter(String name) {
            if (!enteredNames.add(name)) {
                List<String> cycle = List.copyOf(entered);
                throw new Refusal("GRAPHQL_VALIDATION_FAILED", "the fragment " + name + " spreads itself"
                        + (cycle.get(cycle.size() - 1).equals(name) ? "" : ", through "
                        + String.join(", ", cycle.subList(cycle.indexOf(name) + 1, cycle.size()))));
            }
            entered.addLast(name);
        }

        private void leave() {
            enteredNames.remove(entered.removeLast());
        }

        private void require(int depth, long aliases, long fields, long directives) {
            if (maxDepth > 0 && depth > maxDepth) {
                throw new Refusal("MAX_DEPTH_LIMIT", "the operation nests fields at least " + depth
                        + " deep; at most " + maxDepth + " are allowed");
            }
            if (maxAliases > 0 && aliases > maxAliases) {
                throw new Refusal("MAX_ALIASES_LIMIT", "the operation has at least " + atLeast(aliases)
                        + " aliased fields; at most " + maxAliases + " are allowed");
            }
            requireFields(fields);
            if (maxDirectives > 0 && directives > maxDirectives) {
                throw new Refusal("MAX_DIRECTIVES_LIMIT", "the operation uses at least " + atLeast(directives)
                        + " directives, each fragment counted wherever it is spread; at most " + maxDirectives
                        + " are allowed");
            }
        }
    }

    /**
     * The cost of a selection in a parent type; a list multiplies what it selects by its expected size. A
     * fragment's cost depends only on the slicing argument it is spread under, and is computed once for each.
     */
    private final class CostEstimator {
        private final GraphQLSchema schema;
        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Object> variables;
        private final Map<String, Double> fragmentCosts = new HashMap<>();
        private final Set<String> spreading = new HashSet<>();
        private long visited;

        CostEstimator(GraphQLSchema schema, Map<String, FragmentDefinition> fragments, Map<String, Object> variables) {
            this.schema = schema;
            this.fragments = fragments;
            this.variables = variables;
        }

        /**
         * The cost of the operation's root selection, refused as soon as it passes the limit. Only at the root can
         * the sum stop early: below it, a list sized 0 may still multiply any cost away.
         */
        double rootCost(SelectionSet selections, GraphQLCompositeType root) {
            double[] cost = {0};
            each(selections, root, null, part -> {
                cost[0] += part;
                if (cost[0] > maxCost) {
                    throw new Refusal("COST_ESTIMATED_TOO_EXPENSIVE", "the operation's estimated cost is at least "
                            + atLeast(cost[0]) + "; at most " + maxCost + " is allowed (each field costs 1, a list "
                            + "multiplies what it selects by its first/last argument, or by " + assumedListSize + ")");
                }
            });
            return cost[0];
        }

        /** {@code sliced}: the slicing argument of the connection field above, for the lists it holds. */
        double cost(SelectionSet selections, GraphQLCompositeType parent, Long sliced) {
            double[] cost = {0};
            each(selections, parent, sliced, part -> cost[0] += part);
            return cost[0];
        }

        private void each(SelectionSet selections, GraphQLCompositeType parent, Long sliced,
                          java.util.function.DoubleConsumer parts) {
            if (selections == null) {
                return;
            }
            for (Selection<?> selection : selections.getSelections()) {
                visited++;
                if (selection instanceof Field field) {
                    parts.accept(fieldCost(field, parent, sliced));
                } else if (selection instanceof InlineFragment inline) {
                    parts.accept(cost(inline.getSelectionSet(), inline.getTypeCondition() == null ? parent
                            : compositeOr(inline.getTypeCondition().getName(), parent), sliced));
                } else if (selection instanceof FragmentSpread spread) {
                    parts.accept(fragmentCost(spread.getName(), parent, sliced));
                }
            }
        }

        private double fragmentCost(String name, GraphQLCompositeType parent, Long sliced) {
            String key = name + "\u0000" + sliced;
            Double known = fragmentCosts.get(key);
            if (known != null) {
                return known;
            }
            FragmentDefinition definition = fragments.get(name);
            // Validation has refused unknown fragments and cycles; this stays finite without it.
            if (definition == null || !spreading.add(name)) {
                return 0;
            }
            double cost = cost(definition.getSelectionSet(), compositeOr(definition.getTypeCondition().getName(),
                    parent), sliced);
            spreading.remove(name);
            fragmentCosts.put(key, cost);
            return cost;
        }

        private double fieldCost(Field field, GraphQLCompositeType parent, Long sliced) {
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
            double below = cost(field.getSelectionSet(), composite, passed);
            return 1 + (multiplier == 0 ? 0 : multiplier * below);
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
