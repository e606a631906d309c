package org.throughline.plan.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;
import org.hibernate.StaleStateException;
import org.throughline.plan.BusinessFunction;
import org.throughline.plan.DeliveryStatus;
import org.throughline.plan.Health;
import org.throughline.plan.Initiative;
import org.throughline.plan.Milestone;
import org.throughline.plan.StageGate;
import org.throughline.plan.Workstream;
import org.throughline.plan.revision.PlanRevision;
import org.throughline.plan.revision.RevisionLog;
import org.throughline.plan.revision.RevisionLog.Change;
import org.throughline.plan.service.ImportReport.Action;
import org.throughline.plan.service.ImportReport.RowChange;
import org.throughline.plan.sheet.InvalidSheetException;
import org.throughline.plan.sheet.PlanColumn;
import org.throughline.plan.sheet.PlanSheet;
import org.throughline.plan.sheet.SheetProblem;
import org.throughline.plan.sheet.SheetRow;
import org.throughline.subgraph.DependencyGraph;
import org.throughline.subgraph.DirectoryUnavailableException;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.UnknownPersonException;
import org.throughline.subgraph.VersionConflictException;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Imports a plan spreadsheet into one initiative, all or nothing, in one transaction. Rows are milestones found by
 * their key: a new key creates a milestone, a known one is changed through the same rules as a mutation, with the
 * reason "import". Importing the same sheet again changes nothing. Any problem in any row refuses the whole sheet,
 * with every problem listed; a dry run does everything and then rolls back.
 */
@ApplicationScoped
public class PlanImportService {

    public static final String REASON = "import";
    private static final int MAX_PROBLEMS = 1000;

    @Inject
    EntityManager entityManager;

    @Inject
    RevisionLog revisions;

    @Inject
    PlanChangeService changes;

    @Inject
    PlanService plan;

    @Transactional(rollbackOn = Exception.class)
    public ImportReport importSheet(String initiativeId, PlanSheet sheet, boolean dryRun)
            throws RejectedInputException, InvalidSheetException {
        Initiative initiative = Initiative.<Initiative>findByIdOptional(Inputs.id("initiativeId", initiativeId))
                .orElseThrow(() -> new InitiativeNotFoundException("initiativeId", initiativeId));
        // Everything is read first and written once at the end; flushing before each query would re-check every
        // changed milestone each time.
        entityManager.setFlushMode(FlushModeType.COMMIT);
        changes.lockDependencies(initiative.id);
        Run run = new Run(initiative, sheet);
        run.readRows();
        run.load();
        run.applyRows();
        run.applyDependencies();
        run.throwProblems();
        try {
            ImportReport report = run.write(dryRun);
            if (dryRun) {
                QuarkusTransaction.setRollbackOnly();
            }
            return report;
        } catch (OptimisticLockException | StaleStateException e) {
            throw new VersionConflictException("A milestone of initiative " + initiative.id + " was changed while the "
                    + "sheet was imported. Nothing was written; import the sheet again.");
        }
    }

    /** A milestone row with its cells read into values; null where a cell was blank or wrong. */
    private record Row(int number, String key, String workstream, BusinessFunction function, String workstreamOwner,
                       String title, String scope, LocalDate baseline, LocalDate forecast, LocalDate actual,
                       DeliveryStatus status, Health health, StageGate gate, String owner, List<String> dependsOn) {
    }

    /** One import: the sheet, what the initiative holds, the problems found, the changes to record. */
    private final class Run {
        private final Initiative initiative;
        private final PlanSheet sheet;
        private final List<SheetProblem> problems = new ArrayList<>();
        private final List<Row> rows = new ArrayList<>();
        /** Rows with a cell that could not be read: not applied, but their dependency keys are still checked. */
        private final List<Row> unreadable = new ArrayList<>();
        private final Map<String, Workstream> workstreams = new HashMap<>();
        private final Map<String, Milestone> milestonesByKey = new HashMap<>();
        private final Map<Long, Milestone> milestonesById = new HashMap<>();
        private final Map<Long, List<Long>> dependenciesBefore = new HashMap<>();
        private final Map<Milestone, Row> rowOf = new LinkedHashMap<>();
        private final Map<Long, Change> milestoneChanges = new LinkedHashMap<>();
        private final Map<String, Change> workstreamChanges = new LinkedHashMap<>();
        private final Map<String, Row> workstreamDefinedBy = new HashMap<>();
        private final Map<Milestone, List<Long>> dependencies = new LinkedHashMap<>();
        private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

        Run(Initiative initiative, PlanSheet sheet) {
            this.initiative = initiative;
            this.sheet = sheet;
        }

        // ----- reading cells -----

        void readRows() {
            Map<String, Integer> firstRowOfKey = new HashMap<>();
            for (SheetRow sheetRow : sheet.rows()) {
                Cells cells = new Cells(sheetRow);
                Row row = new Row(sheetRow.number(), cells.text(PlanColumn.KEY, PlanRules.KEY_LENGTH, true),
                        cells.text(PlanColumn.WORKSTREAM, PlanRules.NAME_LENGTH, true),
                        cells.choice(PlanColumn.BUSINESS_FUNCTION, BusinessFunction.class),
                        cells.user(PlanColumn.WORKSTREAM_OWNER, false),
                        cells.text(PlanColumn.TITLE, PlanRules.TITLE_LENGTH, true),
                        cells.text(PlanColumn.SCOPE, PlanRules.LONG_TEXT_LENGTH, false),
                        cells.date(PlanColumn.BASELINE_FINISH, true), cells.date(PlanColumn.FORECAST_FINISH, false),
                        cells.date(PlanColumn.ACTUAL_FINISH, false),
                        cells.choice(PlanColumn.DELIVERY_STATUS, DeliveryStatus.class),
                        cells.choice(PlanColumn.HEALTH, Health.class), cells.choice(PlanColumn.STAGE_GATE, StageGate.class),
                        cells.user(PlanColumn.OWNER, true), cells.keys(PlanColumn.DEPENDS_ON));
                if (row.key() != null) {
                    Integer first = firstRowOfKey.putIfAbsent(row.key(), row.number());
                    if (first != null) {
                        problem(row.number(), PlanColumn.KEY, "The key " + Inputs.shown(row.key())
                                + " is already used on row " + first + "; each milestone has one row.");
                        continue;
                    }
                }
                (cells.wrong ? unreadable : rows).add(row);
            }
        }

        // ----- what the initiative holds -----

        void load() {
            for (Workstream workstream : Workstream.<Workstream>list("initiativeId", initiative.id)) {
                workstreams.put(workstream.name.toLowerCase(Locale.ROOT), workstream);
            }
            for (Milestone milestone : Milestone.<Milestone>list("initiativeId", initiative.id)) {
                milestonesById.put(milestone.id, milestone);
                if (milestone.externalKey != null) {
                    milestonesByKey.put(milestone.externalKey, milestone);
                }
            }
            dependenciesBefore.putAll(plan.dependencyIdsInInitiative(initiative.id));
            milestonesById.values().forEach(milestone ->
                    milestone.dependsOnIds = dependenciesBefore.getOrDefault(milestone.id, List.of()));
        }

        // ----- rows into milestones, through the rules every change follows -----

        void applyRows() {
            for (Row row : rows) {
                Workstream workstream = workstreamFor(row);
                if (workstream == null) {
                    continue;
                }
                Milestone milestone = milestonesByKey.get(row.key());
                try {
                    if (milestone == null) {
                        milestone = PlanRules.newMilestone(newMilestone(row));
                        milestone.initiativeId = initiative.id;
                        milestone.dependsOnIds = List.of();
                        PlanRules.apply(milestone, statusChanges(row), REASON, today);
                        milestone.workstreamId = workstream.id;
                        milestone.persist();
                        milestoneChanges.put(milestone.id, Change.creation(milestone, REASON));
                    } else {
                        Milestone.State before = milestone.state();
                        MilestoneChanges changes = statusChanges(row);
                        changes.title = row.title();
                        changes.baselineFinish = row.baseline();
                        changes.accountableOwner = row.owner();
                        PlanRules.apply(milestone, changes, REASON, today);
                        milestone.workstreamId = workstream.id;
                        milestoneChanges.put(milestone.id, Change.of(milestone, before, milestone.version, REASON));
                    }
                    rowOf.put(milestone, row);
                } catch (RejectedInputException e) {
                    problem(row.number(), PlanColumn.ofField(e.field()), withoutField(e));
                }
            }
        }

        private NewMilestone newMilestone(Row row) {
            NewMilestone input = new NewMilestone();
            input.externalKey = row.key();
            input.title = row.title();
            input.baselineFinish = row.baseline();
            input.forecastFinish = row.forecast();
            input.accountableOwner = row.owner();
            input.scope = row.scope();
            input.stageGate = row.gate();
            return input;
        }

        /** The optional columns: a blank cell leaves the value as it is. */
        private MilestoneChanges statusChanges(Row row) {
            MilestoneChanges changes = new MilestoneChanges();
            changes.scope = row.scope();
            changes.forecastFinish = row.forecast();
            changes.actualFinish = row.actual();
            changes.deliveryStatus = row.status();
            changes.health = row.health();
            changes.stageGate = row.gate();
            return changes;
        }

        /** The row's workstream, found by name or opened; its first row decides its function and owner. */
        private Workstream workstreamFor(Row row) {
            String name = row.workstream().toLowerCase(Locale.ROOT);
            Row definer = workstreamDefinedBy.putIfAbsent(name, row);
            if (definer != null) {
                if (row.function() != null && definer.function() != null && row.function() != definer.function()) {
                    problem(row.number(), PlanColumn.BUSINESS_FUNCTION, "Row " + definer.number() + " gives the "
                            + "workstream " + Inputs.shown(row.workstream()) + " the function " + definer.function()
                            + ", this row " + row.function() + ".");
                }
                return workstreams.get(name);
            }
            Workstream workstream = workstreams.get(name);
            try {
                if (workstream == null) {
                    if (row.function() == null) {
                        problem(row.number(), PlanColumn.BUSINESS_FUNCTION, "The workstream "
                                + Inputs.shown(row.workstream()) + " is new; give its business function.");
                        return null;
                    }
                    NewWorkstream input = new NewWorkstream();
                    input.name = row.workstream();
                    input.businessFunction = row.function();
                    input.accountableOwner = Objects.requireNonNullElse(row.workstreamOwner(), initiative.accountableOwner);
                    workstream = PlanRules.newWorkstream(initiative.id, input);
                    workstream.persist();
                    workstreams.put(name, workstream);
                    workstreamChanges.put(name, Change.creation(workstream, REASON));
                } else {
                    Workstream.State before = workstream.state();
                    WorkstreamChanges changes = new WorkstreamChanges();
                    changes.businessFunction = row.function();
                    changes.accountableOwner = row.workstreamOwner();
                    PlanRules.apply(workstream, changes);
                    workstreamChanges.put(name, Change.of(workstream, before, workstream.version, REASON));
                }
                return workstream;
            } catch (RejectedInputException e) {
                problem(row.number(), PlanColumn.WORKSTREAM, withoutField(e));
                return null;
            }
        }

        // ----- dependencies by key, checked for cycles over the whole initiative -----

        void applyDependencies() {
            DependencyGraph<Long> graph = new DependencyGraph<>();
            dependenciesBefore.forEach(graph::replace);
            Map<String, Milestone> byKey = new HashMap<>(milestonesByKey);
            rowOf.keySet().forEach(milestone -> byKey.put(milestone.externalKey, milestone));
            for (Map.Entry<Milestone, Row> entry : rowOf.entrySet()) {
                Milestone milestone = entry.getKey();
                Row row = entry.getValue();
                Set<Long> targets = new LinkedHashSet<>();
                for (String key : row.dependsOn()) {
                    Milestone target = byKey.get(key);
                    if (target == null) {
                        problem(row.number(), PlanColumn.DEPENDS_ON, "No milestone of the initiative has the key "
                                + Inputs.shown(key) + ".");
                    } else if (target == milestone) {
                        problem(row.number(), PlanColumn.DEPENDS_ON, "A milestone cannot depend on itself.");
                    } else {
                        targets.add(target.id);
                    }
                }
                List<Long> sorted = targets.stream().sorted().toList();
                dependencies.put(milestone, sorted);
                graph.replace(milestone.id, sorted);
            }
            Set<String> keysInSheet = sheet.rows().stream().map(row -> sheet.cell(row, PlanColumn.KEY).text().strip())
                    .collect(Collectors.toSet());
            for (Row row : unreadable) {
                row.dependsOn().stream().filter(key -> !byKey.containsKey(key) && !keysInSheet.contains(key))
                        .forEach(key -> problem(row.number(), PlanColumn.DEPENDS_ON,
                                "No milestone of the initiative has the key " + Inputs.shown(key) + "."));
            }
            graph.findCycle().ifPresent(cycle -> {
                Map<Long, Milestone> all = new HashMap<>(milestonesById);
                rowOf.keySet().forEach(milestone -> all.put(milestone.id, milestone));
                Milestone first = cycle.stream().map(all::get).filter(rowOf::containsKey).findFirst()
                        .orElse(all.get(cycle.get(0)));
                String names = cycle.stream().map(all::get)
                        .map(m -> m.externalKey != null ? m.externalKey : "'" + m.title + "'")
                        .collect(Collectors.joining(" → "));
                problem(rowOf.containsKey(first) ? rowOf.get(first).number() : null, PlanColumn.DEPENDS_ON,
                        "These dependencies close a cycle: " + names + ".");
            });
        }

        void throwProblems() throws InvalidSheetException {
            if (!problems.isEmpty()) {
                problems.sort(Comparator.comparing((SheetProblem p) -> p.row() == null ? 0 : p.row()));
                throw new InvalidSheetException(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS)));
            }
        }

        // ----- writing -----

        ImportReport write(boolean dryRun) {
            entityManager.flush();
            List<Long> rewired = new ArrayList<>();
            List<List<Long>> wiring = new ArrayList<>();
            dependencies.forEach((milestone, targets) -> {
                if (!targets.equals(milestone.dependsOnIds)) {
                    rewired.add(milestone.id);
                    wiring.add(targets);
                    milestone.dependsOnIds = targets;
                }
            });
            if (!rewired.isEmpty()) {
                entityManager.createNativeQuery("delete from milestone_dependency where milestone_id in (:ids)")
                        .setParameter("ids", rewired).executeUpdate();
                changes.insertDependencies(rewired, wiring);
            }
            List<Change> all = new ArrayList<>(workstreamChanges.values());
            all.addAll(milestoneChanges.values());
            Map<Long, PlanRevision> milestoneRevisions = new HashMap<>();
            List<String> workstreamsCreated = new ArrayList<>();
            List<String> workstreamsUpdated = new ArrayList<>();
            Map<Long, String> workstreamNames = workstreams.values().stream()
                    .collect(Collectors.toMap(w -> w.id, w -> w.name));
            for (PlanRevision revision : revisions.record(all)) {
                switch (revision.itemKind) {
                    case MILESTONE -> milestoneRevisions.put(revision.itemId, revision);
                    case WORKSTREAM -> (revision.version == 0 ? workstreamsCreated : workstreamsUpdated)
                            .add(workstreamNames.get(revision.itemId));
                    default -> {
                    }
                }
            }
            List<RowChange> rowChanges = new ArrayList<>();
            int created = 0;
            int updated = 0;
            for (Map.Entry<Milestone, Row> entry : rowOf.entrySet()) {
                PlanRevision revision = milestoneRevisions.get(entry.getKey().id);
                if (revision == null) {
                    continue;
                }
                boolean creation = revision.version == 0;
                created += creation ? 1 : 0;
                updated += creation ? 0 : 1;
                rowChanges.add(new RowChange(entry.getValue().number(), entry.getKey().externalKey,
                        creation ? Action.CREATED : Action.UPDATED, creation ? List.of() : revision.fieldChanges));
            }
            return new ImportReport(dryRun, sheet.rows().size(), created, updated, rowOf.size() - created - updated,
                    workstreamsCreated, workstreamsUpdated, rowChanges);
        }

        private void problem(Integer row, PlanColumn column, String message) {
            String letter = sheet.letters().get(column);
            problems.add(new SheetProblem(row, column.header(), letter == null || row == null ? null : letter + row,
                    message));
        }

        /** A rule's message names the field as the API knows it; in a sheet the column says where. */
        private static String withoutField(RejectedInputException e) {
            String message = e.getMessage();
            String prefix = e.field() + ": ";
            return message.startsWith(prefix) ? Character.toUpperCase(message.charAt(prefix.length()))
                    + message.substring(prefix.length() + 1) : message;
        }

        /** Reads the cells of one row into values, recording a problem for each cell that cannot be read. */
        private final class Cells {
            private final SheetRow row;
            private boolean wrong;

            Cells(SheetRow row) {
                this.row = row;
            }

            String text(PlanColumn column, int max, boolean required) {
                String text = sheet.cell(row, column).text().strip();
                if (text.isEmpty()) {
                    if (required) {
                        fail(column, "The " + column.header() + " is required.");
                    }
                    return null;
                }
                if (text.length() > max) {
                    fail(column, "At most " + max + " characters, this cell has " + text.length() + ".");
                    return null;
                }
                return text;
            }

            String user(PlanColumn column, boolean required) {
                String text = text(column, 100, required);
                try {
                    return text == null ? null : Inputs.userId(column.header(), text);
                } catch (UnknownPersonException e) {
                    fail(column, "No user of the realm is called " + Inputs.shown(text) + ".");
                    return null;
                } catch (DirectoryUnavailableException e) {
                    fail(column, "The realm's directory (Keycloak) did not say who " + Inputs.shown(text)
                            + " is; nothing was imported, try again when it answers.");
                    return null;
                } catch (RejectedInputException e) {
                    fail(column, "Not a user id: " + Inputs.shown(text) + ".");
                    return null;
                }
            }

            LocalDate date(PlanColumn column, boolean required) {
                SheetRow.Cell cell = sheet.cell(row, column);
                String text = cell.text().strip();
                try {
                    LocalDate date = cell.date() != null ? cell.date()
                            : text.isEmpty() ? null : LocalDate.parse(text);
                    if (date == null && required) {
                        fail(column, "The " + column.header() + " is required.");
                    }
                    return Inputs.date(column.header(), date);
                } catch (DateTimeParseException e) {
                    fail(column, "Expected a date as YYYY-MM-DD (or a date cell), got " + Inputs.shown(text) + ".");
                } catch (RejectedInputException e) {
                    fail(column, withoutField(e));
                }
                return null;
            }

            <E extends Enum<E>> E choice(PlanColumn column, Class<E> type) {
                String text = sheet.cell(row, column).text().strip();
                if (text.isEmpty()) {
                    return null;
                }
                String constant = text.toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
                Optional<E> value = Arrays.stream(type.getEnumConstants())
                        .filter(candidate -> candidate.name().equals(constant)).findFirst();
                if (value.isEmpty()) {
                    fail(column, "Expected one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                            .collect(Collectors.joining(", ")) + ", got " + Inputs.shown(text) + ".");
                }
                return value.orElse(null);
            }

            List<String> keys(PlanColumn column) {
                String text = sheet.cell(row, column).text().strip();
                return text.isEmpty() ? List.of() : Arrays.stream(text.split("[;,\\s]+")).distinct().toList();
            }

            private void fail(PlanColumn column, String message) {
                wrong = true;
                problem(row.number(), column, message);
            }
        }
    }
}
