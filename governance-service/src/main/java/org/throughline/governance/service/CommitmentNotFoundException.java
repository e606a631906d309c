package org.throughline.governance.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A caller named a commitment that does not exist. */
@ErrorCode("commitment-not-found")
public class CommitmentNotFoundException extends RejectedInputException {
    public CommitmentNotFoundException(String field, Object id) {
        super(field, "No outcome commitment has the id " + id + ".");
    }
}
