package org.throughline.plan;

/** Where a milestone stands in IT's delivery. */
public enum DeliveryStatus {
    NOT_STARTED, IN_PROGRESS, DELIVERED, BLOCKED, DESCOPED
}
