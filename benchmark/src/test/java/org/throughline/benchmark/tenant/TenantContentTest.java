package org.throughline.benchmark.tenant;

import org.junit.jupiter.api.Test;
import org.throughline.benchmark.tenant.TenantContent.Course;
import org.throughline.benchmark.tenant.TenantContent.InitiativeSpec;
import org.throughline.benchmark.tenant.TenantContent.KpiSpec;
import org.throughline.benchmark.tenant.TenantContent.MilestoneRow;
import org.throughline.benchmark.tenant.TenantContent.Value;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantContentTest {

    private static final TenantSettings SETTINGS = new TenantSettings(100, 548, 0.5, 33, LocalDate.of(2026, 12, 7));

    @Test
    void theSameSettingsGiveTheSameTenantAndAnotherSeedAnother() {
        InitiativeSpec initiative = TenantContent.initiative(SETTINGS, 42);
        assertEquals(initiative, TenantContent.initiative(SETTINGS, 42));
        assertEquals(TenantContent.sheet(SETTINGS, initiative).csv(), TenantContent.sheet(SETTINGS,
                TenantContent.initiative(SETTINGS, 42)).csv());
        Map<String, String> ids = ids(initiative);
        assertEquals(TenantContent.batch(SETTINGS, initiative, ids), TenantContent.batch(SETTINGS, initiative, ids));
        TenantSettings reseeded = new TenantSettings(100, 548, 0.5, 34, SETTINGS.today());
        assertNotEquals(TenantContent.sheet(SETTINGS, initiative).csv(),
                TenantContent.sheet(reseeded, TenantContent.initiative(reseeded, 42)).csv());
    }

    @Test
    void eachInitiativeIsTheDemosSizeWithUniqueNamesAndKeys() {
        Set<String> initiatives = new HashSet<>();
        Set<String> kpis = new HashSet<>();
        for (int number = 1; number <= SETTINGS.initiatives(); number++) {
            InitiativeSpec initiative = TenantContent.initiative(SETTINGS, number);
            assertTrue(initiatives.add(initiative.name()), initiative.name());
            assertEquals(6, initiative.lanes().stream().distinct().count());
            assertEquals(30, initiative.milestones().stream().map(MilestoneRow::key).distinct().count());
            assertEquals(30, initiative.milestones().stream().map(MilestoneRow::title).distinct().count());
            assertEquals(15, initiative.kpis().size());
            initiative.kpis().forEach(kpi -> assertTrue(kpis.add(kpi.name()), kpi.name()));
            assertEquals(15, initiative.commitments().stream().map(c -> c.milestoneKey() + "/" + c.kpiName())
                    .distinct().count());
            assertEquals(31, TenantContent.sheet(SETTINGS, initiative).csv().lines().count());
        }
    }

    @Test
    void dependenciesNameMilestonesOfTheInitiativeGoAcrossWorkstreamsAndCloseNoCycle() {
        int across = 0;
        for (int number = 1; number <= SETTINGS.initiatives(); number++) {
            List<MilestoneRow> milestones = TenantContent.initiative(SETTINGS, number).milestones();
            Map<String, MilestoneRow> byKey = new HashMap<>();
            milestones.forEach(m -> byKey.put(m.key(), m));
            for (MilestoneRow milestone : milestones) {
                for (String key : milestone.dependsOn()) {
                    MilestoneRow target = byKey.get(key);
                    assertTrue(target != null, milestone.key() + " depends on an unknown " + key);
                    across += target.lane().equals(milestone.lane()) ? 0 : 1;
                }
            }
            // Kahn: every milestone can be put after its dependencies.
            Set<String> done = new HashSet<>();
            boolean progress = true;
            while (progress) {
                progress = false;
                for (MilestoneRow milestone : milestones) {
                    if (!done.contains(milestone.key()) && done.containsAll(milestone.dependsOn())) {
                        done.add(milestone.key());
                        progress = true;
                    }
                }
            }
            assertEquals(milestones.size(), done.size(), "a dependency cycle in initiative " + number);
        }
        assertTrue(across > 100, "only " + across + " dependencies across workstreams");
    }

    @Test
    void theTenantVariesSoThatSignalsOfSeveralKindsFollow() {
        Map<Course, Integer> courses = new HashMap<>();
        int slipping = 0;
        int delivered = 0;
        int ownerless = 0;
        int signOffs = 0;
        int reviewed = 0;
        int overdue = 0;
        for (int number = 1; number <= SETTINGS.initiatives(); number++) {
            InitiativeSpec initiative = TenantContent.initiative(SETTINGS, number);
            initiative.kpis().forEach(k -> courses.merge(k.course(), 1, Integer::sum));
            for (MilestoneRow m : initiative.milestones()) {
                slipping += m.forecast() != null && m.forecast() - m.baseline() > 14 ? 1 : 0;
                delivered += m.status().equals("DELIVERED") ? 1 : 0;
                assertTrue(m.actual() == null || m.actual() < 0, "a milestone delivered in the future");
            }
            ownerless += (int) initiative.kpis().stream().filter(k -> k.steward().equals("unassigned")).count();
            signOffs += initiative.signOff() != null ? 1 : 0;
            reviewed += initiative.reviewed() ? 1 : 0;
            overdue += (int) initiative.commitments().stream().filter(c -> c.dueInDays() < 0).count();
        }
        for (Course course : Course.values()) {
            assertTrue(courses.getOrDefault(course, 0) > 50, course + ": " + courses);
        }
        assertTrue(slipping > 100, "slipping " + slipping);
        assertTrue(delivered > 500 && delivered < 2500, "delivered " + delivered);
        assertEquals(10, ownerless);
        assertEquals(10, signOffs);
        assertEquals(10, reviewed);
        assertEquals(20, overdue);
    }

    @Test
    void aKpisHistoryRunsFromItsBaselineToTodayAtItsCadenceWithinItsValidRange() {
        InitiativeSpec initiative = TenantContent.initiative(SETTINGS, 7);
        for (KpiSpec kpi : initiative.kpis()) {
            List<Value> values = TenantContent.values(SETTINGS, kpi, 99);
            LocalDate last = kpi.course() == Course.STALE ? SETTINGS.today().minusDays(35) : SETTINGS.today();
            assertEquals(last, values.get(values.size() - 1).day(), kpi.name());
            assertFalse(values.get(0).day().isBefore(SETTINGS.historyStart()), kpi.name());
            IntStream.range(1, values.size()).forEach(i -> assertEquals(values.get(i - 1).day()
                    .plusDays(kpi.cadenceDays()), values.get(i).day(), kpi.name()));
            values.forEach(v -> assertTrue(v.value() >= 0 && (kpi.validMax() == null || v.value() <= kpi.validMax()),
                    kpi.name() + " " + v));
            double today = kpi.plannedAt(SETTINGS.historyDays(), SETTINGS.historyDays());
            double behind = (today - values.get(values.size() - 1).value()) * Math.signum(kpi.target() - kpi.baseline());
            if (kpi.course() == Course.OFF_TRACK) {
                assertTrue(behind > kpi.offTrack(), kpi.name() + " is only " + behind + " behind");
            } else if (kpi.course() == Course.ON_TRACK) {
                assertTrue(behind <= kpi.atRisk(), kpi.name() + " is " + behind + " behind");
            }
        }
    }

    @Test
    void theMeasurementCountAddsUpToTheBatches() {
        TenantSettings small = new TenantSettings(3, 548, 0.5, 33, SETTINGS.today());
        long rows = 0;
        for (int number = 1; number <= 3; number++) {
            InitiativeSpec initiative = TenantContent.initiative(small, number);
            String batch = TenantContent.batch(small, initiative, ids(initiative));
            assertTrue(batch.startsWith("kpi_id,observed_at,value,key\n"));
            rows += batch.lines().count() - 1;
            assertEquals(batch.lines().count(), batch.lines().distinct().count());
        }
        assertEquals(rows, TenantContent.measurements(small, 3));
    }

    private static Map<String, String> ids(InitiativeSpec initiative) {
        Map<String, String> ids = new HashMap<>();
        initiative.kpis().forEach(k -> ids.put(k.name(), Integer.toString(1000 + ids.size())));
        return ids;
    }
}
