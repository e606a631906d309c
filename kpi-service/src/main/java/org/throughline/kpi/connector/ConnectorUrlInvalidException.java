package org.throughline.kpi.connector;

import io.smallrye.graphql.api.ErrorCode;
import org.throughline.subgraph.RejectedInputException;

/** An HTTP connector's URL that cannot be fetched: not http or https, no host, or a credential in it. */
@ErrorCode("connector-url-invalid")
public class ConnectorUrlInvalidException extends RejectedInputException {
    public ConnectorUrlInvalidException(String field, String message) {
        super(field, message);
    }
}
