package org.throughline.gateway.supergraph;

import graphql.language.ArrayValue;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.EnumValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.SchemaDefinition;
import graphql.language.StringValue;
import graphql.language.Value;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The features a supergraph links with {@code @link} on its schema, and the names their directives go by. A feature
 * linked {@code for: SECURITY} or {@code for: EXECUTION} changes what a client may see or how the graph resolves, so
 * a gateway that does not implement it must not serve the supergraph at all: reading it fails with the reason.
 */
final class SupergraphLinks {

    private static final Pattern SPEC =
            Pattern.compile("https://specs\\.apollo\\.dev/([A-Za-z][A-Za-z0-9_]*)/v(\\d+\\.\\d+)");

    /** The features this gateway implements, with the versions it knows. */
    private static final Map<String, Set<String>> IMPLEMENTED = Map.of(
            "link", Set.of("1.0"),
            "join", Set.of("0.3", "0.4", "0.5"),
            "inaccessible", Set.of("0.2"),
            "tag", Set.of("0.1", "0.2", "0.3"),
            "authenticated", Set.of("0.1"),
            "requiresScopes", Set.of("0.1"),
            "policy", Set.of("0.1"));

    /** Feature name to the name its root directive goes by in this supergraph. */
    private final Map<String, String> directives = new LinkedHashMap<>();
    /** Feature name to the prefix of its types ({@code policy__Policy}). */
    private final Map<String, String> namespaces = new LinkedHashMap<>();

    private SupergraphLinks() {
    }

    static SupergraphLinks read(Document document) {
        SupergraphLinks links = new SupergraphLinks();
        for (SchemaDefinition schema : document.getDefinitionsOfType(SchemaDefinition.class)) {
            for (Directive link : schema.getDirectives("link")) {
                links.add(link);
            }
        }
        return links;
    }

    private void add(Directive link) {
        String url = SupergraphReader.string(link, "url");
        String purpose = link.getArgument("for") != null
                && link.getArgument("for").getValue() instanceof EnumValue value ? value.getName() : null;
        Matcher spec = url == null ? null : SPEC.matcher(url);
        boolean known = spec != null && spec.matches();
        String feature = known ? spec.group(1) : url;
        if (purpose != null && (!known || !IMPLEMENTED.getOrDefault(feature, Set.of()).contains(spec.group(2)))) {
            throw new SupergraphException("the supergraph links " + url + " for " + purpose + ", which this gateway "
                    + "does not implement; it will not serve a supergraph without a " + purpose.toLowerCase()
                    + " feature the supergraph asks for");
        }
        if (!known) {
            return;
        }
        String namespace = SupergraphReader.string(link, "as") != null ? SupergraphReader.string(link, "as") : feature;
        namespaces.put(feature, namespace);
        String directive = namespace;
        // An import may rename the feature's root directive: import: [{ name: "@policy", as: "@allowed" }].
        if (link.getArgument("import") != null && link.getArgument("import").getValue() instanceof ArrayValue imports) {
            for (Value<?> imported : imports.getValues()) {
                if (imported instanceof ObjectValue renamed) {
                    String name = field(renamed, "name");
                    String as = field(renamed, "as");
                    if (("@" + feature).equals(name) && as != null) {
                        directive = as.substring(1);
                    }
                }
            }
        }
        directives.put(feature, directive);
    }

    private static String field(ObjectValue object, String name) {
        for (ObjectField field : object.getObjectFields()) {
            if (field.getName().equals(name) && field.getValue() instanceof StringValue value) {
                return value.getValue();
            }
        }
        return null;
    }

    /** The name of the feature's root directive in this supergraph; null when the feature is not linked. */
    String directive(String feature) {
        return directives.get(feature);
    }

    /** Whether a type belongs to a linked feature (for example {@code policy__Policy}), not to the API. */
    boolean machinery(String typeName) {
        return namespaces.values().stream().anyMatch(namespace -> typeName.startsWith(namespace + "__"));
    }
}
