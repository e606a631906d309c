package org.throughline.benchmark;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The report of {@link GatewaysBenchmark}: a Markdown table per mode and operation with the ratios to ours, the
 * concurrency curves, what could not be run and why, and two charts drawn with Java2D (no plotting library).
 */
final class GatewaysReport {

    private static final Color[] COLORS = {new Color(0xD9480F), new Color(0x1971C2), new Color(0x2F9E44),
            new Color(0x9C36B5), new Color(0x868E96)};

    private record Row(boolean deduplicate, String operation, String gateway, Wrk.Result result,
                       Map<Integer, Wrk.Result> curve, long responseBytes) {
    }

    private final GatewaysBenchmark.Settings settings;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> unavailable = new LinkedHashMap<>();

    GatewaysReport(GatewaysBenchmark.Settings settings) {
        this.settings = settings;
    }

    void measured(boolean deduplicate, String operation, String gateway, Wrk.Result result,
                  Map<Integer, Wrk.Result> curve, long responseBytes) {
        rows.add(new Row(deduplicate, operation, gateway, result, curve, responseBytes));
    }

    void unavailable(boolean deduplicate, String what, String why) {
        unavailable.put(mode(deduplicate) + ": " + what, why);
    }

    void write(Path directory) throws IOException {
        Files.writeString(directory.resolve("results.md"), markdown());
        ImageIO.write(chart("Requests per second at " + settings.connections() + " connections",
                GatewaysReport::bars), "png", directory.resolve("throughput.png").toFile());
        ImageIO.write(chart("Requests per second by connections",
                this::lines), "png", directory.resolve("concurrency.png").toFile());
    }

    private static String mode(boolean deduplicate) {
        return deduplicate ? "deduplication on" : "deduplication off";
    }

    private String markdown() {
        StringBuilder md = new StringBuilder("# Federation gateways side by side\n\n");
        if (!settings.note().isBlank()) {
            md.append("**").append(settings.note()).append("**\n\n");
        }
        md.append(String.format("On %d cores (%s), everything on the one machine: subgraphs (their own JVM), wrk and"
                        + " the gateway measured. wrk with %d connections and %d thread(s); a %d s warm-up per gateway"
                        + " and operation, then %d alternating round(s) of %d s; the curve takes %d s per point."
                        + " Every response is checked by wrk (`benchmark/wrk/check.lua`): status 200 and the body byte"
                        + " for byte the one that gateway gave before the load, which is the same JSON as the other"
                        + " gateways' answer; anything else, and any socket error or timeout, counts as an error.%n%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), settings.connections(), settings.wrkThreads(),
                settings.warmup().toSeconds(), settings.rounds(), settings.measure().toSeconds(),
                settings.curveMeasure().toSeconds()));
        md.append("Columns: latencies in ms; peak RSS of the gateway's processes during the rounds; CPU in cores busy"
                + " (1.0 = one core) for the gateway and for the subgraphs; subgraph calls per request (lower with"
                + " deduplication); the ratios put ours first: req/s ours ÷ it above 1 and p99 ours ÷ it below 1 mean"
                + " ours is ahead. Our gateway runs with its operation limits on, as it ships (the nested query's"
                + " estimated cost, about 108,000, is within the default ceiling of 1,000,000)."
                + " Grafbase's gateway runs through its CLI's `grafbase dev` (npm has no standalone gateway).\n\n");
        for (boolean deduplicate : settings.deduplication()) {
            md.append("## In-flight deduplication ").append(deduplicate ? "on" : "off").append(" in every gateway")
                    .append(deduplicate ? " that has it (Apollo Gateway has none)" : "").append("\n\n");
            for (String operation : GatewaysBenchmark.OPERATIONS.keySet()) {
                List<Row> table = rows(deduplicate, operation);
                if (table.isEmpty()) {
                    continue;
                }
                Optional<Row> ours = table.stream().filter(r -> r.gateway().equals(GatewaysBenchmark.OURS)).findFirst();
                md.append("### ").append(operation).append(" (").append(table.get(0).responseBytes())
                        .append(" bytes a response)\n\n| gateway | req/s | p50 | p95 | p99 | peak RSS MiB | gateway CPU"
                                + " | subgraphs CPU | subgraph calls / request | errors / requests | req/s ours ÷ it"
                                + " | p99 ours ÷ it |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
                for (Row row : table) {
                    Wrk.Result r = row.result();
                    md.append(String.format("| %s | %.0f | %.2f | %.2f | %.2f | %d | %.2f | %.2f | %.2f | %d / %d | %s"
                                    + " | %s |%n", row.gateway(), r.perSecond(), r.p50(), r.p95(), r.p99(),
                            r.peakRssMiB(), r.gatewayCores(), r.subgraphCores(), r.subgraphCallsPerRequest(),
                            r.errors(), r.requests(),
                            ours.map(o -> ratio(o.result().perSecond(), r.perSecond())).orElse("–"),
                            ours.map(o -> ratio(o.result().p99(), r.p99())).orElse("–")));
                }
                md.append("\nConcurrency curve, req/s (p99 ms, errors) by connections:\n\n| gateway |");
                settings.curve().forEach(c -> md.append(' ').append(c).append(" |"));
                md.append("\n|---|").append("---:|".repeat(settings.curve().size())).append('\n');
                for (Row row : table) {
                    md.append("| ").append(row.gateway()).append(" |");
                    for (int connections : settings.curve()) {
                        Wrk.Result point = row.curve().get(connections);
                        md.append(point == null ? " – |" : String.format(" %.0f (%.1f, %d) |", point.perSecond(),
                                point.p99(), point.errors()));
                    }
                    md.append('\n');
                }
                md.append('\n');
            }
        }
        if (!unavailable.isEmpty()) {
            md.append("## Not measured\n\n");
            unavailable.forEach((what, why) -> md.append("- ").append(what).append(": ").append(why).append('\n'));
            md.append('\n');
        }
        md.append("Charts: `throughput.png`, `concurrency.png`.\n");
        return md.toString();
    }

    private static String ratio(double ours, double theirs) {
        return theirs == 0 ? "–" : String.format("%.2f", ours / theirs);
    }

    private List<Row> rows(boolean deduplicate, String operation) {
        return rows.stream().filter(r -> r.deduplicate() == deduplicate && r.operation().equals(operation)).toList();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("CPU unknown");
        } catch (IOException e) {
            return "CPU unknown";
        }
    }

    // --- charts: one panel per mode and operation -------------------------------------------------------------

    private static final int PANEL_WIDTH = 620;
    private static final int PANEL_HEIGHT = 300;

    private interface Panel {
        void draw(List<Row> rows, Graphics2D g);
    }

    private BufferedImage chart(String title, Panel panel) {
        List<Boolean> modes = settings.deduplication();
        List<String> operations = new ArrayList<>(GatewaysBenchmark.OPERATIONS.keySet());
        int width = PANEL_WIDTH * operations.size();
        int height = 40 + PANEL_HEIGHT * modes.size() + 30;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title + (settings.note().isBlank() ? "" : " — " + settings.note()), 12, 24);
        for (int m = 0; m < modes.size(); m++) {
            for (int o = 0; o < operations.size(); o++) {
                Graphics2D p = (Graphics2D) g.create(o * PANEL_WIDTH, 40 + m * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
                p.setColor(Color.BLACK);
                p.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
                p.drawString(operations.get(o) + ", " + mode(modes.get(m)), 12, 16);
                p.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                panel.draw(rows(modes.get(m), operations.get(o)), p);
                p.dispose();
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = 12;
        for (String gateway : GatewaysBenchmark.KEYS.values()) {
            g.setColor(color(gateway));
            g.fillRect(x, height - 22, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(gateway, x + 16, height - 12);
            x += 24 + g.getFontMetrics().stringWidth(gateway);
        }
        g.dispose();
        return image;
    }

    /** Each gateway's colour; an earlier build of ours ({@code benchmark.oursBefore}) is grey. */
    private static Color color(String gateway) {
        int index = new ArrayList<>(GatewaysBenchmark.KEYS.values()).indexOf(gateway);
        return index < 0 ? Color.GRAY : COLORS[index % COLORS.length];
    }

    /** Horizontal bars of req/s, one a gateway, with the value at the end of each. */
    private static void bars(List<Row> rows, Graphics2D g) {
        double max = max(rows, row -> row.result().perSecond());
        int left = 200;
        int barSpace = PANEL_WIDTH - left - 80;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            int y = 30 + i * 44;
            int length = (int) Math.round(barSpace * row.result().perSecond() / max);
            g.setColor(Color.BLACK);
            g.drawString(row.gateway(), 12, y + 20);
            g.setColor(color(row.gateway()));
            g.fillRect(left, y + 6, Math.max(1, length), 22);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.0f req/s", row.result().perSecond()), left + length + 6, y + 22);
        }
    }

    /** req/s against connections, one line a gateway, connections evenly spaced. */
    private void lines(List<Row> rows, Graphics2D g) {
        List<Integer> points = settings.curve();
        double max = max(rows, row -> row.curve().values().stream().mapToDouble(Wrk.Result::perSecond).max().orElse(0));
        int left = 70;
        int top = 30;
        int plotWidth = PANEL_WIDTH - left - 30;
        int plotHeight = PANEL_HEIGHT - top - 40;
        g.setColor(Color.GRAY);
        g.drawLine(left, top + plotHeight, left + plotWidth, top + plotHeight);
        g.drawLine(left, top, left, top + plotHeight);
        for (int tick = 0; tick <= 4; tick++) {
            int y = top + plotHeight - plotHeight * tick / 4;
            g.drawString(String.format("%.0f", max * tick / 4), 8, y + 4);
        }
        for (int i = 0; i < points.size(); i++) {
            g.drawString(String.valueOf(points.get(i)), x(i, points.size(), left, plotWidth) - 6, top + plotHeight + 16);
        }
        g.drawString("connections", left + plotWidth / 2 - 30, top + plotHeight + 32);
        g.setStroke(new BasicStroke(2.5f));
        for (Row row : rows) {
            g.setColor(color(row.gateway()));
            int previousX = -1;
            int previousY = -1;
            for (int i = 0; i < points.size(); i++) {
                Wrk.Result point = row.curve().get(points.get(i));
                if (point == null) {
                    continue;
                }
                int x = x(i, points.size(), left, plotWidth);
                int y = top + plotHeight - (int) Math.round(plotHeight * point.perSecond() / max);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (previousX >= 0) {
                    g.drawLine(previousX, previousY, x, y);
                }
                previousX = x;
                previousY = y;
            }
        }
    }

    private static int x(int index, int count, int left, int width) {
        return left + (count == 1 ? width / 2 : width * index / (count - 1));
    }

    private static double max(List<Row> rows, ToDoubleFunction<Row> value) {
        return Math.max(1, rows.stream().mapToDouble(value).max().orElse(1));
    }
}
