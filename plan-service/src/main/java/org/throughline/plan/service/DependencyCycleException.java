package org.throughline.plan.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

import java.util.List;

/** A dependency that would make the milestone graph cyclic; the message names every milestone of the cycle. */
@ErrorCode("dependency-cycle")
public class DependencyCycleException extends RejectedInputException {
    public DependencyCycleException(String field, List<String> cycle) {
        super(field, "These dependencies would close a cycle: " + String.join(" → ", cycle) + ".");
    }
}
