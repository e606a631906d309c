package org.throughline.gateway.supergraph;

import graphql.language.SelectionSet;

/**
 * A {@code @key} of a type in one subgraph: the fields that identify an entity there. A non-resolvable key only
 * lets that subgraph reference the entity; it cannot be fetched from it through {@code _entities}. On an interface,
 * {@code interfaceObject} says the subgraph knows the interface only as an object type ({@code @interfaceObject}):
 * it is sent representations typed with the interface's name, whatever the entity's concrete type.
 */
public record EntityKey(String graph, String fields, SelectionSet selections, boolean resolvable,
                        boolean interfaceObject) {
}
