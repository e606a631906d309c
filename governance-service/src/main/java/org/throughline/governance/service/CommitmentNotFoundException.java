package org.throughline.governance.service;

import io.smallrye.graphql.api.ErrorCode;

/** A caller named an outcome commitment that does not exist. */
@ErrorCode("commitment-not-found")
public class CommitmentNotFoundException extends Exception {
    public CommitmentNotFoundException(String id) {
        super("No outcome commitment has the id " + id + ".");
    }
}
