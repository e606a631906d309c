package org.throughline.kpi.connector;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** The connector is running already (on this replica or another): one run at a time. */
@ErrorCode("connector-busy")
public class ConnectorBusyException extends RejectedInputException {
    public ConnectorBusyException(String field, String message) {
        super(field, message);
    }
}
