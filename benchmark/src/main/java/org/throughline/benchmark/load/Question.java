package org.throughline.benchmark.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The five executive questions of docs/queries, each with the operation's name in the persisted-operations manifest
 * and the list every answer must hold: an answer is right when it is HTTP 200, has no errors, and has that list.
 */
enum Question {
    INITIATIVE(1, "InitiativeCockpit", "/initiative/milestones"),
    BUSINESS_FUNCTION(2, "BusinessFunctionKpis", "/kpis"),
    PERSON(3, "PersonAccountability", "/person/accountableMilestones"),
    INITIATIVE_AS_OF(4, "InitiativeAsOf", "/initiative/milestones"),
    OPEN_SIGNALS(5, "OpenSignals", "/signals");

    private static final ObjectMapper JSON = new ObjectMapper();

    final int number;
    final String operation;
    private final String expectedList;

    Question(int number, String operation, String expectedList) {
        this.number = number;
        this.operation = operation;
        this.expectedList = expectedList;
    }

    String label() {
        return number + " " + operation;
    }

    /** What is wrong with an answer, in a line; null when it is a right answer to this question. */
    String problem(int status, String body) {
        if (status != 200) {
            return "HTTP " + status + ": " + abbreviated(body);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            return "not JSON: " + abbreviated(body);
        }
        if (answer.hasNonNull("errors")) {
            JsonNode first = answer.get("errors").path(0);
            return first.at("/extensions/code").asText("no code") + ": " + abbreviated(first.path("message").asText());
        }
        if (!answer.path("data").at(expectedList).isArray()) {
            return "no " + expectedList + " in the answer: " + abbreviated(body);
        }
        return null;
    }

    private static String abbreviated(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }

    /** Each question's persisted id, from the manifest the gateway loads. */
    static Map<Question, String> persistedIds(Path manifest) {
        try {
            Map<Question, String> ids = new EnumMap<>(Question.class);
            for (JsonNode operation : JSON.readTree(manifest.toFile()).path("operations")) {
                for (Question question : values()) {
                    if (question.operation.equals(operation.path("name").asText())) {
                        ids.put(question, operation.path("id").asText());
                    }
                }
            }
            if (ids.size() != values().length) {
                throw new IllegalStateException(manifest + " lacks some of the five questions: it has " + ids.keySet());
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
