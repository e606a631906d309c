package org.throughline.plan;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.throughline.testing.EmbeddedPostgresResource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.throughline.plan.PlanFixture.createInitiative;
import static org.throughline.testing.GraphQLEndpoint.graphql;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class PlanImportTest {

    private static final String HEADER = "key,workstream,business_function,title,baseline_finish,forecast_finish,"
            + "delivery_status,health,stage_gate,owner,depends_on\n";
    private static final String PLAN = HEADER
            + "LED-1,Finance,FINANCE,Ledger migration,2026-03-31,,DELIVERED,GREEN,IMPLEMENTED,cfo,\n"
            + "PRC-1,Sales pricing,SALES,Pricing engine cut-over,2026-06-30,2026-08-14,IN_PROGRESS,AMBER,DECIDED,it-lead,LED-1\n"
            + "PRC-2,Sales pricing,,Forecasting module,2026-09-30,,,,,it-lead,PRC-1;LED-1\n";

    private static ValidatableResponse upload(String initiative, byte[] file, String name, boolean dryRun) {
        return given().multiPart("file", name, file).queryParam("dryRun", dryRun)
                .when().post("/initiatives/" + initiative + "/plan-import")
                .then().log().ifValidationFails();
    }

    private static ValidatableResponse uploadCsv(String initiative, String csv, boolean dryRun) {
        return upload(initiative, csv.getBytes(StandardCharsets.UTF_8), "plan.csv", dryRun);
    }

    private static ValidatableResponse plan(String initiative) {
        return graphql("""
                query Imported($id: ID!) {
                  initiative(id: $id) {
                    workstreams { name businessFunction accountableOwner }
                    milestones {
                      externalKey title baselineFinish forecastFinish actualFinish deliveryStatus health stageGate
                      accountableOwner version workstream { name } dependsOn { externalKey }
                      revisions { reason changes { field } }
                    }
                  }
                }
                """, Map.of("id", initiative)).body("errors", nullValue());
    }

    private static ValidatableResponse problems(ValidatableResponse response) {
        return response.statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://throughline.dev/problems/invalid-plan-sheet"))
                .body("status", equalTo(422));
    }

    @Test
    void aCsvSheetCreatesWorkstreamsAndMilestonesWithTheirDependencies() {
        String initiative = createInitiative("Imported from CSV", "cio");
        uploadCsv(initiative, PLAN, false).statusCode(200)
                .body("dryRun", equalTo(false))
                .body("rows", equalTo(3))
                .body("milestonesCreated", equalTo(3))
                .body("milestonesUpdated", equalTo(0))
                .body("workstreamsCreated", contains("Finance", "Sales pricing"))
                .body("changes.action", contains("CREATED", "CREATED", "CREATED"))
                .body("changes.row", contains(2, 3, 4));

        plan(initiative)
                .body("data.initiative.workstreams.name", contains("Finance", "Sales pricing"))
                .body("data.initiative.workstreams.accountableOwner", contains("cio", "cio"))
                .body("data.initiative.milestones.externalKey", contains("LED-1", "PRC-1", "PRC-2"))
                .body("data.initiative.milestones[0].deliveryStatus", equalTo("DELIVERED"))
                .body("data.initiative.milestones[0].actualFinish", equalTo(LocalDate.now(java.time.ZoneOffset.UTC).toString()))
                .body("data.initiative.milestones[1].forecastFinish", equalTo("2026-08-14"))
                .body("data.initiative.milestones[1].stageGate", equalTo("DECIDED"))
                .body("data.initiative.milestones[1].dependsOn.externalKey", contains("LED-1"))
                .body("data.initiative.milestones[2].forecastFinish", equalTo("2026-09-30"))
                .body("data.initiative.milestones[2].workstream.name", equalTo("Sales pricing"))
                .body("data.initiative.milestones[2].dependsOn.externalKey", contains("LED-1", "PRC-1"))
                .body("data.initiative.milestones[2].revisions[0].reason", equalTo("import"));
    }

    @Test
    void aDryRunAnswersWhatWouldChangeAndWritesNothing() {
        String initiative = createInitiative("Dry run", "cio");
        uploadCsv(initiative, PLAN, true).statusCode(200)
                .body("dryRun", equalTo(true))
                .body("milestonesCreated", equalTo(3))
                .body("workstreamsCreated", hasSize(2));
        plan(initiative).body("data.initiative.milestones", empty())
                .body("data.initiative.workstreams", empty());

        uploadCsv(initiative, PLAN, false).statusCode(200);
        uploadCsv(initiative, PLAN.replace("2026-08-14", "2026-09-01"), true).statusCode(200)
                .body("milestonesUpdated", equalTo(1))
                .body("milestonesUnchanged", equalTo(2))
                .body("changes[0].key", equalTo("PRC-1"))
                .body("changes[0].action", equalTo("UPDATED"))
                .body("changes[0].fields[0].field", equalTo("forecastFinish"))
                .body("changes[0].fields[0].before", equalTo("2026-08-14"))
                .body("changes[0].fields[0].after", equalTo("2026-09-01"));
        plan(initiative).body("data.initiative.milestones[1].forecastFinish", equalTo("2026-08-14"));
    }

    @Test
    void reimportingTheSameSheetChangesNothingAndAChangedSheetIsRecordedAsImport() {
        String initiative = createInitiative("Re-import", "cio");
        uploadCsv(initiative, PLAN, false).statusCode(200);
        uploadCsv(initiative, PLAN, false).statusCode(200)
                .body("milestonesCreated", equalTo(0))
                .body("milestonesUpdated", equalTo(0))
                .body("milestonesUnchanged", equalTo(3))
                .body("workstreamsCreated", empty())
                .body("changes", empty());
        plan(initiative).body("data.initiative.milestones.version", contains(0, 0, 0));

        String changed = PLAN.replace("2026-06-30,2026-08-14,IN_PROGRESS,AMBER", "2026-07-15,2026-08-14,IN_PROGRESS,RED")
                .replace("PRC-1;LED-1", "PRC-1");
        uploadCsv(initiative, changed, false).statusCode(200)
                .body("milestonesUpdated", equalTo(2))
                .body("changes.key", contains("PRC-1", "PRC-2"));
        plan(initiative)
                .body("data.initiative.milestones[1].baselineFinish", equalTo("2026-07-15"))
                .body("data.initiative.milestones[1].health", equalTo("RED"))
                .body("data.initiative.milestones[1].revisions[1].reason", equalTo("import"))
                .body("data.initiative.milestones[1].revisions[1].changes.field", contains("baselineFinish", "health"))
                .body("data.initiative.milestones[2].dependsOn.externalKey", contains("PRC-1"))
                .body("data.initiative.milestones[2].revisions[1].changes.field", contains("dependsOn"))
                .body("data.initiative.milestones[2].version", equalTo(1));
    }

    @Test
    void badCellsComeBackWithRowAndColumnAndNothingIsWritten() {
        String initiative = createInitiative("Bad cells", "cio");
        String sheet = HEADER
                + "A-1,Ops,OPERATIONS,Good row,2026-03-31,,,,,ops-lead,\n"
                + "A-2,Ops,,Bad date,31/03/2026,,,,,ops-lead,A-99\n"
                + "A-3,Ops,,Bad status,2026-04-30,,FINISHED,PURPLE,,ops-lead,\n"
                + "A-1,Ops,,Duplicate key,2026-05-31,,,,,ops-lead,\n"
                + "A-5,Ops,,Unknown dependency,2026-06-30,,,,,ops-lead,A-404\n"
                + "A-6,Ops,,Far future,2150-06-30,,,,,Ana Smith,\n"
                + "A-7,New lane,,New lane without function,2026-06-30,,,,,ops-lead,\n"
                + "A-8,Ops,,Proven by import,2026-06-30,,,,EFFECT_PROVEN,ops-lead,\n";
        problems(uploadCsv(initiative, sheet, false))
                .body("errors.row", contains(3, 3, 4, 4, 5, 6, 7, 7, 8, 9))
                .body("errors.column", contains("baseline_finish", "depends_on", "delivery_status", "health", "key",
                        "depends_on", "baseline_finish", "owner", "business_function", "stage_gate"))
                .body("errors[0].cell", equalTo("E3"))
                .body("errors[0].message", containsString("YYYY-MM-DD"))
                .body("errors[0].message", containsString("'31/03/2026'"))
                .body("errors[1].message", containsString("A-99"))
                .body("errors[2].message", containsString("NOT_STARTED"))
                .body("errors[4].message", containsString("row 2"))
                .body("errors[5].message", containsString("A-404"))
                .body("errors[9].message", containsString("governance"));
        plan(initiative).body("data.initiative.milestones", empty()).body("data.initiative.workstreams", empty());
    }

    @Test
    void aDependencyCycleInTheSheetIsRefused() {
        String initiative = createInitiative("Cyclic sheet", "cio");
        String sheet = HEADER
                + "C-1,Core,IT,Network,2026-03-31,,,,,it-lead,C-3\n"
                + "C-2,Core,,Servers,2026-04-30,,,,,it-lead,C-1\n"
                + "C-3,Core,,Database,2026-05-31,,,,,it-lead,C-2\n";
        problems(uploadCsv(initiative, sheet, false))
                .body("errors", hasSize(1))
                .body("errors[0].column", equalTo("depends_on"))
                .body("errors[0].message", containsString("cycle"))
                .body("errors[0].message", containsString("C-1"))
                .body("errors[0].message", containsString("C-2"))
                .body("errors[0].message", containsString("C-3"));
        plan(initiative).body("data.initiative.milestones", empty());
    }

    @Test
    void headersAreMatchedLooselyAndUnknownOrMissingColumnsAreRefused() {
        String initiative = createInitiative("Headers", "cio");
        uploadCsv(initiative, "Key;Workstream;Business function;Title;Baseline Finish;Owner\n"
                + "H-1;Ops;OPERATIONS;Semicolons from a European Excel;2026-03-31;ops-lead\n", false)
                .statusCode(200).body("milestonesCreated", equalTo(1));
        problems(uploadCsv(initiative, "key,workstream,title,budget\nX,Ops,T,1000\n", false))
                .body("errors.column", contains("budget", "baseline_finish", "owner"))
                .body("errors[0].row", equalTo(1))
                .body("errors[0].cell", equalTo("D1"))
                .body("errors[0].message", containsString("Unknown column"));
    }

    @Test
    void anXlsxSheetReadsDateCellsAndTextDates() throws IOException {
        String initiative = createInitiative("Imported from XLSX", "cio");
        byte[] workbook = xlsx(List.of(
                List.of("X-1", "Finance", "FINANCE", "Ledger", LocalDate.of(2026, 3, 31), "cfo", ""),
                List.of("X-2", "Finance", "", "Close", "2026-04-30", "cfo", "X-1")));
        upload(initiative, workbook, "plan.xlsx", false).statusCode(200)
                .body("milestonesCreated", equalTo(2));
        plan(initiative)
                .body("data.initiative.milestones.baselineFinish", contains("2026-03-31", "2026-04-30"))
                .body("data.initiative.milestones[1].dependsOn.externalKey", contains("X-1"));

        problems(upload(initiative, xlsx(List.of(List.of("X-3", "Finance", "", "Typo", "2026-13-01", "cfo", ""))),
                "plan.xlsx", false))
                .body("errors[0].cell", equalTo("E2"))
                .body("errors[0].column", equalTo("baseline_finish"));
    }

    @Test
    void aDamagedOrForeignFileIsAProblemResponse() {
        String initiative = createInitiative("Damaged", "cio");
        byte[] notAWorkbook = "PK\u0003\u0004 this is no zip".getBytes(StandardCharsets.ISO_8859_1);
        problems(upload(initiative, notAWorkbook, "plan.xlsx", false))
                .body("errors[0].message", containsString("not a readable XLSX workbook"));
        upload(initiative, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0}, "plan.xls", false)
                .statusCode(415).contentType("application/problem+json")
                .body("detail", containsString("xlsx"));
        problems(upload(initiative, new byte[] {'k', 'e', 'y', (byte) 0xFF, '\n'}, "plan.csv", false))
                .body("errors[0].message", containsString("UTF-8"));
        upload("424242", PLAN.getBytes(StandardCharsets.UTF_8), "plan.csv", false)
                .statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://throughline.dev/problems/initiative-not-found"));
        upload("not-an-id", PLAN.getBytes(StandardCharsets.UTF_8), "plan.csv", false)
                .statusCode(400).body("detail", containsString("initiativeId"));
        given().multiPart("other", "x").when().post("/initiatives/" + initiative + "/plan-import")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("file"));
    }

    @Test
    void aTenThousandRowSheetImportsInOneTransactionAndReimportsAsUnchanged() throws IOException {
        String initiative = createInitiative("Ten thousand rows", "cio");
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 10_000; i++) {
            String lane = "Lane " + (i % 20);
            String dependsOn = i >= 20 ? "K-" + (i - 20) : "";
            csv.append("K-").append(i).append(',').append(lane).append(",IT,Milestone ").append(i).append(',')
                    .append(LocalDate.of(2026, 1, 1).plusDays(i % 700)).append(",,IN_PROGRESS,GREEN,PLANNED,owner-")
                    .append(i % 37).append(',').append(dependsOn).append('\n');
        }
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);

        long started = System.nanoTime();
        uploadCsv(initiative, csv.toString(), false).statusCode(200)
                .body("milestonesCreated", equalTo(10_000))
                .body("workstreamsCreated", hasSize(20));
        long imported = System.nanoTime();
        uploadCsv(initiative, csv.toString(), false).statusCode(200)
                .body("milestonesUnchanged", equalTo(10_000))
                .body("changes", empty());
        long reimported = System.nanoTime();
        byte[] workbook = xlsxOf(csv.toString());
        long xlsxStarted = System.nanoTime();
        upload(initiative, workbook, "plan.xlsx", true).statusCode(200)
                .body("milestonesUnchanged", equalTo(10_000));
        long xlsxDone = System.nanoTime();
        System.out.printf("10,000-row import: CSV (%d KiB) %d ms, re-import %d ms, XLSX (%d KiB) dry run %d ms%n",
                file.length / 1024, (imported - started) / 1_000_000, (reimported - imported) / 1_000_000,
                workbook.length / 1024, (xlsxDone - xlsxStarted) / 1_000_000);

        graphql("""
                query Count($id: ID!) {
                  milestones(filter: { initiativeId: $id }) { totalCount }
                  last: milestones(filter: { initiativeId: $id, accountableOwner: "owner-36" }, first: 1) { nodes { dependsOn { externalKey } } }
                }
                """, Map.of("id", initiative))
                .body("errors", nullValue())
                .body("data.milestones.totalCount", equalTo(10_000))
                .body("data.last.nodes[0].dependsOn", hasSize(1));
    }

    @Test
    void theImportIsDescribedInOpenApi() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/initiatives/{initiativeId}/plan-import'.post.summary",
                        equalTo("Import a plan spreadsheet into an initiative"))
                .body("paths.'/initiatives/{initiativeId}/plan-import'.post.requestBody.content.keySet()",
                        hasItem("multipart/form-data"))
                .body("paths.'/initiatives/{initiativeId}/plan-import'.post.responses.keySet()",
                        hasItem("422"));
    }

    /** A workbook with the columns key, workstream, business_function, title, baseline_finish, owner, depends_on. */
    private static byte[] xlsx(List<List<Object>> rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("Plan");
            CellStyle dates = workbook.createCellStyle();
            dates.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("dd.mm.yyyy"));
            List<String> header = List.of("key", "workstream", "business_function", "title", "baseline_finish", "owner",
                    "depends_on");
            Row first = sheet.createRow(0);
            for (int c = 0; c < header.size(); c++) {
                first.createCell(c).setCellValue(header.get(c));
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    Object value = rows.get(r).get(c);
                    if (value instanceof LocalDate date) {
                        row.createCell(c).setCellValue(date);
                        row.getCell(c).setCellStyle(dates);
                    } else {
                        row.createCell(c).setCellValue((String) value);
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    /** The same sheet as XLSX, every cell as text. */
    private static byte[] xlsxOf(String csv) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("Plan");
            String[] lines = csv.split("\n");
            for (int r = 0; r < lines.length; r++) {
                Row row = sheet.createRow(r);
                String[] cells = lines[r].split(",", -1);
                for (int c = 0; c < cells.length; c++) {
                    row.createCell(c).setCellValue(cells[c]);
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }
}
