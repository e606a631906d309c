package org.throughline.governance;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where governance's mail goes in the notification tests: a real SMTP server (GreenMail) on a port the system chooses,
 * which the test reads its mails from; and a directory of webhook secrets by name, as a mounted Kubernetes Secret
 * would be.
 */
public class SmtpAndSecrets implements QuarkusTestResourceLifecycleManager {

    /** The webhook secret kept in the directory under the name {@link #SECRET_NAME}. */
    public static final String SECRET_NAME = "erp-webhook";
    public static final String SECRET = "kept-in-a-kubernetes-secret-0123456789";

    private static volatile GreenMail smtp;

    private Path directory;

    /** The SMTP server governance sends to, while the test resource runs. */
    static GreenMail smtp() {
        if (smtp == null) {
            throw new IllegalStateException("the SMTP server is not running for this test");
        }
        return smtp;
    }

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory("webhook-secrets");
            Files.writeString(directory.resolve(SECRET_NAME), SECRET + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        server.start();
        smtp = server;
        return Map.of("quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(server.getSmtp().getPort()),
                "quarkus.mailer.mock", "false",
                "throughline.governance.notify.webhooks.secrets-directory", directory.toString());
    }

    @Override
    public void stop() {
        if (smtp != null) {
            smtp.stop();
            smtp = null;
        }
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
