package org.throughline.gateway.supergraph;

import graphql.language.ArrayValue;
import graphql.language.Directive;
import graphql.language.StringValue;
import graphql.language.Value;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an element of the supergraph asks of the caller, by Federation's authorization directives:
 * {@code @authenticated}; {@code @requiresScopes(scopes:)} and {@code @policy(policies:)}, each a list of
 * alternatives (any one suffices) of names that must all hold. Empty lists ask nothing.
 */
public record AccessRule(boolean authenticated, List<Set<String>> scopes, List<Set<String>> policies) {

    public static final AccessRule NONE = new AccessRule(false, List.of(), List.of());

    public AccessRule {
        scopes = List.copyOf(scopes);
        policies = List.copyOf(policies);
    }

    public boolean isNone() {
        return !authenticated && scopes.isEmpty() && policies.isEmpty();
    }

    /** Both rules at once, as composition merges the same element from several subgraphs. */
    public AccessRule and(AccessRule other) {
        if (other.isNone()) {
            return this;
        }
        if (isNone()) {
            return other;
        }
        return new AccessRule(authenticated || other.authenticated, both(scopes, other.scopes),
                both(policies, other.policies));
    }

    /** (a1 or a2) and (b1 or b2) = (a1+b1) or (a1+b2) or (a2+b1) or (a2+b2). */
    private static List<Set<String>> both(List<Set<String>> left, List<Set<String>> right) {
        if (left.isEmpty()) {
            return right;
        }
        if (right.isEmpty()) {
            return left;
        }
        List<Set<String>> combined = new ArrayList<>();
        for (Set<String> a : left) {
            for (Set<String> b : right) {
                Set<String> union = new TreeSet<>(a);
                union.addAll(b);
                if (!combined.contains(union)) {
                    combined.add(union);
                }
            }
        }
        return combined;
    }

    /** Whether a caller holding these scopes and policies, signed in or not, meets the rule. */
    public boolean allows(boolean signedIn, Set<String> heldScopes, Set<String> heldPolicies) {
        if ((authenticated || !scopes.isEmpty() || !policies.isEmpty()) && !signedIn) {
            return false;
        }
        return meets(scopes, heldScopes) && meets(policies, heldPolicies);
    }

    private static boolean meets(List<Set<String>> alternatives, Set<String> held) {
        return alternatives.isEmpty() || alternatives.stream().anyMatch(held::containsAll);
    }

    /** The rule of directives as a subgraph or the supergraph writes them, under the names given. */
    static AccessRule of(List<Directive> directives, String authenticatedName, String scopesName, String policyName) {
        AccessRule rule = NONE;
        for (Directive directive : directives) {
            if (directive.getName().equals(authenticatedName)) {
                rule = rule.and(new AccessRule(true, List.of(), List.of()));
            } else if (directive.getName().equals(scopesName)) {
                rule = rule.and(new AccessRule(false, alternatives(directive, "scopes"), List.of()));
            } else if (directive.getName().equals(policyName)) {
                rule = rule.and(new AccessRule(false, List.of(), alternatives(directive, "policies")));
            }
        }
        return rule;
    }

    private static List<Set<String>> alternatives(Directive directive, String argument) {
        if (directive.getArgument(argument) == null
                || !(directive.getArgument(argument).getValue() instanceof ArrayValue outer)) {
            throw new SupergraphException("@" + directive.getName() + " needs " + argument + ": [[String!]!]!");
        }
        List<Set<String>> alternatives = new ArrayList<>();
        for (Value<?> group : outer.getValues()) {
            Set<String> names = new LinkedHashSet<>();
            List<Value> items = group instanceof ArrayValue array ? array.getValues() : List.of(group);
            for (Value<?> item : items) {
                if (!(item instanceof StringValue name)) {
                    throw new SupergraphException("@" + directive.getName() + "(" + argument + ":) holds names, not "
                            + item);
                }
                names.add(name.getValue());
            }
            alternatives.add(Set.copyOf(names));
        }
        return alternatives;
    }

    /** What the rule asks, for a person: "the policy plan-editor", "the scopes a and b, or c", "a signed-in caller". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!policies.isEmpty()) {
            parts.add("the policy " + alternatives(policies));
        }
        if (!scopes.isEmpty()) {
            parts.add("the scope " + alternatives(scopes));
        }
        return parts.isEmpty() ? "a signed-in caller" : String.join(" and ", parts);
    }

    private static String alternatives(List<Set<String>> alternatives) {
        return alternatives.stream().map(group -> String.join(" and ", new TreeSet<>(group)))
                .collect(java.util.stream.Collectors.joining(", or "));
    }

    /** The rule as directives of the supergraph (for printing it). */
    List<Directive> directives() {
        List<Directive> directives = new ArrayList<>();
        if (authenticated) {
            directives.add(Directive.newDirective().name("authenticated").build());
        }
        if (!scopes.isEmpty()) {
            directives.add(directive("requiresScopes", "scopes", scopes));
        }
        if (!policies.isEmpty()) {
            directives.add(directive("policy", "policies", policies));
        }
        return directives;
    }

    private static Directive directive(String name, String argument, List<Set<String>> alternatives) {
        ArrayValue value = ArrayValue.newArrayValue().values(alternatives.stream()
                .map(group -> (Value) ArrayValue.newArrayValue().values(new TreeSet<>(group).stream()
                        .map(item -> (Value) new StringValue(item)).toList()).build())
                .toList()).build();
        return Directive.newDirective().name(name)
                .arguments(List.of(graphql.language.Argument.newArgument(argument, value).build())).build();
    }
}
