package org.throughline.subgraph;

import io.smallrye.graphql.api.ErrorCode;

/**
 * A change based on a version of an item that is no longer current: someone else changed it first. Nothing of the
 * change was written; the caller reads the item again and decides.
 */
@ErrorCode("version-conflict")
public class VersionConflictException extends RejectedInputException {

    public VersionConflictException(String item, Object id, long versionRead, Long currentVersion) {
        super("version", item + " " + id + " was changed by someone else: the change was based on version "
                + versionRead + (currentVersion == null ? "" : ", it is now at version " + currentVersion)
                + ". Nothing was written; read it again and repeat the change.");
    }

    /** A conflict over several items at once, such as a spreadsheet import, told in the message. */
    public VersionConflictException(String message) {
        super("version", message);
    }
}
