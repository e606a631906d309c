package org.throughline.benchmark;

import org.throughline.benchmark.HostileRequestsBenchmark.Answer;
import org.throughline.testing.HostileRequests;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The report of {@link HostileRequestsBenchmark}, in Markdown: one row per request with each gateway's median, max
 * and code, whether ours stays under the 10 ms goal, every figure, and what the peers did otherwise than the suite
 * expects. Only renders what it is given, so that it can be tested on fixed numbers.
 */
final class HostileRequestsReport {

    /** Issue 25's goal for ours: each refusal under this median. */
    static final double GOAL_MILLIS = 10;

    /**
     * The sends of one request to one gateway: the measured times in ms (answers only), the first measured answer
     * (or the last one before, when none was measured), every code seen, and why the sends stopped early, or null.
     */
    record Measurement(String request, String gateway, List<Double> millis, Answer answer, Set<String> codes,
                       String stopped) {

        double median() {
            return percentile(millis, 50);
        }

        double p90() {
            return percentile(millis, 90);
        }

        double max() {
            return percentile(millis, 100);
        }
    }

    private final HostileRequestsBenchmark.Settings settings;
    private final String machine;
    private final LocalDate date;
    private final List<String> gateways;
    private final List<HostileRequests.Case> requests;
    private final Set<String> ordinary;
    private final String peerVersions;
    private final Map<String, Measurement> measurements = new LinkedHashMap<>();
    private final Map<String, String> unavailable = new LinkedHashMap<>();
    private final List<String> restarts = new ArrayList<>();
    private final Map<String, String> introspection = new LinkedHashMap<>();
    private String loadAverage = "";

    /**
     * {@code requests} in the order of the rows; {@code ordinary} names those among them that are the ordinary
     * operation, the reference.
     */
    HostileRequestsReport(HostileRequestsBenchmark.Settings settings, String machine, LocalDate date,
                          List<String> gateways, List<HostileRequests.Case> requests, Set<String> ordinary,
                          String peerVersions) {
        this.settings = settings;
        this.machine = machine;
        this.date = date;
        this.gateways = gateways;
        this.requests = requests;
        this.ordinary = ordinary;
        this.peerVersions = peerVersions;
    }

    void measured(Measurement measurement) {
        measurements.put(measurement.request() + "\n" + measurement.gateway(), measurement);
    }

    void unavailable(String gateway, String why) {
        unavailable.put(gateway, why);
    }

    /** The machine's one-minute load average when the run started and when it ended: how shared it was. */
    void loadAverage(String atStart, String atEnd) {
        loadAverage = ", load average " + atStart + " at the start and " + atEnd + " at the end";
    }

    /** What the gateway does with an introspection query: "answers it", or how it refuses it. */
    void introspection(String gateway, String what) {
        introspection.put(gateway, what);
    }

    void restarted(String gateway, String request) {
        restarts.add(gateway + " after \"" + request + "\"");
    }

    /**
     * The value below which {@code percent} % of the values lie, by nearest rank (the median of 30 values is the
     * 15th smallest; 100 gives the largest); NaN for no values.
     */
    static double percentile(List<Double> values, int percent) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** A figure in ms: two decimals below 10, one below 100, none above. */
    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "–";
        }
        return String.format(millis < 10 ? "%.2f" : millis < 100 ? "%.1f" : "%.0f", millis);
    }

    /** "median (max) code", and any other code seen in the same sends. */
    static String cell(Measurement measurement) {
        String times = measurement.millis().isEmpty() ? "–"
                : ms(measurement.median()) + " (" + ms(measurement.max()) + ")";
        String code = measurement.answer() == null ? "–" : measurement.answer().code();
        StringBuilder cell = new StringBuilder(times).append(' ').append(code);
        measurement.codes().stream().filter(other -> !other.equals(code)).forEach(other -> cell.append(" / ")
                .append(other));
        return cell.toString();
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Hostile requests: the time each gateway takes to refuse them\n\n");
        if (!settings.note().isBlank()) {
            md.append("**").append(settings.note()).append("**\n\n");
        }
        md.append(String.format("Run on %s, on %s%s. Everything on the one machine: the four subgraphs of the public"
                        + " federation benchmark (their own JVM), the client (one request at a time, Java's HttpClient"
                        + " over HTTP/1.1) and the gateways, each idle while another is measured. Each gateway first"
                        + " answers the ordinary operation below %d times, as a gateway in service has answered many"
                        + " requests before an attacker's. Then per request: %d warm-up sends to each gateway, then"
                        + " %d rounds in which each gateway gets one send in turn (so that a burst of other work falls"
                        + " on all alike; the order rotates from one request to the next), one send at a time, each"
                        + " timed by the client from send to the last byte of the answer, with a %d s timeout; no more"
                        + " sends of one request to one gateway after %d s. A gateway that gives no answer within the timeout is killed,"
                        + " started again and preheated again, and its remaining sends of that request are skipped."
                        + " Median, p90 and max"
                        + " by nearest rank; ms throughout.%n%n",
                date, machine, loadAverage, settings.preheat(), settings.warmup(), settings.repetitions(), settings.timeout().toSeconds(),
                settings.budget().toSeconds()));
        md.append("Gateways: ours as it ships (`gateway/target/quarkus-app/quarkus-run.jar`, `-Xmx320m"
                + " -XX:+UseSerialGC`, operation limits on as they ship, in-flight deduplication on), composing the"
                + " subgraphs itself; the peers on the supergraph ours composed, installed by `npm ci` from the"
                + " committed lock files (").append(peerVersions).append("), deduplication on where they have it."
                + " The requests are `HostileRequests.all()` (`testing/`), which select only `__typename` and"
                + " introspection.\n\n");
        if (!introspection.isEmpty()) {
            md.append("Introspection, `{ __schema { queryType { name } } }` sent once at the start (most requests of"
                    + " the suite introspect, so a gateway that refuses introspection may refuse them for that"
                    + " alone): ");
            List<String> answers = new ArrayList<>();
            introspection.forEach((gateway, what) -> answers.add(gateway + " " + what));
            md.append(String.join("; ", answers)).append(".\n\n");
        }
        md.append("Reference, an ordinary operation answered from one subgraph (`")
                .append(GatewaysBenchmark.OPERATIONS.get("one subgraph").strip()).append("`):\n\n");
        for (HostileRequests.Case request : requests) {
            if (!ordinary.contains(request.name())) {
                continue;
            }
            md.append("- ").append(request.name()).append(": ");
            List<String> figures = new ArrayList<>();
            for (String gateway : gateways) {
                measurement(request, gateway).ifPresent(m -> figures.add(gateway + " " + ms(m.median()) + " (p90 "
                        + ms(m.p90()) + ", max " + ms(m.max()) + ")"));
            }
            md.append(String.join("; ", figures)).append('\n');
        }
        md.append("\n## Time to answer each request\n\nEach cell: median (max) and what came back: the first error's"
                + " `extensions.code`, `data` for data without errors, `batch of N` for an array of answers, `not"
                + " JSON`, `no code` for an error without one, or no answer. Expected: the suite's HTTP status and"
                + " code. \"Ours under 10 ms\": whether the median is under issue 25's goal, for ")
                .append(String.join(" / ", ours())).append(".\n\n| request | expected |");
        gateways.forEach(gateway -> md.append(' ').append(gateway).append(" |"));
        md.append(" ours under 10 ms |\n|---|---|").append("---|".repeat(gateways.size())).append("---|\n");
        for (HostileRequests.Case request : requests) {
            md.append("| ").append(escape(request.name())).append(" | ").append(request.status()).append(' ')
                    .append(request.code() == null ? "data" : request.code()).append(" |");
            for (String gateway : gateways) {
                md.append(' ').append(measurement(request, gateway).map(m -> escape(cell(m))).orElse("not measured"))
                        .append(" |");
            }
            md.append(' ').append(ordinary.contains(request.name()) ? "–" : underGoal(request)).append(" |\n");
        }
        md.append("\n## Every figure\n\n| request | gateway | HTTP | code | median | p90 | max | measured sends |"
                + " message, or the data's fields (cut short) | internals in the message |\n"
                + "|---|---|---:|---|---:|---:|---:|---:|---|---|\n");
        for (HostileRequests.Case request : requests) {
            for (String gateway : gateways) {
                measurement(request, gateway).ifPresent(m -> md.append(String.format(
                        "| %s | %s | %s | %s | %s | %s | %s | %d | %s | %s |%n", escape(request.name()), gateway,
                        m.answer() == null || m.answer().status() == 0 ? "–" : String.valueOf(m.answer().status()),
                        escape(m.codes().isEmpty() && m.answer() != null ? m.answer().code()
                                : String.join(" / ", m.codes())), ms(m.median()), ms(m.p90()), ms(m.max()),
                        m.millis().size(), m.answer() == null ? "" : escape(m.answer().detail()),
                        m.answer() == null || m.answer().internals() == null ? "no"
                                : "yes: `" + m.answer().internals().replace("`", "'") + "`")));
            }
        }
        md.append("\n## What the peers did otherwise than the suite expects\n\nListed per gateway: an answer where"
                + " the suite expects a refusal or the other way round, a batch answered, an error without a"
                + " code, a body that is not JSON, no answer within the timeout, a median of 10 ms or more, a"
                + " message that matches `HostileRequests.INTERNALS`, or different answers to the same request."
                + " A refusal with another code or HTTP status than the suite's is not listed here (see the"
                + " figures above).\n\n");
        for (String gateway : gateways) {
            md.append("### ").append(gateway).append(isOurs(gateway) ? " (ours)" : "")
                    .append("\n\n");
            List<String> lines = differences(gateway);
            if (lines.isEmpty()) {
                md.append("Nothing: every request answered as the suite expects, each median under 10 ms.\n");
            }
            lines.forEach(line -> md.append("- ").append(line).append('\n'));
            md.append('\n');
        }
        if (!restarts.isEmpty()) {
            md.append("## Started again after no answer\n\n");
            restarts.forEach(restart -> md.append("- ").append(restart).append('\n'));
            md.append('\n');
        }
        if (!unavailable.isEmpty()) {
            md.append("## Not measured\n\n");
            unavailable.forEach((gateway, why) -> md.append("- ").append(gateway).append(": ").append(why)
                    .append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    /** Yes or no for each of ours measured, in the order of {@link #ours()}. */
    private String underGoal(HostileRequests.Case request) {
        List<String> verdicts = new ArrayList<>();
        for (String gateway : ours()) {
            verdicts.add(measurement(request, gateway).map(m -> !m.millis().isEmpty() && m.stopped() == null
                    && m.median() < GOAL_MILLIS ? "yes" : "no").orElse("–"));
        }
        return verdicts.isEmpty() ? "–" : String.join(" / ", verdicts);
    }

    /** Our gateway in each setting measured. */
    private List<String> ours() {
        return gateways.stream().filter(HostileRequestsReport::isOurs).toList();
    }

    private static boolean isOurs(String gateway) {
        return gateway.startsWith(GatewaysBenchmark.OURS);
    }

    /** What a gateway did otherwise than the suite expects, one line per request. */
    List<String> differences(String gateway) {
        List<String> lines = new ArrayList<>();
        for (HostileRequests.Case request : requests) {
            if (ordinary.contains(request.name())) {
                continue;
            }
            Optional<Measurement> measured = measurement(request, gateway);
            if (measured.isEmpty()) {
                continue;
            }
            Measurement m = measured.get();
            List<String> facts = new ArrayList<>();
            Answer answer = m.answer();
            if (m.stopped() != null) {
                facts.add(m.stopped());
            }
            if (answer != null && answer.status() != 0) {
                String seen = "HTTP " + answer.status();
                boolean refused = !answer.code().equals(HostileRequestsBenchmark.DATA);
                if (request.code() != null && answer.code().equals(HostileRequestsBenchmark.DATA)) {
                    facts.add("answered it with data (" + seen + ", " + answer.detail() + ") where the suite expects"
                            + " a refusal, " + request.code());
                } else if (answer.code().startsWith("batch of")) {
                    facts.add("answered it as a " + answer.code() + " (" + seen + ")");
                } else if (request.code() == null && refused) {
                    facts.add("refused it (" + seen + ", " + answer.code() + ": " + answer.detail() + ") where the"
                            + " suite expects data");
                } else if (answer.code().equals(HostileRequestsBenchmark.NOT_JSON)) {
                    facts.add("answered with a body that is not JSON (" + seen + "): " + answer.detail());
                } else if (answer.code().equals(HostileRequestsBenchmark.NO_CODE)) {
                    facts.add("refused it without an `extensions.code` (" + seen + "): " + answer.detail());
                }
                if (answer.internals() != null) {
                    boolean shown = facts.stream().anyMatch(fact -> fact.contains(answer.detail()));
                    facts.add("its message matches `INTERNALS` at `" + answer.internals().replace("`", "'") + "`"
                            + (shown ? "" : ": " + answer.detail()));
                }
            }
            if (!m.millis().isEmpty() && m.median() >= GOAL_MILLIS) {
                facts.add("took a median of " + ms(m.median()) + " ms (max " + ms(m.max()) + ")");
            }
            if (m.codes().size() > 1 && m.stopped() == null) {
                facts.add("answered differently across sends: " + String.join(" / ", m.codes()));
            }
            if (!facts.isEmpty()) {
                lines.add("**" + request.name() + "**: " + String.join("; ", facts) + ".");
            }
        }
        return lines;
    }

    private Optional<Measurement> measurement(HostileRequests.Case request, String gateway) {
        return Optional.ofNullable(measurements.get(request.name() + "\n" + gateway));
    }

    private static String escape(String text) {
        return text.replace("|", "\\|");
    }
}
