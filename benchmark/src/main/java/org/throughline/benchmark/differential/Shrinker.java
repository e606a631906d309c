package org.throughline.benchmark.differential;

import graphql.language.Argument;
import graphql.language.AstPrinter;
import graphql.language.AstTransformer;
import graphql.language.Definition;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Node;
import graphql.language.NodeVisitorStub;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.parser.Parser;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import graphql.util.TreeTransformerUtil;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Makes a failing operation as small as it can while the difference persists and the operation stays valid: it
 * deletes selections (largest first), directives, optional arguments and aliases, puts the selections of inline
 * fragments in their place, and inlines named fragments,
 * dropping the fragments and variables nothing uses any more. What was a random forty-line operation becomes a bug
 * report of a few lines.
 */
final class Shrinker {

    /** The edits, tried in this order: deleting whole selections first removes the most at once. */
    private enum Edit { DELETE_SELECTION, UNWRAP_FRAGMENT, INLINE_SPREAD, DELETE_DIRECTIVE, DELETE_ARGUMENT, DROP_ALIAS }

    private final Predicate<String> valid;
    private final int maxTries;
    private int tries;

    /**
     * @param valid    whether an operation text is valid against the schema and within the limits
     * @param maxTries how many candidates may be run through the gateways at most
     */
    Shrinker(Predicate<String> valid, int maxTries) {
        this.valid = valid;
        this.maxTries = maxTries;
    }

    /** The smallest operation found for which {@code stillDiffers} holds; the operation itself when none is. */
    GeneratedOperation shrink(GeneratedOperation operation, Predicate<GeneratedOperation> stillDiffers) {
        tries = 0;
        GeneratedOperation current = operation;
        boolean progress = true;
        while (progress && tries < maxTries) {
            progress = false;
            for (Edit edit : Edit.values()) {
                int site = 0;
                while (tries < maxTries) {
                    Document document = Parser.parse(current.query());
                    Document edited = apply(document, edit, site);
                    if (edited == null) {
                        break;
                    }
                    GeneratedOperation candidate = cleaned(edited, current.variables());
                    if (size(candidate.query()) < size(current.query()) && valid.test(candidate.query())) {
                        tries++;
                        if (stillDiffers.test(candidate)) {
                            current = candidate;
                            progress = true;
                            continue;
                        }
                    }
                    site++;
                }
            }
        }
        return current;
    }

    private static int size(String query) {
        return query.replaceAll("\\s+", "").length();
    }

    /** The document with the {@code site}-th place of the edit changed; null when there are fewer places. */
    static Document apply(Document document, Edit edit, int site) {
        Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        int[] seen = {0};
        boolean[] done = {false};
        Node<?> result = new AstTransformer().transform(document, new NodeVisitorStub() {
            private boolean here() {
                return !done[0] && seen[0]++ == site && (done[0] = true);
            }

            @Override
            public TraversalControl visitSelectionSet(SelectionSet node, TraverserContext<Node> context) {
                if (edit != Edit.UNWRAP_FRAGMENT) {
                    return TraversalControl.CONTINUE;
                }
                List<Selection> selections = node.getSelections();
                for (int i = 0; i < selections.size(); i++) {
                    if (selections.get(i) instanceof InlineFragment inline && here()) {
                        List<Selection> spliced = new ArrayList<>(selections.subList(0, i));
                        spliced.addAll(inline.getSelectionSet().getSelections());
                        spliced.addAll(selections.subList(i + 1, selections.size()));
                        return TreeTransformerUtil.changeNode(context, node.transform(b -> b.selections(spliced)));
                    }
                }
                return TraversalControl.CONTINUE;
            }

            @Override
            public TraversalControl visitField(Field node, TraverserContext<Node> context) {
                if (edit == Edit.DELETE_SELECTION && here()) {
                    return TreeTransformerUtil.deleteNode(context);
                }
                if (edit == Edit.DROP_ALIAS && node.getAlias() != null && here()) {
                    return TreeTransformerUtil.changeNode(context, node.transform(b -> b.alias(null)));
                }
                return TraversalControl.CONTINUE;
            }

            @Override
            public TraversalControl visitInlineFragment(InlineFragment node, TraverserContext<Node> context) {
                if (edit == Edit.DELETE_SELECTION && here()) {
                    return TreeTransformerUtil.deleteNode(context);
                }
                return TraversalControl.CONTINUE;
            }

            @Override
            public TraversalControl visitFragmentSpread(FragmentSpread node, TraverserContext<Node> context) {
                if (edit == Edit.DELETE_SELECTION && here()) {
                    return TreeTransformerUtil.deleteNode(context);
                }
                if (edit == Edit.INLINE_SPREAD && fragments.containsKey(node.getName()) && here()) {
                    FragmentDefinition fragment = fragments.get(node.getName());
                    return TreeTransformerUtil.changeNode(context, InlineFragment.newInlineFragment()
                            .typeCondition(fragment.getTypeCondition()).directives(node.getDirectives())
                            .selectionSet(fragment.getSelectionSet()).build());
                }
                return TraversalControl.CONTINUE;
            }

            @Override
            public TraversalControl visitDirective(Directive node, TraverserContext<Node> context) {
                if (edit == Edit.DELETE_DIRECTIVE && here()) {
                    return TreeTransformerUtil.deleteNode(context);
                }
                return TraversalControl.CONTINUE;
            }

            @Override
            public TraversalControl visitArgument(Argument node, TraverserContext<Node> context) {
                if (edit == Edit.DELETE_ARGUMENT && !(context.getParentNode() instanceof Directive) && here()) {
                    return TreeTransformerUtil.deleteNode(context);
                }
                return TraversalControl.CONTINUE;
            }
        });
        return done[0] ? (Document) result : null;
    }

    /**
     * The document without the fragments its operation no longer spreads and the variables it no longer uses, as
     * an operation whose values are those of the variables left.
     */
    static GeneratedOperation cleaned(Document document, Map<String, Object> values) {
        OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
        Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        Set<String> used = new HashSet<>();
        List<Node<?>> pending = new ArrayList<>(List.of(operation.getSelectionSet()));
        Set<String> variables = new HashSet<>();
        while (!pending.isEmpty()) {
            Node<?> node = pending.remove(pending.size() - 1);
            if (node instanceof FragmentSpread spread && fragments.containsKey(spread.getName())
                    && used.add(spread.getName())) {
                pending.add(fragments.get(spread.getName()));
            }
            if (node instanceof VariableReference reference) {
                variables.add(reference.getName());
            }
            for (Node<?> child : node.getChildren()) {
                pending.add(child);
            }
        }
        List<VariableDefinition> definitions = operation.getVariableDefinitions().stream()
                .filter(definition -> variables.contains(definition.getName())).toList();
        List<Definition> kept = new ArrayList<>();
        kept.add(operation.transform(b -> b.variableDefinitions(definitions)));
        fragments.values().stream().filter(f -> used.contains(f.getName())).forEach(kept::add);
        Map<String, Object> keptValues = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (variables.contains(name)) {
                keptValues.put(name, value);
            }
        });
        return new GeneratedOperation(AstPrinter.printAst(document.transform(b -> b.definitions(kept))), keptValues);
    }
}
