package org.throughline.plan;

import java.time.Instant;

/**
 * What the revision log needs of every plan item: what it is, which initiative it belongs to, its version, and its
 * state as a value. An item rebuilt from the log carries the instant it was rebuilt for, so that everything asked
 * beneath it answers for the same instant.
 */
public interface PlanItem {

    PlanItemKind itemKind();

    Long itemId();

    /** The initiative the item belongs to (an initiative belongs to itself); it never changes. */
    Long initiativeKey();

    int currentVersion();

    /** Everything a revision records of the item, as a value that JSON round-trips. */
    Record state();

    /** The instant the item was rebuilt for, or null for the live item. */
    Instant asOf();
}
