package org.throughline.launcher;

import org.throughline.testing.Directories;
import org.throughline.testing.KeycloakServer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The local run: starts the platform with demo data, prints where to reach it, and on Ctrl-C stops everything it
 * started. Data lives in {@code .run-data/postgres}; {@code --fresh} starts from an empty database; {@code --insecure}
 * runs without Keycloak (everyone is one local developer), clearly labelled; {@code --replicas N} runs N processes of
 * each service and of the gateway on the same databases, each application behind one address as a Kubernetes Service
 * puts its pods. While it runs, an application that exits
 * or stops answering its health checks is reported and started again; logs of earlier runs are kept beside the
 * current ones.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of(System.getProperty("throughline.home", ".")).toAbsolutePath().normalize();
        boolean fresh = List.of(args).contains("--fresh");
        boolean secure = !List.of(args).contains("--insecure");
        int replicas = replicas(List.of(args));
        Path runData = home.resolve(".run-data");
        if (fresh) {
            Directories.delete(runData.resolve("postgres"));
        }
        Platform platform = new Platform(home, Platform.Ports.standard(), runData.resolve("postgres"),
                runData.resolve("logs"), secure).replicas(replicas);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Throughline ...");
            platform.close();
            System.out.println("Stopped: no process or port left behind.");
        }, "throughline-stop"));

        if (!secure) {
            System.out.println("""
                    *** INSECURE QUICK START (--insecure): no Keycloak, no sign-in; every caller is one local developer
                    *** holding every role. For a first look on this machine only; run without --insecure for SSO.""");
        }
        System.out.println("Starting " + (secure ? "Keycloak, " : "") + "PostgreSQL, a mail server, plan-service, "
                + "kpi-service, governance-service and the gateway" + (replicas > 1 ? ", " + replicas + " of each," : "")
                + " (logs in " + home.relativize(runData.resolve("logs")) + ") ...");
        try {
            long started = System.nanoTime();
            platform.onProgress(step -> System.out.printf("  %3d s  %s%n", (System.nanoTime() - started) / 1_000_000_000,
                    step)).start();
            System.out.println("Loading the demo scenario through the gateway (unless it is there already) ...");
            boolean loaded = new DemoData(platform, LocalDate.now(ZoneId.of(DemoData.TIME_ZONE))).loadUnlessPresent();
            System.out.println(loaded ? "Demo data loaded: the cloud ERP migration scenario."
                    : "Kept the data from the previous run (start with --fresh for a clean demo).");
            // From here on, a service that dies or hangs is reported and started again.
            platform.supervise(Duration.ofSeconds(5), 3);
        } catch (RuntimeException e) {
            System.err.println("Throughline could not start: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("""

                Throughline is running.
                  GraphQL (gateway)  %s
                  GraphiQL           %s
                  plan-service       %s
                  kpi-service        %s
                  governance-service %s
                  sales system       psql %s
                                     (its quotes feed quote turnaround through a connector, every minute)
                Press Ctrl-C to stop everything.
                """.formatted(platform.gatewayUrl(), platform.graphiqlUrl(), platform.serviceUrl("plan"),
                platform.serviceUrl("kpi"), platform.serviceUrl("governance"), platform.salesDatabaseUrl()));
        platform.mailbox().ifPresent(mailbox -> System.out.println("""
                Notifications (e-mail) go to the local mail server, which keeps them until this run stops:
                  read them at       %s
                  or over IMAP       127.0.0.1:%d, POP3 127.0.0.1:%d (user and password: the address)
                  addresses          %s
                """.formatted(mailbox.webUrl(), mailbox.ports().imap(), mailbox.ports().pop3(), secure
                ? "the realm's, such as cfo@throughline.example" : "<user id>@throughline.example (no directory)")));
        platform.keycloak().ifPresent(keycloak -> System.out.println(SignIn.instructions(keycloak,
                home.resolve(KeycloakServer.REALM_FILE), platform.gatewayUrl(), platform.graphiqlUrl())));
        Thread.currentThread().join();
    }

    /** The number after {@code --replicas}, 1 without it; anything else stops the run with a message that says why. */
    private static int replicas(List<String> args) {
        int at = args.indexOf("--replicas");
        if (at < 0) {
            return 1;
        }
        String given = at + 1 < args.size() ? args.get(at + 1) : "";
        try {
            int replicas = Integer.parseInt(given);
            if (replicas >= 1 && replicas <= 8) {
                return replicas;
            }
        } catch (NumberFormatException notANumber) {
            // Said below.
        }
        System.err.println("--replicas needs a number of processes per application from 1 to 8, not '" + given + "'");
        System.exit(2);
        return 1;
    }
}
