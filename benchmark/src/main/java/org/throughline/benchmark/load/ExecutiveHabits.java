package org.throughline.benchmark.load;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * How a signed-in executive uses the platform in the benchmark's closed loop: which question they ask next (a
 * weighted mix) and how long they look at an answer before asking again (exponentially distributed around a mean,
 * capped at five times it, so that a few long pauses do not idle a small population).
 */
record ExecutiveHabits(Map<Question, Integer> weights, Duration meanThinkTime) {

    /** The cockpit (1) most, then the person view (3), then the portfolio-wide lists and the as-of view. */
    static final Map<Question, Integer> DEFAULT_MIX = defaultMix();

    ExecutiveHabits {
        if (weights.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
            throw new IllegalArgumentException("the mix gives no question a weight: " + weights);
        }
        weights = new EnumMap<>(weights);
    }

    private static Map<Question, Integer> defaultMix() {
        Map<Question, Integer> mix = new EnumMap<>(Question.class);
        mix.put(Question.INITIATIVE, 35);
        mix.put(Question.BUSINESS_FUNCTION, 15);
        mix.put(Question.PERSON, 20);
        mix.put(Question.INITIATIVE_AS_OF, 15);
        mix.put(Question.OPEN_SIGNALS, 15);
        return mix;
    }

    Question nextQuestion(Random random) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        int pick = random.nextInt(total);
        for (Map.Entry<Question, Integer> weight : weights.entrySet()) {
            pick -= weight.getValue();
            if (pick < 0) {
                return weight.getKey();
            }
        }
        throw new IllegalStateException("unreachable");
    }

    Duration thinkTime(Random random) {
        double mean = meanThinkTime.toNanos();
        double exponential = -mean * Math.log(1 - random.nextDouble());
        return Duration.ofNanos((long) Math.min(exponential, 5 * mean));
    }

    /** Before the first question: spread over one mean think time, so that the executives do not start in step. */
    Duration firstPause(Random random) {
        return Duration.ofNanos((long) (random.nextDouble() * meanThinkTime.toNanos()));
    }

    /** "1 35 %, 2 15 %, ..." */
    String describeMix() {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder text = new StringBuilder();
        weights.forEach((question, weight) -> text.append(text.isEmpty() ? "" : ", ").append(question.number)
                .append(": ").append(Math.round(100.0 * weight / total)).append(" %"));
        return text.toString();
    }
}
