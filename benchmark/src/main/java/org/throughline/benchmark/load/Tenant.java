package org.throughline.benchmark.load;

import com.fasterxml.jackson.databind.JsonNode;
import org.throughline.launcher.GraphQLClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * What the platform holds, found through GraphQL as a front end would: the initiatives (with their milestones and
 * when each was recorded), the business functions and people that KPIs and plans name, and the KPIs with a value.
 * The executives' variables are chosen across it.
 */
record Tenant(List<Initiative> initiatives, List<String> businessFunctions, List<String> people,
              List<Kpi> measuredKpis) {

    record Initiative(String id, String name, List<String> milestoneIds, Instant recordedAt) {
    }

    record Kpi(String id, double currentValue) {
    }

    static Tenant discover(GraphQLClient client) {
        JsonNode data = client.data("""
                query LoadTenant {
                  initiatives(first: 500) { nodes { id name accountableOwner revisions { changedAt } milestones { id accountableOwner } } }
                  kpis { id businessFunction accountableOwner analytics { currentValue } }
                }
                """, Map.of());
        List<Initiative> initiatives = new ArrayList<>();
        TreeSet<String> people = new TreeSet<>();
        for (JsonNode initiative : data.at("/initiatives/nodes")) {
            List<String> milestones = new ArrayList<>();
            for (JsonNode milestone : initiative.path("milestones")) {
                milestones.add(milestone.path("id").asText());
                people.add(milestone.path("accountableOwner").asText());
            }
            people.add(initiative.path("accountableOwner").asText());
            Instant recorded = Instant.now();
            for (JsonNode revision : initiative.path("revisions")) {
                Instant at = Instant.parse(revision.path("changedAt").asText());
                recorded = at.isBefore(recorded) ? at : recorded;
            }
            initiatives.add(new Initiative(initiative.path("id").asText(), initiative.path("name").asText(),
                    milestones, recorded));
        }
        TreeSet<String> functions = new TreeSet<>();
        List<Kpi> measured = new ArrayList<>();
        for (JsonNode kpi : data.path("kpis")) {
            functions.add(kpi.path("businessFunction").asText());
            people.add(kpi.path("accountableOwner").asText());
            JsonNode value = kpi.at("/analytics/currentValue");
            if (value.isNumber()) {
                measured.add(new Kpi(kpi.path("id").asText(), value.asDouble()));
            }
        }
        people.remove("");
        people.remove("unassigned");
        if (initiatives.isEmpty() || functions.isEmpty() || people.isEmpty()) {
            throw new IllegalStateException("the platform holds no tenant to load: " + data);
        }
        return new Tenant(initiatives, List.copyOf(functions), List.copyOf(people), measured);
    }

    int milestones() {
        return initiatives.stream().mapToInt(initiative -> initiative.milestoneIds().size()).sum();
    }

    /** The initiative whose number of milestones is closest to {@code milestones}: the flatness check's subject. */
    Initiative sizedLike(int milestones) {
        return initiatives.stream()
                .min(Comparator.comparingInt((Initiative i) -> Math.abs(i.milestoneIds().size() - milestones))
                        .thenComparing(Initiative::id))
                .orElseThrow();
    }

    /** The variables of one asking of {@code question}, chosen at random across the tenant. */
    Map<String, Object> variables(Question question, Random random, Instant now) {
        return switch (question) {
            case INITIATIVE -> Map.of("initiativeId", pick(initiatives, random).id());
            case BUSINESS_FUNCTION -> Map.of("function", pick(businessFunctions, random));
            case PERSON -> Map.of("personId", pick(people, random));
            case INITIATIVE_AS_OF -> {
                Initiative initiative = pick(initiatives, random);
                yield Map.of("initiativeId", initiative.id(), "asOf", instantSince(initiative, random, now).toString());
            }
            case OPEN_SIGNALS -> Map.of();
        };
    }

    /** The variables of {@code question} about one initiative, as of the middle of its recorded life for question 4. */
    static Map<String, Object> about(Question question, Initiative initiative, Instant now) {
        return switch (question) {
            case INITIATIVE -> Map.of("initiativeId", initiative.id());
            case INITIATIVE_AS_OF -> Map.of("initiativeId", initiative.id(), "asOf", initiative.recordedAt()
                    .plus(Duration.between(initiative.recordedAt(), now).dividedBy(2)).toString());
            default -> throw new IllegalArgumentException(question + " is not about one initiative");
        };
    }

    /** An instant between the initiative's first record and now: as of then, it existed. */
    private static Instant instantSince(Initiative initiative, Random random, Instant now) {
        long span = Math.max(1, Duration.between(initiative.recordedAt(), now).toMillis());
        return initiative.recordedAt().plusMillis(1 + (long) (random.nextDouble() * (span - 1)));
    }

    private static <T> T pick(List<T> items, Random random) {
        return items.get(random.nextInt(items.size()));
    }
}
