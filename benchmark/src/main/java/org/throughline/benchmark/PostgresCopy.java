package org.throughline.benchmark;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * PostgreSQL's own {@code COPY ... FROM STDIN}, the yardstick the platform's write paths are measured against: the
 * same rows as a CSV file, copied straight into the table, timed from the first byte to the server's answer.
 */
public final class PostgresCopy {

    private PostgresCopy() {
    }

    /** Seconds {@code copyFromStdin} (a {@code COPY ... FROM STDIN} statement) takes to load {@code csv}. */
    public static double seconds(Connection database, String copyFromStdin, Path csv) throws SQLException, IOException {
        long start = System.nanoTime();
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            database.unwrap(PGConnection.class).getCopyAPI().copyIn(copyFromStdin, reader, 1 << 16);
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
