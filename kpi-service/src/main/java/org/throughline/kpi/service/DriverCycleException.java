package org.throughline.kpi.service;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

import java.util.List;

/** Drivers that would make a KPI drive itself, directly or through others; the message names the cycle. */
@ErrorCode("driver-cycle")
public class DriverCycleException extends RejectedInputException {
    public DriverCycleException(List<String> cycle) {
        super("drivers", "These drivers would close a cycle: " + String.join(" → ", cycle) + ".");
    }
}
