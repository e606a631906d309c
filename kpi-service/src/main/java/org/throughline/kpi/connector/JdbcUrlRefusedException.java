package org.throughline.kpi.connector;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A JDBC URL refused when saved: no driver of the deployment takes it, it carries a password, or it sets a driver property that loads classes or writes files. */
@ErrorCode("connector-jdbc-url-refused")
public class JdbcUrlRefusedException extends RejectedInputException {
    public JdbcUrlRefusedException(String field, String message) {
        super(field, message);
    }
}
