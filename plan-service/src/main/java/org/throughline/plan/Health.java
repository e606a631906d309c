package org.throughline.plan;

/** The delivery team's self-reported health of a milestone; the platform checks it against the KPIs. */
public enum Health {
    GREEN, AMBER, RED
}
