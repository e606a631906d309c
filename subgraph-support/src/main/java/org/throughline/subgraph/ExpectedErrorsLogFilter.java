package org.throughline.subgraph;

import io.quarkus.logging.LoggingFilter;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Keeps refused inputs out of the error log. SmallRye logs every exception a resolver throws at ERROR, including a
 * bad id or a stale version that the client was already told about with a code, or a caller refused for want of a
 * role (FORBIDDEN); those are answers, not failures.
 * Anything else still reaches the log. A service turns it on with {@code quarkus.log.console.filter=expected-errors}.
 */
@LoggingFilter(name = "expected-errors")
public final class ExpectedErrorsLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RejectedInputException || cause instanceof SecurityException) {
                return false;
            }
        }
        return true;
    }
}
