package org.throughline.kpi.connector.source;

import java.io.IOException;

/**
 * A run that could not read its source: down, a credential missing or refused, a query error or timeout, too many
 * rows, an answer that is not JSON, a mapping that matches nothing. The code is what the run records and shows.
 */
public class SourceException extends IOException {

    private static final int MESSAGE_LENGTH = 500;

    private final String code;

    public SourceException(String code, String message) {
        super(message.length() > MESSAGE_LENGTH ? message.substring(0, MESSAGE_LENGTH) + "…" : message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
