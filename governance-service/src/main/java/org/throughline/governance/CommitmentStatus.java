package org.throughline.governance;

/** A commitment is in force until it is withdrawn; a withdrawn one stays in the record. */
public enum CommitmentStatus {
    ACTIVE, WITHDRAWN
}
