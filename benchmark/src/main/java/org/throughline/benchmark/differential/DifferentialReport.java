package org.throughline.benchmark.differential;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.throughline.benchmark.differential.DifferentialTesting.Reproduction;
import org.throughline.benchmark.differential.DifferentialTesting.Settings;
import org.throughline.benchmark.differential.DifferentialTesting.SupergraphResult;
import org.throughline.benchmark.differential.ResponseComparison.Difference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The Markdown report of one differential run: per supergraph, what differed, by category, with reproductions. */
final class DifferentialReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RESPONSE_CHARACTERS = 2500;

    private final Settings settings;
    private final List<SupergraphResult> results = new ArrayList<>();
    /** Supergraphs that could not run, with the reason. */
    private final Map<String, String> failures = new LinkedHashMap<>();

    DifferentialReport(Settings settings) {
        this.settings = settings;
    }

    void add(SupergraphResult result) {
        results.add(result);
    }

    void failed(String supergraph, String reason) {
        failures.put(supergraph, reason);
    }

    /** A few lines for the console. */
    String summary() {
        StringBuilder text = new StringBuilder("Differential test, seed " + settings.seed() + ":\n");
        for (SupergraphResult result : results) {
            text.append(String.format("  %-18s %5d operations, %5d identical, %5d differing, %4d only known deviations%n",
                    result.set().name(), result.operations(), result.identical(), result.differing(),
                    result.deviationOnly()));
            result.categories().forEach((category, count) ->
                    text.append(String.format("      %-45s %5d%n", category, count)));
        }
        return text.toString();
    }

    void write(Path file) throws IOException {
        Files.writeString(file, markdown());
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Differential test: our gateway against Apollo's `@apollo/gateway`\n\n");
        md.append("Written by `./differential.sh` on ").append(LocalDate.now()).append(" (seed ")
                .append(settings.seed()).append(", ").append(settings.operations())
                .append(" operations per supergraph; rerun with `./differential.sh -Ddifferential.seed=")
                .append(settings.seed()).append(" -Ddifferential.operations=").append(settings.operations())
                .append("`). Both gateways serve the same supergraph file, composed by Apollo's composition, so a"
                        + " difference is one of planning or execution; composition is checked apart (the API schema"
                        + " our gateway composes from the subgraphs against Apollo's). Each operation is random,"
                        + " valid against the API schema and within our gateway's operation limits. `data` is"
                        + " compared exactly, key order included; `errors` by presence and path (messages differ"
                        + " legitimately). One operation counts once in each category it shows. Reproductions are"
                        + " the smallest operations of their category, shrunk while the difference persisted.\n\n");
        md.append("## Summary\n\n| Supergraph | Operations | Identical | Differing | Only known deviations | Time |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (SupergraphResult result : results) {
            md.append("| ").append(result.set().name()).append(" | ").append(result.operations()).append(" | ")
                    .append(result.identical()).append(" | ").append(result.differing()).append(" | ")
                    .append(result.deviationOnly()).append(" | ").append(result.duration().toSeconds())
                    .append(" s |\n");
        }
        failures.forEach((name, reason) -> md.append("| ").append(name).append(" | not run: ")
                .append(reason.replace("|", "/")).append(" | | | | |\n"));
        md.append("\n| Supergraph | Category | Operations |\n|---|---|---:|\n");
        for (SupergraphResult result : results) {
            if (result.categories().isEmpty()) {
                md.append("| ").append(result.set().name()).append(" | (none) | 0 |\n");
            }
            result.categories().forEach((category, count) -> md.append("| ").append(result.set().name())
                    .append(" | ").append(category).append(" | ").append(count).append(" |\n"));
        }
        md.append("\n## Known, deliberate deviations\n\nDifferences where Apollo's gateway is the one that is wrong;"
                + " not counted as ours.\n\n");
        if (KnownDeviations.ALL.isEmpty()) {
            md.append("None listed.\n");
        }
        for (KnownDeviations.Deviation deviation : KnownDeviations.ALL) {
            md.append("- **").append(deviation.name()).append("**: ").append(deviation.reason()).append(" Seen in: ")
                    .append(results.stream().filter(r -> r.deviations().containsKey(deviation.name()))
                            .map(r -> r.set().name() + " (" + r.deviations().get(deviation.name()) + ")")
                            .collect(Collectors.joining(", ")))
                    .append(results.stream().noneMatch(r -> r.deviations().containsKey(deviation.name()))
                            ? "not seen in this run" : "").append(".\n");
        }
        for (SupergraphResult result : results) {
            supergraph(md, result);
        }
        return md.toString();
    }

    private void supergraph(StringBuilder md, SupergraphResult result) {
        md.append("\n## ").append(result.set().name()).append("\n\n").append(result.set().description()).append("\n\n");
        md.append("- ").append(result.operations()).append(" operations (").append(result.rejectedDrafts())
                .append(" drafts thrown away as invalid or beyond the limits), ").append(result.identical())
                .append(" identical, ").append(result.differing()).append(" differing, ")
                .append(result.deviationOnly()).append(" differing only by known deviations.\n");
        result.schemaChecks().forEach(check -> md.append("- ").append(check).append('\n'));
        for (Map.Entry<String, List<Reproduction>> category : result.reproductions().entrySet()) {
            md.append("\n### ").append(result.set().name()).append(": ").append(category.getKey()).append(" (")
                    .append(result.categories().get(category.getKey())).append(" operations)\n");
            if (category.getValue().isEmpty()) {
                md.append("\nNo reproduction: the difference did not show again when rerun.\n");
            }
            int number = 0;
            for (Reproduction reproduction : category.getValue()) {
                number++;
                md.append("\n#### Reproduction ").append(number).append(" (operation #").append(reproduction.index())
                        .append(", shrunk from ").append(reproduction.originalLines()).append(" lines to ")
                        .append(reproduction.shrunk().operation().query().lines().count()).append(")\n\n");
                md.append("```graphql\n").append(reproduction.shrunk().operation().query().strip()).append("\n```\n\n");
                md.append("Variables: `").append(json(reproduction.shrunk().operation().variables())).append("`\n\n");
                md.append("Differences: ").append(reproduction.shrunk().differences().stream()
                        .map(DifferentialReport::describe).collect(Collectors.joining("; "))).append("\n\n");
                md.append("Ours:\n\n```json\n").append(truncated(json(reproduction.shrunk().ours())))
                        .append("\n```\n\nApollo's:\n\n```json\n")
                        .append(truncated(json(reproduction.shrunk().theirs()))).append("\n```\n");
            }
        }
    }

    private static String describe(Difference difference) {
        return difference.category() + (difference.path().isEmpty() ? "" : " at `" + difference.path() + "`")
                + (difference.detail().isEmpty() ? "" : " (" + difference.detail() + ")");
    }

    private static String truncated(String text) {
        return text.length() <= RESPONSE_CHARACTERS ? text
                : text.substring(0, RESPONSE_CHARACTERS) + " ... (" + text.length() + " characters)";
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
