package org.throughline.gateway.supergraph;

/** A supergraph could not be read or composed; the message says what is wrong and where. */
public class SupergraphException extends RuntimeException {
    public SupergraphException(String message) {
        super(message);
    }
}
