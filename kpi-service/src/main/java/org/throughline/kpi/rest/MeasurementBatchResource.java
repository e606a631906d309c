package org.throughline.kpi.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.throughline.kpi.ingest.BatchFormat;
import org.throughline.kpi.ingest.BatchIngestion;
import org.throughline.kpi.ingest.BatchKeyReusedException;
import org.throughline.kpi.ingest.BatchRejectedException;
import org.throughline.kpi.ingest.BatchReport;
import org.throughline.kpi.ingest.RowProblem;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.Roles;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Bulk ingestion of measurements: JSON lines or CSV, streamed, recorded all or nothing, idempotent by the batch key in
 * the Idempotency-Key header and by each row's own key. Errors are RFC 9457 problem responses listing rows.
 */
@Path("/measurements/batches")
@Tag(name = "Measurement batches", description = "Many KPI values in one streamed upload")
public class MeasurementBatchResource {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String JSON_LINES = "application/x-ndjson";
    static final String CSV = "text/csv";

    @Inject
    BatchIngestion ingestion;

    /** An RFC 9457 problem; {@code errors} lists the first rows that cannot be recorded, {@code total} counts all. */
    @Schema(description = "An RFC 9457 problem; errors lists the first 1,000 rows that cannot be recorded.")
    public record Problem(String type, String title, int status, String detail, long total, List<RowProblem> errors) {
    }

    @RolesAllowed(Roles.KPI_STEWARD)
    @POST
    @Consumes({JSON_LINES, CSV})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record a batch of measurements",
            description = "JSON lines (application/x-ndjson), one object per line: {\"kpiId\": \"12\", \"observedAt\": "
                    + "\"2026-11-01\", \"value\": 3.5, \"key\": \"row-7\"}; or CSV (text/csv) with the header "
                    + "kpi_id,observed_at,value[,key]. The body is streamed, never held whole. All or nothing: a batch "
                    + "with any row that cannot be recorded (unknown KPI, not a number, a day that has not begun in the KPI's time zone, outside the "
                    + "KPI's valid range, a key used twice) records none, and the answer lists the rows. The batch key "
                    + "makes a retry answer with the first report; a row key makes a row recorded by an earlier batch "
                    + "count once.")
    @RequestBody(content = {@Content(mediaType = JSON_LINES), @Content(mediaType = CSV)})
    @APIResponse(responseCode = "200", description = "Recorded, or recorded before under this batch key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchReport.class)))
    @APIResponse(responseCode = "422", description = "Rows that cannot be recorded; nothing was",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "No batch key in the Idempotency-Key header",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The batch key was used for another batch",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public BatchReport record(
            @HeaderParam("Idempotency-Key") @Parameter(description = "The client's key for the batch, 1 to 200 characters",
                    required = true) String batchKey,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body)
            throws BatchRejectedException, BatchKeyReusedException, BadInputException, IOException {
        BatchFormat format = contentType != null && contentType.toLowerCase().startsWith(CSV)
                ? BatchFormat.CSV : BatchFormat.JSON_LINES;
        return ingestion.ingest(batchKey, format, body);
    }

    @ServerExceptionMapper
    public Response rejected(BatchRejectedException e) {
        return problem(422, "batch-rejected", "The batch has rows that cannot be recorded; none was",
                e.total() + " problem(s); the first " + e.problems().size() + " are listed.", e.total(), e.problems());
    }

    @ServerExceptionMapper
    public Response badInput(BadInputException e) {
        return problem(400, "bad-input", "The request is not valid", e.getMessage(), 0, List.of());
    }

    @ServerExceptionMapper
    public Response reused(BatchKeyReusedException e) {
        return problem(409, "batch-key-reused", "The batch key was used for another batch", e.getMessage(), 0, List.of());
    }

    private static Response problem(int status, String code, String title, String detail, long total,
                                    List<RowProblem> errors) {
        return Response.status(status).type(PROBLEM_JSON).entity(new Problem("https://throughline.dev/problems/" + code,
                title, status, detail, total, errors)).build();
    }
}
