package org.throughline.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import org.throughline.launcher.DemoData;
import org.throughline.launcher.GraphQLClient;
import org.throughline.launcher.Platform;
import org.throughline.testing.GraphQLWebSocket;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The time from a measurement recorded to the signal it raises or clears arriving at a subscribed client, on the
 * whole platform as the local run starts it (Keycloak, the demo loaded, the five-minute timer left on): the CFO
 * subscribes to PROGRESS_BIAS over graphql-ws at governance-service, and a steward records quote turnaround for
 * today through the gateway, alternately on the committed trajectory (the demo's bias clears) and far off it (it is
 * raised again). Not a test: its own command ({@code ./benchmark-live.sh}), because it measures time.
 */
public final class LiveSignalsBenchmark {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    private LiveSignalsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("throughline.home", ".")).toAbsolutePath().normalize();
        int rounds = Integer.getInteger("benchmark.rounds", 100);
        int warmUp = Integer.getInteger("benchmark.warm-up", 10);
        Path logs = home.resolve("benchmark/target/live-run");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        System.out.println("Starting the platform with Keycloak and loading the demo ...");
        try (Platform platform = new Platform(home, Platform.Ports.free(), null, logs).onProgress(System.out::println)
                .start()) {
            new DemoData(platform, today).loadUnlessPresent();
            GraphQLClient cfo = platform.clientAs("cfo");
            JsonNode bias = cfo.data("""
                    { commitments { id kpi { id name } outcome { expectedValueToday } } }
                    """, Map.of()).get("commitments");
            JsonNode biased = null;
            for (JsonNode commitment : bias) {
                if ("Quote turnaround time".equals(commitment.at("/kpi/name").asText())) {
                    biased = commitment;
                }
            }
            if (biased == null) {
                throw new IllegalStateException("the demo has no commitment on quote turnaround: " + bias);
            }
            String commitment = biased.get("id").asText();
            String kpi = biased.at("/kpi/id").asText();
            double onTrack = biased.at("/outcome/expectedValueToday").asDouble();
            double offTrack = onTrack + 25;
            URI socket = URI.create(platform.gatewayUrl().replaceFirst("^http", "ws"));
            List<Double> millis = new ArrayList<>();
            // The steward's token is renewed every 20 rounds, the CFO's socket with it: tokens live five minutes.
            GraphQLWebSocket subscriber = null;
            GraphQLClient steward = null;
            try {
                for (int round = 0; round < rounds + warmUp; round++) {
                    if (round % 20 == 0) {
                        if (subscriber != null) {
                            subscriber.close();
                        }
                        subscriber = subscribe(platform, socket);
                        steward = platform.clientAs("sales-steward");
                    }
                    boolean clear = round % 2 == 0;
                    String expected = clear ? "CLEARED" : "RAISED";
                    long sent = System.nanoTime();
                    steward.data("""
                            mutation Measure($kpi: ID!, $value: Float!, $day: Date!) {
                              recordMeasurement(measurement: { kpiId: $kpi, value: $value, observedAt: $day }) { id }
                            }
                            """, Map.of("kpi", kpi, "value", clear ? onTrack : offTrack, "day", today.toString()));
                    awaitChange(subscriber, commitment, expected);
                    double elapsed = (System.nanoTime() - sent) / 1e6;
                    if (round >= warmUp) {
                        millis.add(elapsed);
                    }
                }
            } finally {
                if (subscriber != null) {
                    subscriber.close();
                }
            }
            Collections.sort(millis);
            String report = """
                    # From a measurement to the signal at a subscriber

                    One run on this machine (%d cores), %s: the whole platform as `./run.sh` starts it (Keycloak, the
                    demo loaded, every token checked), the CFO subscribed over graphql-ws through the gateway to
                    PROGRESS_BIAS (each event joined with the KPI's name and status from kpi-service), the sales
                    steward recording quote turnaround for today through the gateway,
                    alternately on the committed trajectory (the bias clears) and 25 h off it (it is raised again).
                    Measured from sending the measurement to the event arriving at the subscriber; %d rounds after %d
                    of warm-up.

                    | p50 | p90 | p99 | max | goal p99 |
                    |---:|---:|---:|---:|---:|
                    | %.0f ms | %.0f ms | %.0f ms | %.0f ms | 2,000 ms |

                    Command: `./benchmark-live.sh` (`-Dbenchmark.rounds=%d`).
                    """.formatted(Runtime.getRuntime().availableProcessors(), today, millis.size(), warmUp,
                    percentile(millis, 50), percentile(millis, 90), percentile(millis, 99),
                    millis.get(millis.size() - 1), rounds);
            Path file = home.resolve("docs/benchmarks/live-signals-" + today + ".md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, report);
            System.out.println(report);
            System.out.println("Written to " + home.relativize(file));
        }
    }

    private static GraphQLWebSocket subscribe(Platform platform, URI socket) {
        // Through the gateway, as a front end subscribes: each event comes back with the KPI's status from kpi-service.
        GraphQLWebSocket subscriber = GraphQLWebSocket.open(socket, Map.of())
                .init(Map.of("Authorization", platform.bearer("cfo")), WITHIN);
        subscriber.subscribe("bias", """
                subscription {
                  signalEvents(filter: { kinds: [PROGRESS_BIAS] }) { change signal { subjectId kpi { name analytics { status } } } }
                }
                """, Map.of());
        return subscriber;
    }

    private static void awaitChange(GraphQLWebSocket subscriber, String commitment, String change) {
        while (true) {
            JsonNode message = subscriber.next(WITHIN);
            if (!"next".equals(message.path("type").asText())) {
                throw new IllegalStateException("the subscription ended: " + message);
            }
            JsonNode event = message.at("/payload/data/signalEvents");
            if (commitment.equals(event.at("/signal/subjectId").asText()) && change.equals(event.get("change").asText())) {
                return;
            }
        }
    }

    private static double percentile(List<Double> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
