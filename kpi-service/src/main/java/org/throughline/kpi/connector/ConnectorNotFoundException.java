package org.throughline.kpi.connector;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A caller named a connector that does not exist. */
@ErrorCode("connector-not-found")
public class ConnectorNotFoundException extends RejectedInputException {
    public ConnectorNotFoundException(String field, String message) {
        super(field, message);
    }
}
