package org.throughline.gateway.execution;

/** A subgraph request failed as a whole; the code says how (GraphQL error extensions code). */
public class SubgraphException extends RuntimeException {

    private final String code;

    public SubgraphException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
