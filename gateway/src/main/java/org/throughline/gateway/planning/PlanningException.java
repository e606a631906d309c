package org.throughline.gateway.planning;

/** The operation cannot be planned over the supergraph, for example because no subgraph can reach a field. */
public class PlanningException extends RuntimeException {
    public PlanningException(String message) {
        super(message);
    }
}
