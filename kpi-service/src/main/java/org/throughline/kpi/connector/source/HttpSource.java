package org.throughline.kpi.connector.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.throughline.kpi.connector.ConnectorAuth;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads a connector's JSON API: GETs the URL with the window's days in it, takes the items at a JSON Pointer and each
 * item's day, value and KPI key at theirs, and follows the next page's link while the answer has one. The credential
 * goes only to the origin of the configured URL: a next link to another host is not followed.
 */
public final class HttpSource implements SourceReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAGES = 10_000;
    private static final Pattern DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}.*", Pattern.DOTALL);

    private final String url;
    private final ConnectorAuth auth;
    private final String username;
    private final String secret;
    private final JsonPointer items;
    private final JsonPointer day;
    private final JsonPointer value;
    private final JsonPointer kpiKey;
    private final JsonPointer next;
    private final int rowCap;
    private final Duration timeout;

    public HttpSource(String url, ConnectorAuth auth, String username, String secret, String items, String day,
                      String value, String kpiKey, String next, int rowCap, int timeoutSeconds) {
        this.url = url;
        this.auth = auth;
        this.username = username;
        this.secret = secret;
        this.items = JsonPointer.compile(Objects.requireNonNullElse(items, ""));
        this.day = JsonPointer.compile(day);
        this.value = JsonPointer.compile(value);
        this.kpiKey = kpiKey == null ? null : JsonPointer.compile(kpiKey);
        this.next = next == null ? null : JsonPointer.compile(next);
        this.rowCap = rowCap;
        this.timeout = Duration.ofSeconds(timeoutSeconds);
    }

    /** The URL of the window: {from} and {to} replaced by its first and last business day. */
    public static String windowed(String url, LocalDate from, LocalDate to) {
        return url.replace("{from}", from.toString()).replace("{to}", to.toString());
    }

    @Override
    public long read(LocalDate from, LocalDate to, Consumer<SourceRow> rows, Consumer<Unusable> unusable)
            throws SourceException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        URI first = URI.create(windowed(url, from, to));
        Set<URI> fetched = new HashSet<>();
        long number = 0;
        long read = 0;
        long matched = 0;
        for (URI page = first; page != null && fetched.add(page); ) {
            if (fetched.size() > MAX_PAGES) {
                throw new SourceException("source-error", "The API gave more than " + MAX_PAGES + " pages.");
            }
            JsonNode answer = fetch(client, page);
            JsonNode list = answer.at(items);
            if (!list.isArray()) {
                throw new SourceException("mapping-matched-nothing", "The answer of " + page.getPath()
                        + " has no array at the items pointer '" + items + "'.");
            }
            for (JsonNode item : list) {
                number++;
                JsonNode dayNode = item.at(day);
                JsonNode valueNode = item.at(value);
                if (!dayNode.isMissingNode() && !valueNode.isMissingNode()) {
                    matched++;
                }
                LocalDate observed = day(dayNode);
                if (observed == null) {
                    unusable.accept(new Unusable(number, "The day at '" + day + "' is missing or not a date as "
                            + "YYYY-MM-DD."));
                    continue;
                }
                if (observed.isBefore(from) || observed.isAfter(to)) {
                    // An API that ignores the window answers with more days; those are not this run's.
                    continue;
                }
                if (++read > rowCap) {
                    throw new SourceException("row-cap-exceeded", "The API returned more than the row cap of " + rowCap
                            + " rows for " + from + " to " + to + "; nothing was recorded.");
                }
                BigDecimal amount = value(valueNode);
                if (amount == null) {
                    unusable.accept(new Unusable(number, "The value at '" + value + "' is missing or not a number."));
                    continue;
                }
                String key = kpiKey == null ? null : item.at(kpiKey).isValueNode() ? item.at(kpiKey).asText() : null;
                rows.accept(new SourceRow(number, observed, amount, key));
            }
            page = nextPage(answer, page, first);
        }
        if (number > 0 && matched == 0) {
            throw new SourceException("mapping-matched-nothing", "None of the " + number + " items has a day at '" + day
                    + "' and a value at '" + value + "'.");
        }
        return read;
    }

    private JsonNode fetch(HttpClient client, URI page) throws SourceException {
        HttpRequest.Builder request = HttpRequest.newBuilder(page).timeout(timeout).header("Accept", "application/json")
                .GET();
        if (auth == ConnectorAuth.BEARER) {
            request.header("Authorization", "Bearer " + secret);
        } else if (auth == ConnectorAuth.BASIC) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new SourceException("source-timeout", "The API did not answer within " + timeout.toSeconds() + " s.");
        } catch (IOException e) {
            throw new SourceException("source-unreachable", "The API cannot be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("source-unreachable", "Interrupted while asking the API.");
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                throw new SourceException("credential-refused", "The API refused the credential (HTTP " + status + ").");
            }
            if (status < 200 || status > 299) {
                throw new SourceException("source-error", "The API answered HTTP " + status + " for " + page.getPath()
                        + ".");
            }
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SourceException("source-answer-invalid", "The API's answer is not JSON: "
                    + e.getOriginalMessage());
        } catch (SourceException e) {
            throw e;
        } catch (IOException e) {
            throw new SourceException("source-unreachable", "The API's answer broke off: " + e);
        }
    }

    private URI nextPage(JsonNode answer, URI page, URI first) throws SourceException {
        if (next == null) {
            return null;
        }
        JsonNode link = answer.at(next);
        if (!link.isTextual() || link.asText().isBlank()) {
            return null;
        }
        URI resolved;
        try {
            resolved = page.resolve(link.asText().strip());
        } catch (IllegalArgumentException e) {
            throw new SourceException("source-answer-invalid", "The next page's link is not a URL.");
        }
        if (!Objects.equals(resolved.getScheme(), first.getScheme()) || !Objects.equals(resolved.getHost(), first.getHost())
                || resolved.getPort() != first.getPort()) {
            throw new SourceException("source-error", "The next page's link leads to another origin ("
                    + resolved.getHost() + "); it is not followed with the connector's credential.");
        }
        return resolved;
    }

    private static LocalDate day(JsonNode node) {
        if (!node.isTextual() || !DAY.matcher(node.asText()).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(node.asText().substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static BigDecimal value(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.asText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
