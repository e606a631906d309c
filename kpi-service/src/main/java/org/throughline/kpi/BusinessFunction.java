package org.throughline.kpi;

/** The part of the business a KPI belongs to, so that each function can ask for its own measures. */
public enum BusinessFunction {
    IT, SALES, FINANCE, OPERATIONS, HR, CUSTOMER_SERVICE, PROCUREMENT, LOGISTICS
}
