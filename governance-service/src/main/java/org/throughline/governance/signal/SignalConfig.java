package org.throughline.governance.signal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the signals are evaluated. */
@ConfigMapping(prefix = "throughline.governance.signals")
public interface SignalConfig {

    /** How often the signals are evaluated on their own, such as {@code 5m}; {@code off} leaves it to requests. */
    @WithDefault("5m")
    String every();

    /** How long after start the first scheduled evaluation waits. */
    @WithDefault("30s")
    String delay();

    /**
     * Whether the signals are evaluated on the events that can change them (plan-service's and kpi-service's feeds,
     * and commitments here), within moments of each.
     */
    @WithDefault("true")
    boolean onEvents();

    /** How long events are gathered before one evaluation takes them all. */
    @WithDefault("100ms")
    Duration gather();

    /** Days a KPI may go without a measurement past its cadence before it is STALE_KPI. */
    @WithDefault("3")
    int staleGraceDays();
}
