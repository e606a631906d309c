package org.throughline.kpi.connector;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** A JSON Pointer of an HTTP connector's mapping that does not compile. */
@ErrorCode("connector-mapping-invalid")
public class ConnectorMappingInvalidException extends RejectedInputException {
    public ConnectorMappingInvalidException(String field, String message) {
        super(field, message);
    }
}
