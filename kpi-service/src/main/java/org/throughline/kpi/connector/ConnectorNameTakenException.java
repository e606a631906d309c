package org.throughline.kpi.connector;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** Another connector has the name: names tell connectors apart in health and signals. */
@ErrorCode("connector-name-taken")
public class ConnectorNameTakenException extends RejectedInputException {
    public ConnectorNameTakenException(String field, String message) {
        super(field, message);
    }
}
