package org.throughline.kpi.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.throughline.kpi.service.KpiRules;
import org.throughline.subgraph.Inputs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.function.Consumer;

/**
 * Reads a measurement batch as it streams in, one row at a time, so that a batch of any size takes the memory of one
 * row. JSON lines: {@code {"kpiId": "12", "observedAt": "2026-11-01", "value": 3.5, "key": "row-7"}}, one object per
 * line. CSV: a header naming {@code kpi_id}, {@code observed_at}, {@code value} and optionally {@code key}. A row that
 * cannot be read is handed to the problem consumer with its number and the reading goes on.
 */
final class BatchReader {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern KPI_ID = Pattern.compile("[0-9]{1,18}");

    private BatchReader() {
    }

    /** Reads every row, handing good ones to {@code rows} and bad ones to {@code problems}; returns how many rows. */
    static long read(InputStream body, BatchFormat format, Consumer<BatchRow> rows, Consumer<RowProblem> problems)
            throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
        return format == BatchFormat.JSON_LINES ? readJsonLines(reader, rows, problems) : readCsv(reader, rows, problems);
    }

    /** A problem with one cell of a row: its column as the format names it. */
    private static RowProblem cell(long row, BatchFormat format, String field, String message) {
        return new RowProblem(row, format.column(field), RowProblem.BAD_INPUT, message);
    }

    private static long readJsonLines(BufferedReader reader, Consumer<BatchRow> rows, Consumer<RowProblem> problems)
            throws IOException {
        long number = 0;
        long count = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            count++;
            String kpiId = null;
            String observedAt = null;
            String value = null;
            String key = null;
            try (JsonParser parser = JSON.createParser(line)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    problems.accept(new RowProblem(number, "Not a JSON object."));
                    continue;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken token = parser.nextToken();
                    String text = token == JsonToken.VALUE_NULL ? null : token.isStructStart() ? "{...}" : parser.getText();
                    switch (field) {
                        case "kpiId" -> kpiId = text;
                        case "observedAt" -> observedAt = text;
                        case "value" -> value = token == JsonToken.VALUE_STRING ? "'" + text + "'" : text;
                        case "key" -> key = text;
                        default -> {
                            if (token.isStructStart()) {
                                parser.skipChildren();
                            }
                        }
                    }
                }
                if (parser.nextToken() != null) {
                    problems.accept(new RowProblem(number, "More than one JSON value on the line."));
                    continue;
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                problems.accept(new RowProblem(number, "Not valid JSON: " + Inputs.shown(e.getOriginalMessage())));
                continue;
            }
            row(number, BatchFormat.JSON_LINES, kpiId, observedAt, value, key, rows, problems);
        }
        return count;
    }

    private static long readCsv(BufferedReader reader, Consumer<BatchRow> rows, Consumer<RowProblem> problems)
            throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreHeaderCase(true).get();
        long count = 0;
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            String missing = header.keySet().stream().map(name -> name.toLowerCase(Locale.ROOT)).toList()
                    .containsAll(java.util.List.of("kpi_id", "observed_at", "value")) ? null
                    : "The header must name kpi_id, observed_at and value (and optionally key); it names "
                    + Inputs.shown(String.join(",", header.keySet())) + ".";
            if (missing != null) {
                problems.accept(new RowProblem(1, missing));
                return 0;
            }
            Iterator<CSVRecord> records = parser.iterator();
            long number = 1;
            try {
                while (records.hasNext()) {
                    CSVRecord record = records.next();
                    number = record.getRecordNumber() + 1;
                    count++;
                    if (!record.isConsistent()) {
                        problems.accept(new RowProblem(number, "The row has " + record.size() + " cells, the header "
                                + header.size() + "."));
                        continue;
                    }
                    row(number, BatchFormat.CSV, get(record, "kpi_id"), get(record, "observed_at"), get(record, "value"),
                            get(record, "key"), rows, problems);
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                problems.accept(new RowProblem(number + 1, "The CSV cannot be read from here on: "
                        + Inputs.shown(e.getMessage())));
            }
        } catch (IllegalArgumentException e) {
            problems.accept(new RowProblem(1, "The CSV header cannot be read: " + Inputs.shown(e.getMessage())));
        }
        return count;
    }

    private static String get(CSVRecord record, String column) {
        return record.isMapped(column) ? record.get(column) : null;
    }

    private static void row(long number, BatchFormat format, String kpiId, String observedAt, String value, String key,
                            Consumer<BatchRow> rows, Consumer<RowProblem> problems) {
        if (kpiId == null || kpiId.isBlank() || !KPI_ID.matcher(kpiId.strip()).matches()) {
            problems.accept(cell(number, format, "kpiId", kpiId == null || kpiId.isBlank() ? "kpiId is missing."
                    : "kpiId is not an id: " + Inputs.shown(kpiId) + "."));
            return;
        }
        LocalDate day;
        try {
            day = observedAt == null ? null : LocalDate.parse(observedAt.strip());
        } catch (DateTimeParseException e) {
            problems.accept(cell(number, format, "observedAt",
                    "observedAt is not a date as YYYY-MM-DD: " + Inputs.shown(observedAt) + "."));
            return;
        }
        if (day == null) {
            problems.accept(cell(number, format, "observedAt", "observedAt is missing."));
            return;
        }
        BigDecimal amount;
        try {
            amount = value == null ? null : new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            problems.accept(cell(number, format, "value", "value is not a number: " + Inputs.shown(value) + "."));
            return;
        }
        if (amount == null) {
            problems.accept(cell(number, format, "value", "value is missing."));
            return;
        }
        if (amount.abs().compareTo(KpiRules.LARGEST) >= 0) {
            problems.accept(cell(number, format, "value", "value must be smaller than 10^15 in magnitude."));
            return;
        }
        if (amount.scale() < 1) {
            // As a double arrives through GraphQL (50 as 50.0), so that the API shows every value as a Float.
            amount = amount.setScale(1);
        }
        String rowKey = key == null || key.isBlank() ? null : key.strip();
        if (rowKey != null && rowKey.length() > KpiRules.KEY_LENGTH) {
            problems.accept(cell(number, format, "key", "key may be at most " + KpiRules.KEY_LENGTH
                    + " characters long."));
            return;
        }
        rows.accept(new BatchRow(number, Long.parseLong(kpiId.strip()), day, amount, rowKey));
    }
}
