package org.throughline.gateway.supergraph;

/** One subgraph of a supergraph: its join__Graph enum value, its name and the URL the gateway sends fetches to. */
public record Subgraph(String id, String name, String url) {
}
