package org.throughline.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.throughline.testing.HostileRequests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;

/**
 * The time each gateway takes to refuse each of {@link HostileRequests} (issue 25: under 10 ms each for ours), beside
 * the time it takes to answer an ordinary operation, measured in one run: our gateway as it ships and the peers
 * {@link Gateways} starts, in front of the public federation benchmark's subgraphs. One request at a time, the
 * gateways in turn, timed by the client from send to the last byte of the answer. A gateway that gives no answer within the timeout (a Node.js
 * peer pinned by a document) is killed and started again, so that it neither wedges the run nor takes the cores
 * from the gateway measured next. Writes {@code benchmark/target/hostile/results.md}.
 *
 * <p>Settings (system properties): {@code benchmark.preheat} (1000 ordinary operations sent to each gateway before
 * anything is measured, as a gateway in service has answered many), {@code benchmark.warmup} (5 sends of each
 * request to each gateway), {@code benchmark.repetitions} (30 rounds of one send to each gateway),
 * {@code benchmark.timeout} (15s a send), {@code benchmark.budget} (60s: no more sends of one request to one gateway
 * after this), {@code benchmark.gateways} (all of {@link #KEYS} but hive-router-runtime), {@code benchmark.cases}
 * (only the requests whose name contains one of these words; all by default), {@code benchmark.note} (a line atop
 * the report), and ours' {@code benchmark.oursJava} and {@code benchmark.oursJvmOptions} as in
 * {@link GatewaysBenchmark}.
 */
public final class HostileRequestsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            // HTTP/1.1 as the other benchmarks: no h2c upgrade header, which Hive Gateway leaves unanswered.
            .version(HttpClient.Version.HTTP_1_1).build();
    /** An answer's "code" when it has data and no errors. */
    static final String DATA = "data";
    static final String NOT_JSON = "not JSON";
    static final String NO_CODE = "no code";
    /**
     * Keys for {@code benchmark.gateways}, with the names the report gives them. Ours and Apollo's switch
     * introspection off as they ship (Apollo's under {@code NODE_ENV=production}), and most requests of the suite
     * introspect: each also runs with it on, the setting of the suite's tests and of the local run.
     */
    static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("throughline", GatewaysBenchmark.OURS);
        KEYS.put("throughline-introspection", GatewaysBenchmark.OURS + ", introspection on");
        KEYS.put("grafbase", GatewaysBenchmark.KEYS.get("grafbase"));
        KEYS.put("hive-router-runtime", GatewaysBenchmark.KEYS.get("hive-router-runtime"));
        KEYS.put("hive", GatewaysBenchmark.KEYS.get("hive"));
        KEYS.put("apollo", GatewaysBenchmark.KEYS.get("apollo"));
        KEYS.put("apollo-introspection", GatewaysBenchmark.KEYS.get("apollo") + ", introspection on");
    }

    /** The reference, an ordinary operation answered from one subgraph; also what preheats each gateway. */
    static final byte[] ORDINARY = utf8Json(GatewaysBenchmark.OPERATIONS.get("one subgraph").strip());
    /** Sent once to each gateway at the start, so that the report says which of them answer introspection. */
    static final byte[] INTROSPECTION = "{\"query\": \"{ __schema { queryType { name } } }\"}"
            .getBytes(StandardCharsets.UTF_8);

    record Settings(int preheat, int warmup, int repetitions, Duration timeout, Duration budget,
                    List<String> gateways, List<String> cases, String note) {

        static Settings fromSystemProperties() {
            return new Settings(Integer.getInteger("benchmark.preheat", 1000),
                    Integer.getInteger("benchmark.warmup", 5),
                    Integer.getInteger("benchmark.repetitions", 30),
                    duration(System.getProperty("benchmark.timeout", "15s")),
                    duration(System.getProperty("benchmark.budget", "60s")),
                    list(System.getProperty("benchmark.gateways",
                            "throughline,throughline-introspection,grafbase,hive,apollo,apollo-introspection")),
                    list(System.getProperty("benchmark.cases", "")),
                    System.getProperty("benchmark.note", ""));
        }

        static Duration duration(String text) {
            return Duration.parse("PT" + text.strip().toUpperCase());
        }

        static List<String> list(String text) {
            return Arrays.stream(text.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
        }

        /** What a send that timed out is recorded as. */
        String noAnswer() {
            return "no answer within " + timeout.toSeconds() + " s";
        }
    }

    /**
     * What a gateway answered to one send. {@code code}: the first error's {@code extensions.code}, {@link #NO_CODE}
     * when it has none, {@link #DATA} for data without errors, "batch of N" for a JSON array, {@link #NOT_JSON}, or
     * why there was no answer; {@code detail}: the first error's message, the data's fields or the body, cut short;
     * {@code internals}: what in the message matches {@link HostileRequests#INTERNALS}, or null.
     */
    record Answer(int status, String code, String detail, String internals) {

        static Answer read(int status, byte[] body) {
            String text = new String(body, StandardCharsets.UTF_8);
            JsonNode tree;
            try {
                tree = JSON.readTree(body);
            } catch (IOException e) {
                tree = null;
            }
            if (tree == null || !(tree.isObject() || tree.isArray())) {
                return new Answer(status, NOT_JSON, text.isEmpty() ? "(empty body)" : cut(text), internals(text));
            }
            if (tree.isArray()) {
                StringBuilder messages = new StringBuilder();
                tree.forEach(item -> messages.append(firstMessage(item)).append(' '));
                return new Answer(status, "batch of " + tree.size(), cut(text), internals(messages.toString()));
            }
            JsonNode errors = tree.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                JsonNode first = errors.get(0);
                JsonNode code = first.path("extensions").path("code");
                String message = firstMessage(tree);
                return new Answer(status, code.isValueNode() ? code.asText() : NO_CODE, cut(message),
                        internals(message));
            }
            JsonNode data = tree.path("data");
            if (data.isObject()) {
                List<String> fields = new ArrayList<>();
                data.fieldNames().forEachRemaining(fields::add);
                return new Answer(status, DATA, "data " + fields, null);
            }
            return new Answer(status, "neither data nor errors", cut(text), null);
        }

        static Answer failed(String why, String detail) {
            return new Answer(0, why, detail, null);
        }

        private static String firstMessage(JsonNode answer) {
            return answer.path("errors").path(0).path("message").asText("");
        }

        /** What in a message matches {@link HostileRequests#INTERNALS}, or null. */
        static String internals(String message) {
            Matcher match = HostileRequests.INTERNALS.matcher(message);
            return match.find() ? match.group() : null;
        }

        private static String cut(String text) {
            String line = text.replaceAll("\\s+", " ").strip();
            return line.length() <= 160 ? line : line.substring(0, 160) + "…";
        }
    }

    /** One gateway of the run, started again after it gave no answer. */
    private static final class Contender {
        final String name;
        private final Starter starter;
        GatewayProcess process;
        /** Why it no longer runs, once it could not be started again. */
        String failure;

        Contender(String name, Starter starter, GatewayProcess process) {
            this.name = name;
            this.starter = starter;
            this.process = process;
        }

        void restart() {
            process.kill();
            try {
                process = starter.start();
            } catch (Exception e) {
                process = null;
                failure = "could not be started again: " + String.valueOf(e.getMessage()).lines().findFirst()
                        .orElse(e.toString());
            }
        }
    }

    private interface Starter {
        GatewayProcess start() throws Exception;
    }

    /** One send: its time from send to the last byte of the answer in ms, what came back, whether it timed out. */
    private record Send(double millis, Answer answer, boolean timedOut) {
    }

    /**
     * One request's sends to one gateway, as they come: the measured times (answers only), every code seen, the
     * first measured answer, the last one before it, and why the sends stopped early.
     */
    private static final class Sends {
        final Contender contender;
        final HostileRequests.Case request;
        final List<Double> millis = new ArrayList<>();
        final Set<String> codes = new LinkedHashSet<>();
        Answer firstMeasured;
        Answer lastUnmeasured;
        String stopped;
        int sent;
        long spentNanos;

        Sends(Contender contender, HostileRequests.Case request) {
            this.contender = contender;
            this.request = request;
        }

        boolean done(Settings settings) {
            return stopped != null || contender.process == null || spentNanos > settings.budget().toNanos();
        }

        HostileRequestsReport.Measurement measurement(Settings settings) {
            String why = stopped == null && spentNanos > settings.budget().toNanos()
                    ? "its " + settings.budget().toSeconds() + " s budget spent after " + sent + " sends ("
                    + millis.size() + " measured)" : stopped;
            return new HostileRequestsReport.Measurement(request.name(), contender.name, millis,
                    firstMeasured != null ? firstMeasured : lastUnmeasured, codes, why);
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("throughline.home", ".")).toAbsolutePath().normalize();
        Settings settings = Settings.fromSystemProperties();
        for (String key : settings.gateways()) {
            if (!KEYS.containsKey(key)) {
                throw new IllegalArgumentException("benchmark.gateways: unknown gateway " + key + "; known: "
                        + KEYS.keySet());
            }
        }
        Path output = Files.createDirectories(home.resolve("benchmark/target/hostile"));
        Path work = Files.createDirectories(output.resolve("run"));
        List<HostileRequests.Case> hostile = HostileRequests.all().stream()
                .filter(c -> settings.cases().isEmpty() || settings.cases().stream().anyMatch(c.name()::contains))
                .toList();
        HostileRequests.Case first = new HostileRequests.Case("ordinary TopProducts, before the cases", ORDINARY,
                null, 200);
        HostileRequests.Case last = new HostileRequests.Case("ordinary TopProducts, after the cases", ORDINARY,
                null, 200);
        List<HostileRequests.Case> requests = new ArrayList<>();
        requests.add(first);
        requests.addAll(hostile);
        requests.add(last);

        try (SubgraphsProcess subgraphs = SubgraphsProcess.start(work)) {
            System.out.println("Subgraphs (own process): " + subgraphs.urls());
            List<Contender> contenders = new ArrayList<>();
            Map<String, String> unavailable = new LinkedHashMap<>();
            try {
                start(home, work, subgraphs, settings.gateways(), contenders, unavailable);
                String loadAtStart = loadAverage();
                HostileRequestsReport report = new HostileRequestsReport(settings, machine(), LocalDate.now(),
                        contenders.stream().map(c -> c.name).toList(), requests,
                        Set.of(first.name(), last.name()), peerVersions(home));
                unavailable.forEach(report::unavailable);
                for (Contender contender : contenders) {
                    preheat(settings, contender);
                    Answer answer = send(settings, contender.process.url, INTROSPECTION).answer();
                    report.introspection(contender.name, answer.code().equals(DATA) ? "answers it"
                            : "refuses it (HTTP " + answer.status() + ", " + answer.code() + ")");
                }
                for (int i = 0; i < requests.size(); i++) {
                    HostileRequests.Case request = requests.get(i);
                    System.out.println(request.name() + ":");
                    // The order rotates from one request to the next, so that no gateway is always measured first.
                    List<Contender> order = new ArrayList<>(contenders);
                    Collections.rotate(order, -(i % Math.max(1, order.size())));
                    for (Sends sends : measure(settings, order, request, report)) {
                        HostileRequestsReport.Measurement measured = sends.measurement(settings);
                        report.measured(measured);
                        System.out.println("  " + sends.contender.name + ": " + HostileRequestsReport.cell(measured));
                        if (sends.contender.failure != null) {
                            report.unavailable(sends.contender.name, sends.contender.failure + " after \""
                                    + request.name() + "\"; its later requests are not measured");
                        }
                    }
                }
                report.loadAverage(loadAtStart, loadAverage());
                String markdown = report.markdown();
                Files.writeString(output.resolve("results.md"), markdown);
                System.out.println();
                System.out.println(markdown);
                System.out.println("Written to " + home.relativize(output) + "/results.md (logs in run/)");
            } finally {
                contenders.stream().filter(c -> c.process != null).forEach(c -> c.process.close());
            }
        }
    }

    /**
     * Starts the chosen gateways, ours first: the peers take the supergraph ours composed. A peer that cannot start
     * is listed in {@code unavailable} with the reason; the others run.
     */
    private static void start(Path home, Path work, SubgraphsProcess subgraphs, List<String> keys,
                              List<Contender> contenders, Map<String, String> unavailable) throws Exception {
        System.out.println("Starting the gateways, in-flight deduplication on...");
        Starter oursStarter = () -> Gateways.ours(home, work, subgraphs.urls(), true);
        GatewayProcess ours = oursStarter.start();
        Path supergraph = work.resolve("supergraph.graphql");
        Files.writeString(supergraph, GatewayProcess.get(ours.url.replace("/graphql", "/supergraph")));
        if (keys.contains("throughline")) {
            contenders.add(new Contender(KEYS.get("throughline"), oursStarter, ours));
        } else {
            ours.close();
        }
        Map<String, Starter> starters = new LinkedHashMap<>();
        starters.put("throughline-introspection", () -> Gateways.ours(
                home.resolve("gateway/target/quarkus-app/quarkus-run.jar"), KEYS.get("throughline-introspection"),
                "throughline-gateway-introspection", work, subgraphs.urls(), true,
                System.getProperty("benchmark.oursJava", System.getProperty("java.home")),
                System.getProperty("benchmark.oursJvmOptions", "") + " -Dthroughline.gateway.introspection=true"));
        starters.put("grafbase", () -> Gateways.grafbase(home, work, subgraphs, true));
        starters.put("hive-router-runtime", () -> Gateways.hive(home, work, supergraph, true, true));
        starters.put("hive", () -> Gateways.hive(home, work, supergraph, false, true));
        starters.put("apollo", () -> Gateways.apollo(home, work, supergraph, false));
        starters.put("apollo-introspection", () -> Gateways.apollo(home, work, supergraph, true));
        for (Map.Entry<String, Starter> starter : starters.entrySet()) {
            if (!keys.contains(starter.getKey())) {
                continue;
            }
            String name = KEYS.get(starter.getKey());
            try {
                contenders.add(new Contender(name, starter.getValue(), starter.getValue().start()));
                System.out.println("  " + name + " is up");
            } catch (Exception e) {
                System.out.println("  " + name + " could not be run: " + e.getMessage());
                unavailable.put(name, String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString())
                        + " (log in " + work + ")");
            }
        }
    }

    /**
     * The warm-up sends of each gateway in turn, then the measured sends alternating between the gateways, one send
     * each in turn, so that a burst of other work on the shared machine falls on all of them alike. A gateway's
     * sends stop at its first send without an answer (and it is started again) or once its budget is spent.
     */
    private static List<Sends> measure(Settings settings, List<Contender> order, HostileRequests.Case request,
                                       HostileRequestsReport report) throws InterruptedException {
        List<Sends> all = order.stream().filter(c -> c.process != null).map(c -> new Sends(c, request)).toList();
        for (Sends sends : all) {
            for (int i = 0; i < settings.warmup() && !sends.done(settings); i++) {
                sendOnce(settings, sends, false, report);
            }
        }
        for (int i = 0; i < settings.repetitions(); i++) {
            for (Sends sends : all) {
                if (!sends.done(settings)) {
                    sendOnce(settings, sends, true, report);
                }
            }
        }
        return all;
    }

    private static void sendOnce(Settings settings, Sends sends, boolean measured, HostileRequestsReport report)
            throws InterruptedException {
        Contender contender = sends.contender;
        long start = System.nanoTime();
        Send send = send(settings, contender.process.url, sends.request.body());
        sends.spentNanos += System.nanoTime() - start;
        sends.sent++;
        if (send.timedOut() || !contender.process.isAlive()) {
            sends.codes.add(send.answer().code());
            sends.lastUnmeasured = send.answer();
            int total = settings.warmup() + settings.repetitions();
            sends.stopped = (send.timedOut() ? send.answer().code() : "its process exited") + " at send "
                    + sends.sent + " of " + total + " (" + settings.warmup() + " to warm up); started again and"
                    + " preheated";
            System.out.println("  " + contender.name + ": " + sends.stopped);
            report.restarted(contender.name, sends.request.name());
            contender.restart();
            if (contender.process != null) {
                preheat(settings, contender);
            }
            return;
        }
        if (measured) {
            sends.codes.add(send.answer().code());
            if (send.answer().status() != 0) {
                sends.millis.add(send.millis());
            }
            sends.firstMeasured = sends.firstMeasured == null ? send.answer() : sends.firstMeasured;
        } else {
            sends.lastUnmeasured = send.answer();
        }
    }

    /** Sends the ordinary operation {@code benchmark.preheat} times, as a gateway in service has answered many. */
    private static void preheat(Settings settings, Contender contender) throws InterruptedException {
        System.out.println("  preheating " + contender.name + " with " + settings.preheat() + " ordinary operations");
        for (int i = 0; i < settings.preheat(); i++) {
            send(settings, contender.process.url, ORDINARY);
        }
    }

    private static byte[] utf8Json(String query) {
        try {
            return JSON.writeValueAsBytes(Map.of("query", query));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Send send(Settings settings, String url, byte[] body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.timeout())
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> answer = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            // The request's timeout ends with the answer's headers; this one also covers its body.
            HttpResponse<byte[]> response = answer.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Send((System.nanoTime() - start) / 1e6, Answer.read(response.statusCode(), response.body()),
                    false);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Send(Double.NaN, Answer.failed(settings.noAnswer(), ""), true);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpTimeoutException) {
                return new Send(Double.NaN, Answer.failed(settings.noAnswer(), ""), true);
            }
            return new Send((System.nanoTime() - start) / 1e6, Answer.failed("no answer: "
                    + e.getCause().getClass().getSimpleName(), String.valueOf(e.getCause().getMessage())), false);
        }
    }

    /** The machine as the report states it: cores, CPU model, Java. */
    private static String machine() {
        String cpu = "CPU unknown";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
        } catch (IOException e) {
            // not on Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), Java "
                + System.getProperty("java.version");
    }

    /** The one-minute load average: how busy the shared machine was. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The peers' packages and versions, from the package.json files the lock files were made from. */
    private static String peerVersions(Path home) {
        List<String> versions = new ArrayList<>();
        for (String directory : List.of("grafbase", "hive-gateway", "apollo-gateway")) {
            try {
                JSON.readTree(home.resolve("benchmark").resolve(directory).resolve("package.json").toFile())
                        .path("dependencies").fields().forEachRemaining(dependency -> {
                            if (!dependency.getKey().equals("graphql")) {
                                versions.add("`" + dependency.getKey() + "` " + dependency.getValue().asText());
                            }
                        });
            } catch (IOException e) {
                versions.add(directory + " (no package.json)");
            }
        }
        return String.join(", ", versions);
    }
}
