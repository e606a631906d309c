package org.throughline.governance.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.throughline.subgraph.DirectoryUnavailableException;
import org.throughline.subgraph.events.OutboxEvent;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends what is due: immediate e-mails, daily digests and webhook deliveries. Each round claims due rows with
 * {@code FOR UPDATE SKIP LOCKED} in a short transaction of its own and marks them SENDING under a claim token and a
 * lease, so senders on several replicas (or several rounds at once) never take the same row; the sends happen outside
 * any transaction, and each outcome is written back: SENT, or PENDING again with the attempt count, the next attempt
 * (exponential backoff) and the last error, or DEAD once the attempts are used up. A sender that dies mid-send leaves
 * its rows SENDING; they are due again once the lease ends, and the mail goes out with the same Message-ID.
 */
@ApplicationScoped
public class NotificationSender {

    /** What one round did. */
    public record Round(int sent, int failed) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    NotificationConfig config;

    @Inject
    ReactiveMailer mailer;

    @Inject
    NotificationMails mails;

    @Inject
    MailAddresses addresses;

    @Inject
    WebhookSecrets secrets;

    @Inject
    ObjectMapper json;

    private volatile HttpClient http;

    /** Rounds started by a raising, one at a time. */
    private static final ExecutorService WOKEN = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "notification-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean wakePending = new AtomicBoolean();

    @Scheduled(every = "${throughline.governance.notify.send-every:5s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            Round round = sendDue();
            if (round.sent() + round.failed() > 0) {
                Log.debugf("notifications: %d sent, %d failed", round.sent(), round.failed());
            }
        } catch (SQLException e) {
            Log.warnf("notifications not sent this round: %s", e.getMessage());
        }
    }

    /**
     * A signal episode was raised, its notifications recorded with it: they go out now rather than at the next round.
     * Raisings that come while a round runs make one more round, on a thread of its own (never the relay's, which
     * serves every event); the timed rounds stay for retries and for what another replica raised.
     */
    void onSignalRaised(@Observes OutboxEvent event) {
        if (!"SignalRaised".equals(event.type()) || "off".equals(config.sendEvery())) {
            return;
        }
        if (wakePending.compareAndSet(false, true)) {
            WOKEN.execute(() -> {
                wakePending.set(false);
                onSchedule();
            });
        }
    }

    /** Claims what is due now and sends it; safe to run on many replicas and threads at once. */
    public Round sendDue() throws SQLException {
        String claim = UUID.randomUUID().toString();
        int sent = 0;
        int failed = 0;
        for (Claimed claimed : claimNotifications(claim)) {
            if (claimed.channel().equals("EMAIL") ? sendMail(claim, claimed) : sendWebhook(claim, claimed)) {
                sent++;
            } else {
                failed++;
            }
        }
        for (ClaimedDigest digest : claimDigests(claim)) {
            if (sendDigest(claim, digest)) {
                sent++;
            } else {
                failed++;
            }
        }
        return new Round(sent, failed);
    }

    private record Claimed(long id, String channel, String recipient, Long endpointId, String reason,
                           UUID deliveryId, int attempts, int replays, SignalNotice signal) {
    }

    private record ClaimedDigest(long id, String person, LocalDate day, int attempts) {
    }

    private List<Claimed> claimNotifications(String claim) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     update notification set status = 'SENDING', claimed_by = ?, attempts = attempts + 1,
                            claimed_until = clock_timestamp() + ? * interval '1 millisecond'
                     where id in (select n.id from notification n
                                  where ((n.status = 'PENDING' and n.next_attempt_at <= clock_timestamp())
                                         or (n.status = 'SENDING' and n.claimed_until < clock_timestamp()))
                                    and (n.endpoint_id is null
                                         or exists (select 1 from webhook_endpoint e
                                                    where e.id = n.endpoint_id and e.enabled))
                                  order by n.next_attempt_at, n.id
                                  limit ?
                                  for update of n skip locked)
                     returning id
                     """)) {
            connection.setAutoCommit(true);
            update.setString(1, claim);
            update.setLong(2, config.claimLease().toMillis());
            update.setInt(3, config.batchSize());
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement select = connection.prepareStatement("select n.id, n.channel, n.recipient, "
                    + "n.endpoint_id, n.reason, n.delivery_id, n.attempts, n.replays, " + SignalNotice.COLUMNS
                    + " from notification n join signal s on s.id = n.signal_id where n.id = any(?) order by n.id")) {
                Array array = connection.createArrayOf("bigint", ids.toArray());
                select.setArray(1, array);
                List<Claimed> claimed = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long endpoint = rows.getLong("endpoint_id");
                        Long endpointId = rows.wasNull() ? null : endpoint;
                        claimed.add(new Claimed(rows.getLong("id"), rows.getString("channel"),
                                rows.getString("recipient"), endpointId, rows.getString("reason"),
                                rows.getObject("delivery_id", UUID.class), rows.getInt("attempts"),
                                rows.getInt("replays"), SignalNotice.read(rows)));
                    }
                }
                return claimed;
            }
        }
    }

    private List<ClaimedDigest> claimDigests(String claim) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     update notification_digest set status = 'SENDING', claimed_by = ?, attempts = attempts + 1,
                            claimed_until = clock_timestamp() + ? * interval '1 millisecond'
                     where id in (select d.id from notification_digest d
                                  where (d.status = 'PENDING' and d.next_attempt_at <= clock_timestamp())
                                     or (d.status = 'SENDING' and d.claimed_until < clock_timestamp())
                                  order by d.next_attempt_at, d.id
                                  limit ?
                                  for update of d skip locked)
                     returning id, person_id, day, attempts
                     """)) {
            connection.setAutoCommit(true);
            update.setString(1, claim);
            update.setLong(2, config.claimLease().toMillis());
            update.setInt(3, config.batchSize());
            List<ClaimedDigest> claimed = new ArrayList<>();
            try (ResultSet rows = update.executeQuery()) {
                while (rows.next()) {
                    claimed.add(new ClaimedDigest(rows.getLong("id"), rows.getString("person_id"),
                            rows.getObject("day", LocalDate.class), rows.getInt("attempts")));
                }
            }
            return claimed;
        }
    }

    private boolean sendMail(String claim, Claimed claimed) throws SQLException {
        String to;
        try {
            to = addresses.of(claimed.recipient());
        } catch (MailAddresses.NoAddressException e) {
            markNotification(claim, claimed, Outcome.gaveUp(e.getMessage()), config.mail().maxAttempts());
            return false;
        } catch (DirectoryUnavailableException e) {
            markNotification(claim, claimed, Outcome.failed("the realm's directory could not give the address"),
                    config.mail().maxAttempts());
            return false;
        }
        try {
            mailer.send(mails.single(claimed.id(), to, claimed.reason(), claimed.signal()))
                    .await().atMost(config.mail().sendTimeout());
        } catch (RuntimeException e) {
            markNotification(claim, claimed, Outcome.failed("SMTP: " + e.getMessage()), config.mail().maxAttempts());
            return false;
        }
        markNotification(claim, claimed, Outcome.SENT, config.mail().maxAttempts());
        return true;
    }

    private boolean sendDigest(String claim, ClaimedDigest digest) throws SQLException {
        List<SignalNotice> signals = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("select " + SignalNotice.COLUMNS
                     + " from notification n join signal s on s.id = n.signal_id where n.digest_id = ?"
                     + " order by s.id")) {
            select.setLong(1, digest.id());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    signals.add(SignalNotice.read(rows));
                }
            }
        }
        Outcome outcome;
        try {
            String to = addresses.of(digest.person());
            mailer.send(mails.digest(digest.id(), to, digest.day(), signals))
                    .await().atMost(config.mail().sendTimeout());
            outcome = Outcome.SENT;
        } catch (MailAddresses.NoAddressException e) {
            outcome = Outcome.gaveUp(e.getMessage());
        } catch (DirectoryUnavailableException e) {
            outcome = Outcome.failed("the realm's directory could not give the address");
        } catch (RuntimeException e) {
            outcome = Outcome.failed("SMTP: " + e.getMessage());
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(outcomeUpdate("notification_digest", ""))) {
            bindRow(update, bindOutcome(update, outcome, digest.attempts(), config.mail().maxAttempts()), digest.id(),
                    claim);
            warnIfLost(update.executeUpdate(), "digest", digest.id());
        }
        return outcome.sent();
    }

    private boolean sendWebhook(String claim, Claimed claimed) throws SQLException {
        String url;
        String secretRef;
        String secret;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select url, secret, secret_ref from webhook_endpoint where id = ?")) {
            select.setLong(1, claimed.endpointId());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                url = row.getString("url");
                secret = row.getString("secret");
                secretRef = row.getString("secret_ref");
            }
        }
        Outcome outcome;
        Optional<String> signingSecret = secrets.signing(secret, secretRef);
        if (signingSecret.isEmpty()) {
            outcome = Outcome.failed("the secret '" + secretRef + "' is in neither the secrets directory nor the "
                    + "environment");
        } else {
            outcome = post(url, signingSecret.get(), claimed);
        }
        recordWebhookAttempt(claim, claimed, outcome);
        return outcome.sent();
    }

    /** The body, signed; its bytes are exactly what is signed and sent. */
    private Outcome post(String url, String secret, Claimed claimed) {
        OffsetDateTime sentAt = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "signal.raised");
        payload.put("deliveryId", claimed.deliveryId().toString());
        payload.put("attempt", claimed.attempts());
        payload.put("replay", claimed.replays() > 0);
        payload.put("sentAt", sentAt.toString());
        payload.put("signal", claimed.signal().json());
        byte[] body;
        try {
            body = json.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            return Outcome.failed("the body could not be written: " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.webhooks().timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Throughline-Webhooks/1")
                .header("X-Throughline-Event", "signal.raised")
                .header("X-Throughline-Delivery", claimed.deliveryId().toString())
                .header("X-Throughline-Timestamp", Long.toString(sentAt.toEpochSecond()))
                .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = http().send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? Outcome.sentWith(status)
                    : Outcome.failedWith(status, "the endpoint answered HTTP " + status);
        } catch (HttpTimeoutException e) {
            return Outcome.failed("no answer within " + config.webhooks().timeout().toSeconds() + " s");
        } catch (ConnectException e) {
            return Outcome.failed("could not connect to the endpoint");
        } catch (IOException e) {
            return Outcome.failed("no answer: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted while posting");
        }
    }

    /** The attempt into the log, the delivery's state, and the endpoint's run of failures, in one transaction. */
    private void recordWebhookAttempt(String claim, Claimed claimed, Outcome outcome) throws SQLException {
        int maxAttempts = config.webhooks().maxAttempts();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                OffsetDateTime next;
                try (PreparedStatement update = connection.prepareStatement(outcomeUpdate("notification",
                        ", last_status_code = ?") + " returning next_attempt_at")) {
                    int index = bindOutcome(update, outcome, claimed.attempts(), maxAttempts);
                    update.setObject(index, outcome.statusCode(), Types.INTEGER);
                    bindRow(update, index + 1, claimed.id(), claim);
                    try (ResultSet row = update.executeQuery()) {
                        if (!row.next()) {
                            warnIfLost(0, "webhook delivery", claimed.id());
                            connection.rollback();
                            return;
                        }
                        next = row.getObject(1, OffsetDateTime.class);
                    }
                }
                try (PreparedStatement log = connection.prepareStatement("""
                        insert into webhook_attempt (notification_id, attempt, attempted_at, status_code, error,
                                                     succeeded, next_attempt_at, replay)
                        values (?, ?, now(), ?, ?, ?, ?, ?)
                        """)) {
                    log.setLong(1, claimed.id());
                    log.setInt(2, claimed.attempts());
                    log.setObject(3, outcome.statusCode(), Types.INTEGER);
                    log.setString(4, outcome.error());
                    log.setBoolean(5, outcome.sent());
                    log.setObject(6, next);
                    log.setBoolean(7, claimed.replays() > 0);
                    log.executeUpdate();
                }
                try (PreparedStatement endpoint = connection.prepareStatement(outcome.sent()
                        ? "update webhook_endpoint set consecutive_failures = 0 where id = ?"
                        : """
                        update webhook_endpoint set consecutive_failures = consecutive_failures + 1,
                               enabled = enabled and consecutive_failures + 1 < ?,
                               disabled_at = case when enabled and consecutive_failures + 1 >= ?
                                             then clock_timestamp() else disabled_at end,
                               disabled_reason = case when enabled and consecutive_failures + 1 >= ?
                                                 then ? else disabled_reason end
                        where id = ?
                        """)) {
                    if (outcome.sent()) {
                        endpoint.setLong(1, claimed.endpointId());
                    } else {
                        int disableAfter = config.webhooks().disableAfter();
                        endpoint.setInt(1, disableAfter);
                        endpoint.setInt(2, disableAfter);
                        endpoint.setInt(3, disableAfter);
                        endpoint.setString(4, "Disabled after " + disableAfter + " failed attempts in a row; the last: "
                                + outcome.error());
                        endpoint.setLong(5, claimed.endpointId());
                    }
                    endpoint.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private void markNotification(String claim, Claimed claimed, Outcome outcome, int maxAttempts)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(outcomeUpdate("notification", ""))) {
            bindRow(update, bindOutcome(update, outcome, claimed.attempts(), maxAttempts), claimed.id(), claim);
            warnIfLost(update.executeUpdate(), "notification", claimed.id());
        }
    }

    /**
     * Writes an outcome onto a claimed row, only while the claim is still this sender's. Parameters: status, sent,
     * backoff in milliseconds (twice), last error, then {@code extra}'s, then id and claim. Times are the
     * transaction's ({@code now()}), so that an attempt's log entry and its next attempt are counted from one instant.
     */
    private static String outcomeUpdate(String table, String extra) {
        return "update " + table + " " + """
                 set status = ?,
                     sent_at = case when ? then now() else sent_at end,
                     next_attempt_at = case when ? is null then null
                                            else now() + ? * interval '1 millisecond' end,
                     last_error = ?, claimed_by = null, claimed_until = null""" + extra + " " + """
                 where id = ? and claimed_by = ?""";
    }

    /** Binds {@link #outcomeUpdate}'s first parameters (up to the extra ones); returns the next index. */
    private int bindOutcome(PreparedStatement update, Outcome outcome, int attempts, int maxAttempts)
            throws SQLException {
        String status;
        Long backoff = null;
        if (outcome.sent()) {
            status = "SENT";
        } else if (outcome.permanent() || attempts >= maxAttempts) {
            status = "DEAD";
        } else {
            status = "PENDING";
            backoff = backoff(attempts).toMillis();
        }
        update.setString(1, status);
        update.setBoolean(2, outcome.sent());
        update.setObject(3, backoff, Types.BIGINT);
        update.setObject(4, backoff, Types.BIGINT);
        update.setString(5, outcome.error() == null ? null : shortened(outcome.error()));
        return 6;
    }

    /** Binds the id and claim that end {@link #outcomeUpdate}, after the extra parameters. */
    private static void bindRow(PreparedStatement update, int index, long id, String claim) throws SQLException {
        update.setLong(index, id);
        update.setString(index + 1, claim);
    }

    /** The wait after the given number of attempts: the first backoff, doubled for each attempt after the first. */
    Duration backoff(int attempts) {
        Duration wait = config.firstBackoff();
        for (int i = 1; i < attempts && wait.compareTo(config.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    private static void warnIfLost(int updated, String what, long id) {
        if (updated == 0) {
            Log.warnf("%s %d was claimed by another sender after this one's lease ran out; its outcome is theirs",
                    what, id);
        }
    }

    private static String shortened(String error) {
        return error.length() <= 500 ? error : error.substring(0, 499) + "…";
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    // Redirects are not followed: a delivery goes to the registered URL or fails.
                    http = HttpClient.newBuilder().connectTimeout(config.webhooks().timeout())
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                }
                client = http;
            }
        }
        return client;
    }

    /** How one attempt went. */
    private record Outcome(boolean sent, boolean permanent, Integer statusCode, String error) {
        static final Outcome SENT = new Outcome(true, false, null, null);

        static Outcome sentWith(int status) {
            return new Outcome(true, false, status, null);
        }

        static Outcome failed(String error) {
            return new Outcome(false, false, null, error);
        }

        static Outcome failedWith(int status, String error) {
            return new Outcome(false, false, status, error);
        }

        /** A failure that retrying does not change (no address): given up at once. */
        static Outcome gaveUp(String error) {
            return new Outcome(false, true, null, error);
        }
    }
}
