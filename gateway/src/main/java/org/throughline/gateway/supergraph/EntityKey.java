package org.throughline.gateway.supergraph;

import graphql.language.SelectionSet;

/**
 * A {@code @key} of a type in one subgraph: the fields that identify an entity there. A non-resolvable key only
 * lets that subgraph reference the entity; it cannot be fetched from it through {@code _entities}.
 */
public record EntityKey(String graph, String fields, SelectionSet selections, boolean resolvable) {
}
