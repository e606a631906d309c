package org.throughline.kpi.ingest;

/** A batch key already recorded for a batch with other content. */
public class BatchKeyReusedException extends Exception {
    public BatchKeyReusedException(String message) {
        super(message);
    }
}
