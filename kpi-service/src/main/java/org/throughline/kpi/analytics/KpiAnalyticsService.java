package org.throughline.kpi.analytics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import org.throughline.kpi.Kpi;
import org.throughline.subgraph.BatchedLoad;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Computes analytics for many KPIs at once: PostgreSQL reduces the measurements (the value of each business day is its
 * latest recording, as known at the instant asked; the latest value; a least-squares line over each KPI's trend
 * window), one statement per batch however many KPIs it holds, and {@link KpiCalculator} does the arithmetic.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class KpiAnalyticsService {

    /**
     * The value of each business day of the asked KPIs: its latest recording as known at :asOf, up to each KPI's
     * last day (today in its zone, or the day there of :asOf). The index on (kpi_id, observed_at, recorded_at desc,
     * id desc) hands the rows out in this order.
     */
    private static final String EFFECTIVE = """
            effective as (
              select distinct on (m.kpi_id, m.observed_at) m.kpi_id, m.observed_at, m.value
              from measurement m join asked a on a.kpi_id = m.kpi_id
              where m.observed_at <= a.last_day %s
              order by m.kpi_id, m.observed_at, m.recorded_at desc, m.id desc)
            """;

    @Inject
    EntityManager entityManager;

    /** The analytics of each KPI, in the given order. */
    public List<KpiAnalytics> analyticsOf(List<Kpi> kpis) {
        return BatchedLoad.perInstant(kpis, kpi -> kpi.asOf, (asOf, group) -> {
            Map<Long, KpiCalculator.Facts> facts = facts(group, asOf);
            return group.stream().map(kpi -> KpiCalculator.analyse(kpi,
                    facts.getOrDefault(kpi.id, KpiCalculator.Facts.none()), kpi.analysisDay())).toList();
        });
    }

    /** The latest value of each KPI, in the given order; null before its first measurement. */
    public List<Double> currentValuesOf(List<Kpi> kpis) {
        return BatchedLoad.perInstant(kpis, kpi -> kpi.asOf, (asOf, group) -> {
            Map<Long, KpiCalculator.Facts> facts = facts(group, asOf);
            return group.stream().map(kpi -> facts.getOrDefault(kpi.id, KpiCalculator.Facts.none()).value())
                    .map(value -> value == null ? null : value.doubleValue()).toList();
        });
    }

    /** The values of each KPI bucketed by day, week or month, oldest first, in the given order. */
    @SuppressWarnings("unchecked")
    public List<List<SeriesPoint>> seriesOf(List<Kpi> kpis, Bucket bucket) {
        return BatchedLoad.perInstant(kpis, kpi -> kpi.asOf, (asOf, group) -> {
            Query query = entityManager.createNativeQuery("""
                    with asked(kpi_id, last_day) as (
                      select * from unnest(cast(:ids as bigint[]), cast(:lastDays as date[]))),
                    """ + effective(asOf) + """
                    , bucketed as (
                      select kpi_id, cast(date_trunc(:unit, cast(observed_at as timestamp)) as date) as start,
                             observed_at, value
                      from effective)
                    select kpi_id, start, max(observed_at), (array_agg(value order by observed_at desc))[1],
                           avg(value), min(value), max(value), count(*)
                    from bucketed group by kpi_id, start order by kpi_id, start
                    """)
                    .setParameter("unit", bucket.unit);
            List<Kpi> asked = distinct(group);
            bind(query, asked, asOf);
            Map<Long, Kpi> byId = asked.stream().collect(Collectors.toMap(kpi -> kpi.id, Function.identity()));
            Map<Long, List<SeriesPoint>> points = new HashMap<>();
            for (Object[] row : (List<Object[]>) query.getResultList()) {
                long id = ((Number) row[0]).longValue();
                LocalDate last = date(row[2]);
                points.computeIfAbsent(id, key -> new ArrayList<>()).add(new SeriesPoint(date(row[1]), last,
                        ((Number) row[3]).doubleValue(), ((Number) row[4]).doubleValue(), ((Number) row[5]).doubleValue(),
                        ((Number) row[6]).doubleValue(), ((Number) row[7]).intValue(),
                        KpiCalculator.plannedValueAt(byId.get(id), last)));
            }
            return group.stream().map(kpi -> points.getOrDefault(kpi.id, List.<SeriesPoint>of())).toList();
        });
    }

    /** How a series groups business days. */
    public enum Bucket {
        DAY("day"), WEEK("week"), MONTH("month");

        private final String unit;

        Bucket(String unit) {
            this.unit = unit;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Long, KpiCalculator.Facts> facts(List<Kpi> batch, Instant asOf) {
        List<Kpi> kpis = distinct(batch);
        Query query = entityManager.createNativeQuery("""
                with asked(kpi_id, last_day, trend_from) as (
                  select * from unnest(cast(:ids as bigint[]), cast(:lastDays as date[]), cast(:trendFrom as date[]))),
                """ + effective(asOf) + """
                , latest as (
                  select distinct on (kpi_id) kpi_id, observed_at, value from effective
                  order by kpi_id, observed_at desc),
                trend as (
                  select e.kpi_id, regr_slope(e.value, e.observed_at - date '%1$s') as slope,
                         regr_intercept(e.value, e.observed_at - date '%1$s') as intercept, count(*) as points
                  from effective e join asked a on a.kpi_id = e.kpi_id
                  where e.observed_at > a.trend_from
                  group by e.kpi_id)
                select a.kpi_id, l.observed_at, l.value, t.slope, t.intercept, coalesce(t.points, 0)
                from asked a left join latest l on l.kpi_id = a.kpi_id left join trend t on t.kpi_id = a.kpi_id
                """.formatted(KpiCalculator.EPOCH))
                .setParameter("trendFrom", kpis.stream()
                        .map(kpi -> Date.valueOf(kpi.analysisDay().minusDays(kpi.trendWindowDays))).toArray(Date[]::new));
        bind(query, kpis, asOf);
        Map<Long, KpiCalculator.Facts> facts = new HashMap<>();
        for (Object[] row : (List<Object[]>) query.getResultList()) {
            facts.put(((Number) row[0]).longValue(), new KpiCalculator.Facts(row[1] == null ? null : date(row[1]),
                    (BigDecimal) row[2], row[3] == null ? null : ((Number) row[3]).doubleValue(),
                    row[4] == null ? null : ((Number) row[4]).doubleValue(), ((Number) row[5]).intValue()));
        }
        return facts;
    }

    private static String effective(Instant asOf) {
        return EFFECTIVE.formatted(asOf == null ? "" : "and m.recorded_at <= :asOf");
    }

    /**
     * The KPIs asked (each once: see {@link #distinct}), each with the last business day that counts: today in its
     * zone for a live read, or the day there of the instant asked. A value recorded for a later day (before such
     * values were refused) does not count until its day has begun.
     */
    private static void bind(Query query, List<Kpi> distinctKpis, Instant asOf) {
        query.setParameter("ids", distinctKpis.stream().map(kpi -> kpi.id).toArray(Long[]::new));
        query.setParameter("lastDays", distinctKpis.stream().map(kpi -> Date.valueOf(kpi.analysisDay()))
                .toArray(Date[]::new));
        if (asOf != null) {
            query.setParameter("asOf", asOf);
        }
    }

    /** Each KPI once: a batch can hold the same KPI twice, which would count its values twice. */
    private static List<Kpi> distinct(List<Kpi> kpis) {
        Map<Long, Kpi> byId = new java.util.LinkedHashMap<>();
        kpis.forEach(kpi -> byId.putIfAbsent(kpi.id, kpi));
        return List.copyOf(byId.values());
    }

    private static LocalDate date(Object value) {
        return value instanceof Date sql ? sql.toLocalDate() : (LocalDate) value;
    }
}
