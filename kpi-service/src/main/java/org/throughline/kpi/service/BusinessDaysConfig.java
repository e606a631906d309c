package org.throughline.kpi.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.ZoneId;

/** The calendar KPIs count their business days in when their steward names none. */
@ConfigMapping(prefix = "throughline.kpi.business-days")
public interface BusinessDaysConfig {

    /** The platform's zone for business days, such as {@code Europe/Berlin}; a KPI may name its own. */
    @WithDefault("UTC")
    ZoneId zone();
}
