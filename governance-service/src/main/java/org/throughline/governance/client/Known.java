package org.throughline.governance.client;

/** Facts of an upstream service, with how fresh they are. */
public record Known<T>(T facts, Freshness freshness) {
}
