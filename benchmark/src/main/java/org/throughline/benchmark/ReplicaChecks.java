package org.throughline.benchmark;

import org.throughline.launcher.LocalMailbox;
import org.throughline.launcher.Platform;
import org.throughline.testing.PostgresServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What must hold after a run with several replicas of each service on the same databases, read from the databases and
 * the mail server themselves: every signal episode, mail and scheduled connector run happened once (a notification
 * row is one per episode, person and channel by its unique key, so it is the mails that could come twice),
 * whichever replica did it, and every change a client was told was accepted is in the record under the version it was
 * given, no two clients given the same one.
 */
public final class ReplicaChecks {

    /** One check: how many times it was broken (0 when it holds), and the first case, to look at. */
    public record Finding(String check, long violations, String firstCase) {

        public boolean holds() {
            return violations == 0;
        }

        @Override
        public String toString() {
            return (holds() ? "holds   " : "BROKEN  ") + check + (holds() ? "" : ": " + violations + ", e.g. "
                    + firstCase);
        }
    }

    /** A milestone change a client was told was accepted, with the version the answer gave it. */
    public record AcceptedChange(String milestoneId, int version) {
    }

    private ReplicaChecks() {
    }

    /** Runs every check on the platform's databases and mail server; {@code accepted} are the clients' changes. */
    public static List<Finding> check(Platform platform, Collection<AcceptedChange> accepted) throws SQLException {
        try (Connection governance = connect(platform, "governance"); Connection kpi = connect(platform, "kpi");
             Connection plan = connect(platform, "plan")) {
            return check(governance, kpi, plan,
                    platform.mailbox().map(LocalMailbox::mails).orElse(List.of()), accepted);
        }
    }

    /** Runs every check on the services' databases (by their own schemas) and the mails that arrived. */
    public static List<Finding> check(Connection governance, Connection kpi, Connection plan,
                                      List<LocalMailbox.Mail> mails, Collection<AcceptedChange> accepted)
            throws SQLException {
        List<Finding> findings = new ArrayList<>();
        findings.add(count(governance, "signal episodes that overlap another of the same signal on the same subject",
                """
                select count(*), min(a.kind || ' on ' || a.subject_type || ' ' || a.subject_id || ' raised at '
                                 || a.raised_at || ' and ' || b.raised_at)
                from signal a join signal b
                  on a.kind = b.kind and a.subject_type = b.subject_type and a.subject_id = b.subject_id
                 and a.id < b.id
                 and b.raised_at < coalesce(a.cleared_at, 'infinity')
                 and a.raised_at < coalesce(b.cleared_at, 'infinity')
                """));
        findings.add(count(kpi, "scheduled connector runs closer together than half the connector's interval", """
                select count(*), min(name || ': runs at ' || previous_start || ' and ' || started_at)
                from (select c.name, c.every_minutes, r.started_at,
                             lag(r.started_at) over (partition by r.connector_id order by r.started_at)
                                 as previous_start
                      from connector_run r join connector c on c.id = r.connector_id
                      where r.trigger = 'SCHEDULE') runs
                where started_at - previous_start < make_interval(secs => every_minutes * 30)
                """));
        findings.add(mailsSentOnce(mails));
        findings.addAll(acceptedChangesKept(plan, accepted));
        return findings;
    }

    /** Each mail the platform sent arrived once: a second copy has the same Message-ID. */
    private static Finding mailsSentOnce(List<LocalMailbox.Mail> mails) {
        Map<String, Long> copies = mails.stream().collect(Collectors.groupingBy(LocalMailbox.Mail::messageId,
                Collectors.counting()));
        List<Map.Entry<String, Long>> twice = copies.entrySet().stream().filter(entry -> entry.getValue() > 1).toList();
        return new Finding("mails that arrived more than once (same Message-ID), of " + mails.size(), twice.size(),
                twice.isEmpty() ? "" : twice.get(0).getKey() + " " + twice.get(0).getValue() + " times");
    }

    /**
     * No lost update: no two clients were told they made the same version of a milestone, and every version a client
     * was told of is in the plan's append-only history.
     */
    private static List<Finding> acceptedChangesKept(Connection plan, Collection<AcceptedChange> accepted)
            throws SQLException {
        Map<AcceptedChange, Long> told = accepted.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        List<AcceptedChange> toldTwice = told.entrySet().stream().filter(entry -> entry.getValue() > 1)
                .map(Map.Entry::getKey).toList();
        Map<String, List<Integer>> recorded = new HashMap<>();
        try (Statement statement = plan.createStatement();
             ResultSet rows = statement.executeQuery(
                     "select item_id, version from plan_revision where item_kind = 'MILESTONE'")) {
            while (rows.next()) {
                recorded.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(rows.getInt(2));
            }
        }
        List<AcceptedChange> missing = told.keySet().stream().filter(change -> !recorded
                .getOrDefault(change.milestoneId(), List.of()).contains(change.version())).toList();
        return List.of(
                new Finding("milestone versions given to two clients, of " + accepted.size() + " accepted changes",
                        toldTwice.size(), toldTwice.isEmpty() ? "" : toldTwice.get(0).toString()),
                new Finding("accepted milestone changes missing from the plan's history", missing.size(),
                        missing.isEmpty() ? "" : missing.get(0).toString()));
    }

    private static Finding count(Connection connection, String check, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return new Finding(check, row.getLong(1), row.getString(2));
        }
    }

    private static Connection connect(Platform platform, String service) throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(service), PostgresServer.USER, "");
    }
}
