package org.throughline.governance;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.throughline.testing.FreePort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where governance's mail goes in the notification tests: a free port on this machine, on which the test starts a
 * real SMTP server (GreenMail) of its own; and a directory of webhook secrets by name, as a mounted Kubernetes Secret
 * would be.
 */
public class SmtpAndSecrets implements QuarkusTestResourceLifecycleManager {

    /** The webhook secret kept in the directory under the name {@link #SECRET_NAME}. */
    public static final String SECRET_NAME = "erp-webhook";
    public static final String SECRET = "kept-in-a-kubernetes-secret-0123456789";

    private Path directory;

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("webhook-secrets");
            Files.writeString(directory.resolve(SECRET_NAME), SECRET + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(FreePort.pick()),
                "quarkus.mailer.mock", "false",
                "throughline.governance.notify.webhooks.secrets-directory", directory.toString());
    }

    @Override
    public void stop() {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
            Files.delete(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
