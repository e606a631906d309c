package org.throughline.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * A plan as the IT lead keeps it: a CSV sheet, one row per milestone, dates counted in days from a given day, sent as
 * a whole through plan-service's import. Shared by the demo and the large tenant, so both come in the same way.
 */
public final class PlanSpreadsheet {

    public static final String HEADER = "key,workstream,business_function,workstream_owner,title,"
            + "baseline_finish,forecast_finish,actual_finish,delivery_status,health,stage_gate,owner,depends_on\n";
    private static final String BOUNDARY = "throughline-demo-plan";

    private final LocalDate today;
    private final StringBuilder sheet = new StringBuilder(HEADER);
    /** The key of each milestone by title: how the imported milestones are found again (GraphQL has no key). */
    private final Map<String, String> keyOfTitle = new HashMap<>();

    public PlanSpreadsheet(LocalDate today) {
        this.today = today;
    }

    /** Adds a milestone's row; dates are days from today, null leaves a cell blank; dependsOn is keys by ";". */
    public PlanSpreadsheet row(String key, String workstream, String function, String workstreamOwner, String title,
                               int baseline, Integer forecast, Integer actual, String status, String health,
                               String gate, String owner, String dependsOn) {
        keyOfTitle.put(title, key);
        sheet.append(String.join(",", key, workstream, function, workstreamOwner, title, day(baseline),
                forecast == null ? "" : day(forecast), actual == null ? "" : day(actual), status, health, gate, owner,
                dependsOn.isEmpty() ? "" : "\"" + dependsOn + "\"")).append('\n');
        return this;
    }

    private String day(int fromToday) {
        return today.plusDays(fromToday).toString();
    }

    /** The sheet as CSV, header first. */
    public String csv() {
        return sheet.toString();
    }

    public int rows() {
        return keyOfTitle.size();
    }

    /** Sends the sheet to plan-service's import for the initiative, as {@code user}; returns the import's report. */
    public String importInto(Platform platform, String user, String initiative) {
        return importWith(platform, platform.keycloak().isPresent() ? platform.bearer(user) : null, initiative);
    }

    /** As {@link #importInto}, with an Authorization header the caller holds (see {@link Platform#post}). */
    public String importWith(Platform platform, String authorization, String initiative) {
        return platform.post(authorization, "plan", "/initiatives/" + initiative + "/plan-import",
                "multipart/form-data; boundary=" + BOUNDARY, Map.of(), multipart("plan.csv", csv()));
    }

    /** The ids of the initiative's milestones by their key in this sheet. */
    public Map<String, String> milestoneIds(GraphQLClient client, String initiative) {
        JsonNode imported = client.data("""
                query DemoMilestones($id: ID!) { initiative(id: $id) { milestones { id title } } }
                """, Map.of("id", initiative)).get("initiative").get("milestones");
        Map<String, String> byKey = new HashMap<>();
        imported.forEach(milestone -> byKey.put(keyOfTitle.get(milestone.get("title").asText()),
                milestone.get("id").asText()));
        return byKey;
    }

    private static byte[] multipart(String filename, String content) {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
