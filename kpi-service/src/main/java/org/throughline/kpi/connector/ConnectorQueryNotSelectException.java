package org.throughline.kpi.connector;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A SQL connector's query that is not a single SELECT: a connector reads, it never writes. */
@ErrorCode("connector-query-not-select")
public class ConnectorQueryNotSelectException extends RejectedInputException {
    public ConnectorQueryNotSelectException(String field, String message) {
        super(field, message);
    }
}
