package org.throughline.governance.review;

/** A review is drafted, then published (frozen); a published review may later be superseded by a correction. */
public enum ReviewStatus {
    DRAFT, PUBLISHED, SUPERSEDED
}
