package org.throughline.kpi.connector;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** What one connector run did; a dry run's is answered and never kept. */
@Description("One run of a connector over a window of business days: what it read, recorded (new days and "
        + "corrections of restated days), found unchanged and refused, and how long it took. Runs are kept; a dry run's "
        + "answer is not.")
public class ConnectorRun {
    @Id
    @Description("Null for a dry run, which is not kept.")
    public String id;
    @NonNull
    @Id
    public String connectorId;
    @NonNull
    public RunTrigger trigger;
    @NonNull
    public Boolean dryRun;
    @NonNull
    public RunOutcome outcome;
    @NonNull
    @Description("The first business day of the window pulled.")
    public LocalDate windowFrom;
    @NonNull
    @Description("The last business day of the window pulled.")
    public LocalDate windowTo;
    @NonNull
    public OffsetDateTime startedAt;
    @NonNull
    public Integer durationMs;
    @NonNull
    @Description("Rows the source returned for the window.")
    public Integer rowsRead;
    @NonNull
    @Description("Values recorded (or, in a dry run, that would be), corrections included.")
    public Integer recorded;
    @NonNull
    @Description("Of those recorded, corrections of a day whose value the source restated.")
    public Integer corrected;
    @NonNull
    @Description("Values the same as recorded before: not recorded again.")
    public Integer unchanged;
    @NonNull
    @Description("Rows that cannot be recorded; when there are any, the run records nothing.")
    public Integer rejected;
    @NonNull
    @Description("The first rows that cannot be recorded, with the reason.")
    public List<@NonNull ConnectorProblem> problems = List.of();
    @Description("Why the run failed, as a code: source-unreachable, credential-missing, credential-refused, "
            + "query-failed, query-timeout, query-not-read-only, row-cap-exceeded, source-error, source-answer-invalid, "
            + "mapping-matched-nothing.")
    public String errorCode;
    @Description("Why the run failed, in words.")
    public String error;
    @Description("The measurement batch the run recorded through: derived from the connector, the window and the "
            + "values, so that the same values for the same window are never recorded twice.")
    public String batchKey;
    @NonNull
    @Description("True when this window was recorded before with the same values: nothing new was written.")
    public Boolean replayed = false;
    @NonNull
    @Description("A dry run's values and what a run would do with each (the first 1,000); empty otherwise.")
    public List<@NonNull ConnectorValue> preview = List.of();
    @NonNull
    @Description("Who started the run: a user, or schedule.")
    public String runBy;
}
