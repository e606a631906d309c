package org.throughline.plan.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.throughline.plan.service.ImportReport;
import org.throughline.plan.service.InitiativeNotFoundException;
import org.throughline.plan.service.PlanImportService;
import org.throughline.plan.sheet.InvalidSheetException;
import org.throughline.plan.sheet.PlanSheetReader;
import org.throughline.plan.sheet.SheetProblem;
import org.throughline.plan.sheet.UnsupportedSheetException;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.Roles;
import org.throughline.subgraph.VersionConflictException;

import java.util.List;

/**
 * Imports a plan spreadsheet (CSV or XLSX, one row per milestone) into an initiative. Errors are RFC 9457 problem
 * responses; a sheet with bad cells lists each with its row and column, and nothing is written.
 */
@Path("/initiatives/{initiativeId}/plan-import")
@Tag(name = "Plan import", description = "Spreadsheets into the living plan")
public class PlanImportResource {

    static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    PlanImportService imports;

    /** An RFC 9457 problem; {@code errors} lists the cells of a refused sheet. */
    @Schema(description = "An RFC 9457 problem; for a refused sheet, errors lists each bad cell.")
    public record Problem(String type, String title, int status, String detail, List<SheetProblem> errors) {
    }

    @RolesAllowed(Roles.PLAN_EDITOR)
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import a plan spreadsheet into an initiative",
            description = "CSV (UTF-8, comma or semicolon separated) or XLSX (first sheet), one row per milestone. "
                    + "Required columns: key, workstream, title, baseline_finish, owner; optional: business_function "
                    + "and workstream_owner (for a new workstream), scope, forecast_finish, actual_finish, "
                    + "delivery_status, health, stage_gate, depends_on (keys separated by ; or ,). Dates are "
                    + "YYYY-MM-DD or date cells. A blank optional cell leaves the value as it is. Milestones are "
                    + "found by key: importing the same sheet twice changes nothing; changes are revisions with the "
                    + "reason 'import'. All or nothing: one bad cell refuses the whole sheet.")
    @APIResponse(responseCode = "200", description = "Imported, or with dryRun what would be imported",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ImportReport.class)))
    @APIResponse(responseCode = "422", description = "The sheet has errors; each with row, column and cell",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such initiative",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The plan changed during the import; nothing was written",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Neither CSV nor XLSX",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public ImportReport importPlan(
            @RestPath @Parameter(description = "The initiative the plan belongs to") String initiativeId,
            @RestQuery @Parameter(description = "Answer what would change, and write nothing") boolean dryRun,
            @RestForm("file") @Parameter(description = "The plan sheet, .csv or .xlsx") FileUpload file)
            throws RejectedInputException, InvalidSheetException, UnsupportedSheetException {
        if (file == null) {
            throw new BadInputException("file", "send the sheet as the multipart form part 'file'");
        }
        return imports.importSheet(initiativeId, PlanSheetReader.read(file.uploadedFile(), file.fileName()), dryRun);
    }

    @ServerExceptionMapper
    public Response invalidSheet(InvalidSheetException e) {
        return problem(422, "invalid-plan-sheet", "The plan sheet has errors; nothing was imported",
                e.problems().size() + " problem(s); each names its row and column.", e.problems());
    }

    @ServerExceptionMapper
    public Response unsupported(UnsupportedSheetException e) {
        return problem(415, "unsupported-sheet", "Not a CSV or XLSX sheet", e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response notFound(InitiativeNotFoundException e) {
        return problem(404, "initiative-not-found", "No such initiative", e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response conflict(VersionConflictException e) {
        return problem(409, "version-conflict", "The plan changed during the import", e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response rejected(RejectedInputException e) {
        return problem(400, "bad-input", "The request is not valid", e.getMessage(), List.of());
    }

    private static Response problem(int status, String code, String title, String detail, List<SheetProblem> errors) {
        return Response.status(status).type(PROBLEM_JSON)
                .entity(new Problem("https://throughline.dev/problems/" + code, title, status, detail, errors)).build();
    }
}
