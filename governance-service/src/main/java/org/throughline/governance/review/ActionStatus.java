package org.throughline.governance.review;

/** Where an action assigned at a review stands. */
public enum ActionStatus {
    OPEN, IN_PROGRESS, DONE, DROPPED;

    public boolean isOpen() {
        return this == OPEN || this == IN_PROGRESS;
    }
}
