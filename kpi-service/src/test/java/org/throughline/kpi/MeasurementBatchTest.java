package org.throughline.kpi;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.throughline.kpi.KpiFixture.createKpi;
import static org.throughline.kpi.KpiFixture.measurementCount;
import static org.throughline.testing.GraphQLEndpoint.graphql;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "kpi"))
class MeasurementBatchTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @TestHTTPResource("/graphql")
    URL graphqlUrl;

    @Inject
    DataSource dataSource;

    private static ValidatableResponse post(String key, String type, String body) {
        var request = given().contentType(type).body(body.getBytes(StandardCharsets.UTF_8));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post("/measurements/batches").then().log().ifValidationFails();
    }

    private static String share(String name) {
        return createKpi("name", name, "unit", "PERCENT", "direction", "HIGHER_IS_BETTER", "baselineValue", 35.0,
                "targetValue", 95.0, "validMin", 0.0, "validMax", 100.0);
    }

    private static String line(String kpi, LocalDate day, double value, String key) {
        return "{\"kpiId\": \"" + kpi + "\", \"observedAt\": \"" + day + "\", \"value\": " + value
                + (key == null ? "" : ", \"key\": \"" + key + "\"") + "}\n";
    }

    @Test
    void aJsonLinesBatchIsRecordedAndItsRetryIsAnsweredWithoutCountingTwice() {
        String kpi = share("Batched shares");
        String batch = line(kpi, TODAY.minusDays(3), 40, null) + line(kpi, TODAY.minusDays(2), 41.5, null)
                + "\n" + line(kpi, TODAY.minusDays(1), 43, null);
        post("batch-jsonl-" + kpi, "application/x-ndjson", batch).statusCode(200)
                .body("rows", equalTo(3))
                .body("recorded", equalTo(3))
                .body("alreadyRecorded", equalTo(0))
                .body("replayed", equalTo(false));
        post("batch-jsonl-" + kpi, "application/x-ndjson", batch).statusCode(200)
                .body("recorded", equalTo(3))
                .body("replayed", equalTo(true));
        assertEquals(3, measurementCount(kpi));
        graphql("query S($id: ID!) { kpi(id: $id) { currentValue measurements { source recordedBy } } }", Map.of("id", kpi))
                .body("data.kpi.currentValue", equalTo(43.0f))
                .body("data.kpi.measurements.source", contains("API", "API", "API"));

        post("batch-jsonl-" + kpi, "application/x-ndjson", batch + line(kpi, TODAY, 44, null)).statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://throughline.dev/problems/batch-key-reused"));
        assertEquals(3, measurementCount(kpi));
    }

    @Test
    void aCsvBatchWithRowKeysCountsARowSentAgainInAnotherBatchOnce() {
        String kpi = share("Keyed shares");
        String first = "kpi_id,observed_at,value,key\n"
                + kpi + "," + TODAY.minusDays(2) + ",50,row-a-" + kpi + "\n"
                + kpi + "," + TODAY.minusDays(1) + ",51,row-b-" + kpi + "\n";
        post("csv-1-" + kpi, "text/csv", first).statusCode(200).body("recorded", equalTo(2));
        String second = "KPI_ID,OBSERVED_AT,VALUE,KEY\n"
                + kpi + "," + TODAY.minusDays(1) + ",51,row-b-" + kpi + "\n"
                + kpi + "," + TODAY + ",52,row-c-" + kpi + "\n";
        post("csv-2-" + kpi, "text/csv", second).statusCode(200)
                .body("rows", equalTo(2))
                .body("recorded", equalTo(1))
                .body("alreadyRecorded", equalTo(1));
        assertEquals(3, measurementCount(kpi));
        graphql("query S($id: ID!) { kpi(id: $id) { measurements { value source } } }", Map.of("id", kpi))
                .body("data.kpi.measurements.value", contains(50.0f, 51.0f, 52.0f))
                .body("data.kpi.measurements.source", contains("CSV", "CSV", "CSV"));
    }

    @Test
    void aBatchWithBadRowsRecordsNothingAndNamesEachRow() {
        String kpi = share("Rejected shares");
        graphql("mutation M($id: ID!) { recordMeasurement(measurement: { kpiId: $id, value: 10, observedAt: \"2026-01-05\","
                + " idempotencyKey: \"taken-" + kpi + "\" }) { id } }", Map.of("id", kpi));
        String batch = line(kpi, TODAY.minusDays(5), 40, null)                      // 1: fine
                + line("999999", TODAY.minusDays(5), 40, null)                     // 2: unknown KPI
                + "{\"kpiId\": \"" + kpi + "\", \"observedAt\": \"2026-11-01\", \"value\": \"forty\"}\n"  // 3
                + "{\"kpiId\": \"" + kpi + "\", \"observedAt\": \"01/11/2026\", \"value\": 40}\n"       // 4
                + "{this is not json\n"                                                                    // 5
                + line(kpi, TODAY.plusDays(9), 40, null)                           // 6: future
                + line(kpi, TODAY.minusDays(4), -500, null)                        // 7: out of range
                + line(kpi, TODAY.minusDays(3), 41, "twice-" + kpi)                // 8: fine alone
                + line(kpi, TODAY.minusDays(2), 42, "twice-" + kpi)                // 9: key of row 8
                + line(kpi, TODAY.minusDays(1), 43, "taken-" + kpi)                // 10: key used for another value
                + "{\"kpiId\": \"a1\", \"observedAt\": \"2026-11-01\", \"value\": 1}\n";  // 11: not an id
        post("rejected-" + kpi, "application/x-ndjson", batch).statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://throughline.dev/problems/batch-rejected"))
                .body("total", equalTo(9))
                .body("errors.row", contains(2, 3, 4, 5, 6, 7, 9, 10, 11))
                .body("errors[0].message", containsString("No KPI has the id 999999"))
                .body("errors[1].message", containsString("not a number"))
                .body("errors[2].message", containsString("YYYY-MM-DD"))
                .body("errors[3].message", containsString("Not valid JSON"))
                .body("errors[4].message", containsString("has not begun yet in UTC"))
                .body("errors[4].column", equalTo("observedAt"))
                .body("errors[4].code", equalTo("observed-in-future"))
                .body("errors[5].message", containsString("outside the valid range"))
                .body("errors[6].message", containsString("row 8"))
                .body("errors[7].message", containsString("different measurement"))
                .body("errors[8].message", containsString("not an id"));
        assertEquals(1, measurementCount(kpi));

        // Nothing of the refused batch was kept, not even its key: fixed, it goes in under the same key.
        String fixed = line(kpi, TODAY.minusDays(5), 40, null) + line(kpi, TODAY.minusDays(3), 41, "twice-" + kpi);
        post("rejected-" + kpi, "application/x-ndjson", fixed).statusCode(200).body("recorded", equalTo(2));
    }

    @Test
    void aCsvWithoutTheRequiredColumnsOrABatchWithoutAKeyIsRefused() {
        post("no-columns", "text/csv", "kpi,day,amount\n1,2026-01-01,3\n").statusCode(422)
                .body("errors[0].row", equalTo(1))
                .body("errors[0].message", containsString("kpi_id, observed_at and value"));
        post(null, "application/x-ndjson", "{}\n").statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("Idempotency-Key"));
        given().contentType("application/pdf").header("Idempotency-Key", "pdf").body(new byte[] {1, 2})
                .when().post("/measurements/batches").then().statusCode(415);
    }

    @Test
    void racingRetriesOfOneBatchRecordItOnce() throws Exception {
        String kpi = share("Raced batch");
        StringBuilder batch = new StringBuilder();
        for (int day = 1; day <= 50; day++) {
            batch.append(line(kpi, TODAY.minusDays(day), 30 + day % 10, null));
        }
        int callers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Boolean>> replayed = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                replayed.add(pool.submit(() -> {
                    start.await();
                    return post("raced-batch-" + kpi, "application/x-ndjson", batch.toString()).statusCode(200)
                            .body("recorded", equalTo(50)).extract().<Boolean>path("replayed");
                }));
            }
            start.countDown();
            int first = 0;
            for (Future<Boolean> answer : replayed) {
                first += answer.get() ? 0 : 1;
            }
            assertEquals(1, first, "exactly one call recorded the batch; the others were answered with its report");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50, measurementCount(kpi));
    }

    @Test
    void aRowKeyThatAConcurrentCallRecordsMeanwhileIsCountedOnce() throws Exception {
        String kpi = share("Contested key");
        String contested = "contested-" + kpi;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement("insert into measurement (kpi_id, value, observed_at, "
                    + "source, idempotency_key) values (?, 41.0, ?, 'API', ?)")) {
                insert.setLong(1, Long.parseLong(kpi));
                insert.setObject(2, TODAY.minusDays(2));
                insert.setString(3, contested);
                insert.executeUpdate();
            }
            // The batch's check cannot see the uncommitted row; its insert waits for it, then finds the key taken.
            Future<ValidatableResponse> batch = pool.submit(() -> post("contested-batch-" + kpi, "application/x-ndjson",
                    line(kpi, TODAY.minusDays(2), 41, contested) + line(kpi, TODAY.minusDays(1), 42, null)));
            awaitAnInsertWaitingForALock();
            other.commit();
            batch.get().statusCode(200).body("recorded", equalTo(1)).body("alreadyRecorded", equalTo(1));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2, measurementCount(kpi));
    }

    /**
     * Waits until a session's insert into measurement waits for a lock, as pg_stat_activity shows it; asked outside
     * any open transaction, which would see one snapshot of it only.
     */
    private void awaitAnInsertWaitingForALock() throws Exception {
        for (int poll = 0; poll < 600; poll++) {
            try (Connection observer = dataSource.getConnection();
                 java.sql.Statement query = observer.createStatement();
                 java.sql.ResultSet waiting = query.executeQuery("""
                         select count(*) from pg_stat_activity where datname = current_database()
                         and pid <> pg_backend_pid() and wait_event_type = 'Lock'
                         and query like '%insert into measurement %'
                         """)) {
                waiting.next();
                if (waiting.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the batch's insert never waited for the uncommitted row's lock");
    }

    @Test
    void aStreamedBatchOfManyRowsGoesThroughWithoutBeingHeldWhole() throws Exception {
        String kpi = createKpi("name", "Streamed", "unit", "COUNT", "direction", "HIGHER_IS_BETTER", "baselineValue", 0.0,
                "targetValue", 100.0);
        int rows = 100_000;
        // The body is generated as it is sent: neither side holds it whole.
        java.util.Enumeration<InputStream> lines = new java.util.Enumeration<>() {
            private int row;

            @Override
            public boolean hasMoreElements() {
                return row < rows;
            }

            @Override
            public InputStream nextElement() {
                row++;
                return new ByteArrayInputStream(line(kpi, TODAY.minusDays(row % 700), row % 100, "s-" + kpi + "-" + row)
                        .getBytes(StandardCharsets.UTF_8));
            }
        };
        HttpRequest request = HttpRequest.newBuilder(URI.create(graphqlUrl.toString().replace("/graphql", "/measurements/batches")))
                .header("Content-Type", "application/x-ndjson").header("Idempotency-Key", "streamed-" + kpi)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(lines)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(true, response.body().contains("\"recorded\":" + rows), response.body());
    }

    @Test
    void aGraphQLRequestMustSayItsLengthAndStaySmall() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest chunked = HttpRequest.newBuilder(graphqlUrl.toURI()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        "{\"query\":\"{ kpis { id } }\"}".getBytes(StandardCharsets.UTF_8)))).build();
        HttpResponse<String> unknownLength = client.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(411, unknownLength.statusCode(), unknownLength.body());

        byte[] large = ("{\"query\":\"{ kpis { id } }\",\"padding\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooLarge = client.send(HttpRequest.newBuilder(graphqlUrl.toURI())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(large)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());

        graphql("{ kpis { id } }", Map.of()).body("data.kpis", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void theBatchEndpointIsDescribedInOpenApi() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/measurements/batches'.post.summary", equalTo("Record a batch of measurements"))
                .body("paths.'/measurements/batches'.post.responses.keySet()", org.hamcrest.Matchers.hasItems("200", "422", "409"));
        given().when().get("/q/openapi?format=json").then()
                .body("paths.'/measurements/batches'.post.requestBody.content.keySet()", hasSize(2));
    }
}
