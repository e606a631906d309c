package org.throughline.benchmark;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewaysBenchmarkSettingsTest {

    @Test
    void theCurveKeepsItsConnectionCountsInOrder() {
        assertEquals(List.of(1, 10, 50, 200), GatewaysBenchmark.Settings.curve(List.of("1", "10", "50", "200")));
    }

    @Test
    void aCurveThatNamesAConnectionCountTwiceIsRefusedInsteadOfReportingOnePointTwice() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> GatewaysBenchmark.Settings.curve(List.of("50", "200", "50", "200")));
        assertTrue(refused.getMessage().contains("twice"), refused.getMessage());
    }
}
