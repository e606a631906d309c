package org.throughline.kpi.connector.source;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.throughline.kpi.connector.ConnectorConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Looks up a connector's credential by its name when a run needs it, so that no secret is ever stored in the database
 * or returned by the API: first the file of that name in the mounted connector Secret, then the environment variable
 * THROUGHLINE_CONNECTOR_ followed by the name in capitals (other characters as underscores).
 */
@ApplicationScoped
public class Credentials {

    /** No slash, no leading dot: a name never leaves the Secret's directory. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    @Inject
    ConnectorConfig config;

    public Optional<String> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = config.secretsDir().resolve(name);
        if (Files.isRegularFile(file)) {
            try {
                // A Secret's file holds the value as given; a trailing newline is an artefact of how it was written.
                return Optional.of(Files.readString(file).stripTrailing());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.ofNullable(System.getenv(environmentVariable(name)));
    }

    public String environmentVariable(String name) {
        return config.environmentPrefix() + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
