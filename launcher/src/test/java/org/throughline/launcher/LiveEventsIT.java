package org.throughline.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.throughline.testing.PostgresServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole platform, secured by Keycloak, with the demo loaded and the signal timer switched off, so that only
 * events can move a signal: governance follows kpi-service's events under its service account, and an event
 * committed while nobody could deliver it (governance down, then kpi-service killed before it could hand it out) is
 * acted on once both are back. On the shared writable demo platform; it starts again what it stopped.
 */
@ExtendWith(SharedPlatforms.class)
class LiveEventsIT {

    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatforms.writableDemo();
    }

    @AfterAll
    static void putThePlatformBack() {
        if (platform != null) {
            platform.startStoppedAgain();
        }
    }

    /** The KPI an open STALE_KPI signal is about, by the KPI's name; null when none is open. */
    private static String staleKpi(String name) {
        JsonNode signals = platform.clientAs("cfo").data("""
                { signals(filter: { kinds: [STALE_KPI] }) { subjectId kpi { id name } } }
                """, Map.of()).get("signals");
        for (JsonNode signal : signals) {
            if (name.equals(signal.path("kpi").path("name").asText())) {
                return signal.get("subjectId").asText();
            }
        }
        return null;
    }

    /** Whether an open STALE_KPI signal is about the KPI: asked of governance alone, which answers while kpi-service
     * is away. */
    private static boolean stale(String kpi) {
        for (JsonNode signal : platform.clientAs("cfo").data("""
                { signals(filter: { kinds: [STALE_KPI] }) { subjectId } }
                """, Map.of()).get("signals")) {
            if (kpi.equals(signal.get("subjectId").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void await(String what, Predicate<Void> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        while (!condition.test(null)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " did not happen within " + WITHIN.toSeconds() + " s");
            }
            Thread.sleep(250);
        }
    }

    private static long[] outboxPosition(String service, String sql, String key) throws SQLException {
        try (Connection connection = DriverManager.getConnection(platform.jdbcUrl(service), PostgresServer.USER, "");
             PreparedStatement read = connection.prepareStatement(sql)) {
            read.setString(1, key);
            try (ResultSet row = read.executeQuery()) {
                return row.next() ? new long[]{row.getLong(1), row.getLong(2)} : null;
            }
        }
    }

    @Test
    void aMeasurementCommittedWhileGovernanceIsDownAndKpiServiceIsKilledBeforeHandingItOutIsActedOnOnceBothAreBack()
            throws Exception {
        String supplier = staleKpi("Supplier on-time delivery");
        assertTrue(supplier != null, "the demo's supplier feed went quiet: its KPI is STALE_KPI");

        platform.kill("governance");
        platform.clientAs("sales-steward").data("""
                mutation Measure($kpi: ID!, $day: Date!) {
                  recordMeasurement(measurement: { kpiId: $kpi, value: 91.5, observedAt: $day }) { id }
                }
                """, Map.of("kpi", supplier, "day", LocalDate.now(ZoneOffset.UTC).toString()));
        long[] event = outboxPosition("kpi", "select txid::text::bigint, place from outbox where aggregateid = ? "
                + "and type = 'MeasurementRecorded' order by txid desc, place desc limit 1", supplier);
        assertTrue(event != null, "the measurement's event is in kpi-service's outbox, committed with it");
        platform.kill("kpi");

        platform.startAgain("governance");
        assertTrue(stale(supplier), "nothing could tell governance yet");
        platform.startAgain("kpi");

        await("the supplier KPI's STALE_KPI cleared by the event", ignored -> !stale(supplier));
        long[] followed = outboxPosition("governance", "select txid, place from followed_feed where source = ?",
                "kpi-service");
        assertTrue(followed != null && (followed[0] > event[0] || followed[0] == event[0] && followed[1] >= event[1]),
                "governance followed kpi-service's feed past the measurement's event");
    }
}
