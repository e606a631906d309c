package org.throughline.plan;

/**
 * The part of the business a workstream serves. The values are kpi-service's: both subgraphs declare the enum, and
 * federation needs them equal where an enum is also an input.
 */
public enum BusinessFunction {
    IT, SALES, FINANCE, OPERATIONS, HR, CUSTOMER_SERVICE, PROCUREMENT, LOGISTICS
}
