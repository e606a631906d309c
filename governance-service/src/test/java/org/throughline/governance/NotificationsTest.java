package org.throughline.governance;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.throughline.governance.notify.DigestGatherer;
import org.throughline.governance.notify.NotificationSender;
import org.throughline.governance.notify.WebhookSignature;
import org.throughline.testing.EmbeddedPostgresResource;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.throughline.governance.GovernanceFixture.TODAY;
import static org.throughline.governance.GovernanceFixture.changeMilestone;
import static org.throughline.governance.GovernanceFixture.measure;
import static org.throughline.governance.GovernanceFixture.post;
import static org.throughline.testing.GraphQLEndpoint.graphql;
import static org.throughline.testing.GraphQLEndpoint.variables;

/**
 * Who is told when a signal is raised, through a real SMTP server (GreenMail, see SmtpAndSecrets) and real
 * HTTP receivers of webhooks: once per episode and recipient however often the signals are evaluated and however
 * many senders race, as each person chose, in a daily digest, and by signed, retried, replayable webhooks.
 */
@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "governance_notify"))
@WithTestResource(PlanAndKpiServices.class)
@WithTestResource(SmtpAndSecrets.class)
class NotificationsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @ConfigProperty(name = PlanAndKpiServices.PLAN_URL)
    String planUrl;

    @ConfigProperty(name = PlanAndKpiServices.KPI_URL)
    String kpiUrl;

    @Inject
    NotificationSender sender;

    @Inject
    DigestGatherer digests;

    @Inject
    DataSource dataSource;


    // ----- e-mail -----

    @Test
    @TestSecurity(user = "wren", roles = "governance-lead")
    void theOwnerAndAWatcherGetOneMailPerEpisodeWhenSignalsAreEvaluatedTwiceAndTwoSendersRace() throws Exception {
        // Three milestones of Oda's slip 70 days, beyond twice the tolerance of 14: three HIGH SLIPPAGE episodes.
        // They are untethered too, but UNTETHERED_MILESTONE is MEDIUM, below the default minimum (HIGH).
        Plan plan = ownedPlan("Race programme", "oda", 70, 70, 70);
        graphql("mutation W($i: ID!) { watchInitiative(initiativeId: $i) { id } }", Map.of("i", plan.initiative()))
                .body("errors", nullValue()).body("data.watchInitiative.id", org.hamcrest.Matchers.hasItem(plan.initiative()));
        evaluate();
        evaluate();
        List<String> slippage = signalIds(plan.initiative(), "SLIPPAGE");
        assertEquals(3, slippage.size());

        raceTwoSenders();
        evaluate();
        raceTwoSenders();

        Map<String, List<MimeMessage>> toOda = bySignal(mailsTo("oda@throughline.example"));
        Map<String, List<MimeMessage>> toWren = bySignal(mailsTo("wren@throughline.example"));
        for (String signal : slippage) {
            assertEquals(1, toOda.getOrDefault(signal, List.of()).size(), "the owner, once, of signal " + signal);
            assertEquals(1, toWren.getOrDefault(signal, List.of()).size(), "the watcher, once, of signal " + signal);
        }
        assertEquals(Set.copyOf(slippage), toOda.keySet(), "nothing below HIGH reaches the owner by default");
        assertEquals(Set.copyOf(slippage), toWren.keySet());

        MimeMessage mail = toOda.get(slippage.get(0)).get(0);
        assertTrue(mail.getSubject().startsWith("[Throughline] HIGH slippage: "), mail.getSubject());
        String notification = mail.getHeader("X-Throughline-Notification")[0];
        assertEquals("<notification-" + notification + "@throughline.local>", mail.getMessageID());
        List<String> messageIds = new ArrayList<>();
        for (MimeMessage each : SmtpAndSecrets.smtp().getReceivedMessages()) {
            messageIds.add(each.getMessageID());
        }
        assertEquals(messageIds.size(), Set.copyOf(messageIds).size(), "every mail has a Message-ID of its own");

        List<Map<String, Object>> told = graphql("""
                { notifications(first: 500) { signal { id } channel reason status attempts sentAt } }
                """, Map.of()).body("errors", nullValue()).extract().jsonPath().getList("data.notifications");
        List<Map<String, Object>> ofRace = told.stream()
                .filter(each -> slippage.contains(((Map<?, ?>) each.get("signal")).get("id"))).toList();
        assertEquals(3, ofRace.size(), "wren reads what she was told: " + told);
        ofRace.forEach(each -> {
            assertEquals("EMAIL", each.get("channel"));
            assertEquals("WATCHER", each.get("reason"));
            assertEquals("SENT", each.get("status"));
            assertEquals(1, each.get("attempts"));
        });
        graphql("query N($p: ID) { notifications(personId: $p) { id } }", Map.of("p", "oda"))
                .body("errors", nullValue()).body("data.notifications.size()", equalTo(3));
    }

    @Test
    @TestSecurity(user = "sam", roles = "governance-lead")
    void aMailWhoseSenderDiedMidSendGoesOutOnceTheLeaseEndsWithTheSameMessageId() throws Exception {
        Plan plan = ownedPlan("Lease programme", "sam", 70);
        evaluate();
        String signal = openSignal(plan.milestones().get(0), "SLIPPAGE");
        // A sender on another replica claimed the mail and died before recording anything: its lease has run out.
        long notification;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement claim = connection.prepareStatement("""
                     update notification set status = 'SENDING', claimed_by = 'a sender that died', attempts = 1,
                            claimed_until = clock_timestamp() - interval '1 second'
                     where signal_id = ? and recipient = 'sam' and channel = 'EMAIL' returning id
                     """)) {
            claim.setLong(1, Long.parseLong(signal));
            try (ResultSet row = claim.executeQuery()) {
                assertTrue(row.next(), "a notification for sam");
                notification = row.getLong(1);
            }
        }
        sendEverythingDue();
        List<MimeMessage> mails = bySignal(mailsTo("sam@throughline.example")).get(signal);
        assertEquals(1, mails.size());
        assertEquals("<notification-" + notification + "@throughline.local>", mails.get(0).getMessageID());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement state = connection.prepareStatement(
                     "select status, attempts, claimed_by from notification where id = ?")) {
            state.setLong(1, notification);
            try (ResultSet row = state.executeQuery()) {
                row.next();
                assertEquals("SENT", row.getString("status"));
                assertEquals(2, row.getInt("attempts"), "the dead sender's attempt counts");
                assertNull(row.getString("claimed_by"));
            }
        }
    }

    @Test
    @TestSecurity(user = "pia", roles = "governance-lead")
    void preferencesLetThroughOnlyTheChosenKindsAtOrAboveTheChosenSeverity() throws Exception {
        graphql("""
                mutation P { setNotificationPreferences(preferences: { kinds: [SLIPPAGE, OWNERLESS],
                                                                       minimumSeverity: HIGH }) {
                  person { id } kinds minimumSeverity delivery email version
                } }
                """, Map.of()).body("errors", nullValue())
                .body("data.setNotificationPreferences.person.id", equalTo("pia"))
                .body("data.setNotificationPreferences.kinds", equalTo(List.of("OWNERLESS", "SLIPPAGE")))
                .body("data.setNotificationPreferences.minimumSeverity", equalTo("HIGH"))
                .body("data.setNotificationPreferences.delivery", equalTo("IMMEDIATE"))
                .body("data.setNotificationPreferences.email", equalTo(true));
        // 20 days is MEDIUM slippage, 70 days HIGH; both milestones are UNTETHERED_MILESTONE (MEDIUM) besides.
        Plan plan = ownedPlan("Preferences programme", "pia", 20, 70);
        evaluate();
        sendEverythingDue();

        String high = openSignal(plan.milestones().get(1), "SLIPPAGE");
        String medium = openSignal(plan.milestones().get(0), "SLIPPAGE");
        Set<String> mine = new java.util.HashSet<>(signalIds(plan.initiative(), null));
        Set<String> told = bySignal(mailsTo("pia@throughline.example")).keySet().stream().filter(mine::contains)
                .collect(Collectors.toSet());
        assertEquals(Set.of(high), told, "SLIPPAGE at HIGH only: not the MEDIUM one " + medium
                + ", nor UNTETHERED_MILESTONE");
    }

    @Test
    @TestSecurity(user = "kai", roles = "governance-lead")
    void aWatcherOfAnInitiativeIsToldOfTheSignalsOfTheKpisItsMilestonesAreTetheredTo() throws Exception {
        graphql("""
                mutation P { setNotificationPreferences(preferences: { kinds: [STALE_KPI], minimumSeverity: MEDIUM }) {
                  kinds
                } }
                """, Map.of()).body("errors", nullValue());
        GovernanceFixture.Plan plan = GovernanceFixture.plan(planUrl, "Watched tethers", "Watched cut-over");
        String kpi = GovernanceFixture.kpi(kpiUrl, "Watched but silent", 7);
        measure(kpiUrl, kpi, 5, TODAY.minusDays(20));   // beyond 7 days plus 3 of grace: STALE_KPI
        GovernanceFixture.commitOutcome(plan.milestones().get(0), kpi, 50, TODAY.plusDays(100), "coo")
                .body("errors", nullValue());
        graphql("mutation W($i: ID!) { watchInitiative(initiativeId: $i) { id } }", Map.of("i", plan.initiative()))
                .body("errors", nullValue());
        evaluate();
        sendEverythingDue();

        String stale = openSignal(kpi, "STALE_KPI");
        assertEquals(1, bySignal(mailsTo("kai@throughline.example")).getOrDefault(stale, List.of()).size(),
                "the watcher of the initiative, once, of the stale KPI its milestone is tethered to");
        graphql("{ notifications(first: 500) { signal { id } reason } }", Map.of()).body("errors", nullValue())
                .body("data.notifications.find { it.signal.id == '" + stale + "' }.reason", equalTo("WATCHER"));
    }

    @Test
    @TestSecurity(user = "dee", roles = "governance-lead")
    void theDailyDigestGathersTheDaysEpisodesIntoOneMail() throws Exception {
        graphql("""
                mutation { setNotificationPreferences(preferences: { delivery: DAILY_DIGEST, minimumSeverity: MEDIUM }) {
                  delivery minimumSeverity } }
                """, Map.of()).body("errors", nullValue())
                .body("data.setNotificationPreferences.delivery", equalTo("DAILY_DIGEST"));
        Plan plan = ownedPlan("Digest programme", "dee", 70, 70);
        evaluate();
        sendEverythingDue();
        assertTrue(mailsTo("dee@throughline.example").isEmpty(), "nothing is mailed at once to who chose the digest");

        // Two gatherers at once, as on two replicas, then again: one digest.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> made = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                made.add(pool.submit(() -> {
                    start.await();
                    return digests.gather(TODAY);
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> each : made) {
                total += each.get();
            }
            assertEquals(1, total, "one digest for dee");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, digests.gather(TODAY));
        sendEverythingDue();

        List<MimeMessage> mails = mailsTo("dee@throughline.example");
        assertEquals(1, mails.size());
        MimeMessage digest = mails.get(0);
        assertEquals("<digest-" + digest.getHeader("X-Throughline-Digest")[0] + "@throughline.local>",
                digest.getMessageID());
        Set<String> gathered = Set.of(digest.getHeader("X-Throughline-Signal")[0].split(","));
        // Two SLIPPAGE (HIGH) and two UNTETHERED_MILESTONE (MEDIUM) episodes of the day.
        assertEquals(Set.copyOf(signalIds(plan.initiative(), null)), gathered);
        assertEquals(4, gathered.size());
        String body = (String) digest.getContent();
        assertTrue(body.contains("slippage") && body.contains("untethered milestone"), body);
    }

    @Test
    @TestSecurity(user = "vic", roles = "viewer")
    void aPersonReadsAndChangesTheirOwnPreferencesButNotAnothers() {
        graphql("{ notificationPreferences { person { id } kinds minimumSeverity delivery email updatedAt watching { id } } }",
                Map.of()).body("errors", nullValue())
                .body("data.notificationPreferences.person.id", equalTo("vic"))
                .body("data.notificationPreferences.kinds", hasItems("PROGRESS_BIAS", "UNTETHERED_MILESTONE", "OWNERLESS",
                        "STALE_KPI", "SLIPPAGE", "OUTCOME_GAP", "FEED_FAILING"))
                .body("data.notificationPreferences.kinds.size()", equalTo(7))
                .body("data.notificationPreferences.minimumSeverity", equalTo("HIGH"))
                .body("data.notificationPreferences.delivery", equalTo("IMMEDIATE"))
                .body("data.notificationPreferences.email", equalTo(true))
                .body("data.notificationPreferences.updatedAt", nullValue())
                .body("data.notificationPreferences.watching", equalTo(List.of()));
        graphql("mutation { setNotificationPreferences(preferences: { email: false }) { email version } }", Map.of())
                .body("errors", nullValue()).body("data.setNotificationPreferences.email", equalTo(false));
        graphql("mutation { setNotificationPreferences(preferences: { email: true, version: 99 }) { email } }", Map.of())
                .body("errors[0].extensions.code", equalTo("version-conflict"));
        graphql("query P($p: ID) { notificationPreferences(personId: $p) { email } }", Map.of("p", "pia"))
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        graphql("query N($p: ID) { notifications(personId: $p) { id } }", Map.of("p", "pia"))
                .body("errors[0].extensions.code", equalTo("FORBIDDEN"));
        graphql("""
                mutation { registerWebhook(webhook: { url: "https://hooks.example.org/x" }) { secret } }
                """, Map.of()).body("errors[0].extensions.code", equalTo("FORBIDDEN"));
    }

    @Test
    @TestSecurity(user = "lead-lou", roles = "governance-lead")
    void aGovernanceLeadReadsAnyonesPreferences() {
        graphql("query P($p: ID) { notificationPreferences(personId: $p) { person { id } minimumSeverity } }",
                Map.of("p", "someone-else")).body("errors", nullValue())
                .body("data.notificationPreferences.person.id", equalTo("someone-else"))
                .body("data.notificationPreferences.minimumSeverity", equalTo("HIGH"));
    }

    // ----- webhooks -----

    @Test
    @TestSecurity(user = "hook-hal", roles = "governance-lead")
    void aWebhookIsSignedWithTheSecretShownOnceAndReplayedFromTheLog() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonPath registered = graphql("""
                    mutation R($url: String!) {
                      registerWebhook(webhook: { url: $url, kinds: [PROGRESS_BIAS], minimumSeverity: CRITICAL,
                                                 description: "ERP incident queue" }) {
                        secret endpoint { id url kinds minimumSeverity secretSource secretRef enabled createdBy }
                      }
                    }
                    """, Map.of("url", receiver.url())).body("errors", nullValue()).extract().jsonPath();
            String endpoint = registered.getString("data.registerWebhook.endpoint.id");
            String secret = registered.getString("data.registerWebhook.secret");
            try {
                assertTrue(secret.startsWith("whsec_") && secret.length() > 40, secret);
                assertEquals("GENERATED", registered.getString("data.registerWebhook.endpoint.secretSource"));
                assertEquals("hook-hal", registered.getString("data.registerWebhook.endpoint.createdBy"));

                String commitment = progressBias("hal");
                evaluate();
                evaluate();
                sendEverythingDue();
                String signal = openSignal(commitment, "PROGRESS_BIAS");

                List<WebhookReceiver.Received> received = receiver.received();
                assertEquals(1, received.size(), "one delivery of the one PROGRESS_BIAS episode");
                WebhookReceiver.Received delivery = received.get(0);
                assertTrue(WebhookSignature.verifies(secret, delivery.body(), delivery.header("X-Throughline-Signature")),
                        "the signature is HMAC-SHA256 of the exact body with the secret");
                assertFalse(WebhookSignature.verifies("another secret", delivery.body(),
                        delivery.header("X-Throughline-Signature")));
                assertEquals("sha256=" + hmacHex(secret, delivery.body()), delivery.header("X-Throughline-Signature"));
                JsonPath body = new JsonPath(new String(delivery.body(), StandardCharsets.UTF_8));
                assertEquals("signal.raised", body.getString("event"));
                assertEquals(signal, body.getString("signal.id"));
                assertEquals("PROGRESS_BIAS", body.getString("signal.kind"));
                assertEquals(commitment, body.getString("signal.commitmentId"));
                assertEquals(delivery.header("X-Throughline-Delivery"), body.getString("deliveryId"));
                assertEquals(OffsetDateTime.parse(body.getString("sentAt")).toEpochSecond(),
                        Long.parseLong(delivery.header("X-Throughline-Timestamp")));
                assertFalse(body.getBoolean("replay"));

                JsonPath log = deliveries(endpoint);
                assertEquals(1, log.getList("data.webhookDeliveries").size());
                assertEquals("SENT", log.getString("data.webhookDeliveries[0].status"));
                assertEquals(signal, log.getString("data.webhookDeliveries[0].signal.id"));
                assertEquals(204, log.getInt("data.webhookDeliveries[0].attemptLog[0].statusCode"));
                assertNull(registeredSecretIn(endpoint), "the secret is never returned again");

                String deliveryId = log.getString("data.webhookDeliveries[0].id");
                graphql("mutation R($id: ID!) { replayWebhookDelivery(deliveryId: $id) { status replays } }",
                        Map.of("id", deliveryId)).body("errors", nullValue())
                        .body("data.replayWebhookDelivery.status", equalTo("PENDING"))
                        .body("data.replayWebhookDelivery.replays", equalTo(1));
                sendEverythingDue();
                assertEquals(2, receiver.received().size(), "the replay is sent again");
                WebhookReceiver.Received replay = receiver.received().get(1);
                assertEquals(delivery.header("X-Throughline-Delivery"), replay.header("X-Throughline-Delivery"));
                assertTrue(WebhookSignature.verifies(secret, replay.body(), replay.header("X-Throughline-Signature")));
                assertTrue(new JsonPath(new String(replay.body(), StandardCharsets.UTF_8)).getBoolean("replay"));
                JsonPath after = deliveries(endpoint);
                assertEquals(2, after.getList("data.webhookDeliveries[0].attemptLog").size());
                assertEquals(true, after.getBoolean("data.webhookDeliveries[0].attemptLog[1].replay"));
            } finally {
                disable(endpoint);
            }
        }
    }

    @Test
    @TestSecurity(user = "hook-kim", roles = "governance-lead")
    void aSecretReferencedByNameIsReadFromTheMountedDirectoryAndNeverShown() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonPath registered = graphql("""
                    mutation R($url: String!, $ref: String) {
                      registerWebhook(webhook: { url: $url, kinds: [PROGRESS_BIAS], secretRef: $ref }) {
                        secret endpoint { id secretSource secretRef }
                      }
                    }
                    """, variables("url", receiver.url(), "ref", SmtpAndSecrets.SECRET_NAME))
                    .body("errors", nullValue()).extract().jsonPath();
            String endpoint = registered.getString("data.registerWebhook.endpoint.id");
            try {
                assertNull(registered.getString("data.registerWebhook.secret"));
                assertEquals("REFERENCED", registered.getString("data.registerWebhook.endpoint.secretSource"));
                assertEquals(SmtpAndSecrets.SECRET_NAME, registered.getString("data.registerWebhook.endpoint.secretRef"));
                progressBias("kim");
                evaluate();
                sendEverythingDue();
                List<WebhookReceiver.Received> received = receiver.received();
                assertEquals(1, received.size());
                assertTrue(WebhookSignature.verifies(SmtpAndSecrets.SECRET, received.get(0).body(),
                        received.get(0).header("X-Throughline-Signature")));
            } finally {
                disable(endpoint);
            }
        }
    }

    @Test
    @TestSecurity(user = "hook-fay", roles = "governance-lead")
    void aFailingEndpointIsRetriedWithDoublingBackoffThenDisabledWithItsReason() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(500);
            String endpoint = graphql("""
                    mutation R($url: String!) {
                      registerWebhook(webhook: { url: $url, kinds: [PROGRESS_BIAS] }) { endpoint { id } }
                    }
                    """, Map.of("url", receiver.url())).body("errors", nullValue()).extract()
                    .path("data.registerWebhook.endpoint.id");
            try {
                progressBias("fay");
                evaluate();
                // The test profile retries after 100 ms, then 200 ms, ...; and disables after 3 failures in a row.
                awaitTrue(() -> {
                    sendQuietly();
                    return !endpointState(endpoint).getBoolean("enabled");
                }, "the endpoint is disabled");
                JsonPath state = endpointState(endpoint);
                assertEquals(3, state.getInt("consecutiveFailures"));
                assertNotNull(state.getString("disabledAt"));
                assertTrue(state.getString("disabledReason").contains("3 failed attempts in a row")
                        && state.getString("disabledReason").contains("HTTP 500"), state.getString("disabledReason"));

                JsonPath log = deliveries(endpoint);
                List<Map<String, Object>> attempts = log.getList("data.webhookDeliveries[0].attemptLog");
                assertEquals(3, attempts.size());
                List<Long> waits = new ArrayList<>();
                for (Map<String, Object> attempt : attempts) {
                    assertEquals(500, attempt.get("statusCode"));
                    assertEquals(false, attempt.get("succeeded"));
                    waits.add(Duration.between(OffsetDateTime.parse((String) attempt.get("attemptedAt")),
                            OffsetDateTime.parse((String) attempt.get("nextAttemptAt"))).toMillis());
                }
                assertEquals(List.of(100L, 200L, 400L), waits, "each retry waits twice as long as the one before");
                assertEquals("PENDING", log.getString("data.webhookDeliveries[0].status"));
                assertEquals(3, receiver.received().size());

                sendEverythingDue();
                assertEquals(3, receiver.received().size(), "nothing is posted to a disabled endpoint");
                graphql("mutation R($id: ID!) { replayWebhookDelivery(deliveryId: $id) { id } }",
                        Map.of("id", log.getString("data.webhookDeliveries[0].id")))
                        .body("errors[0].extensions.code", equalTo("webhook-disabled"));

                receiver.answer(200);
                graphql("mutation E($id: ID!) { enableWebhook(id: $id) { enabled consecutiveFailures disabledReason } }",
                        Map.of("id", endpoint)).body("errors", nullValue())
                        .body("data.enableWebhook.enabled", equalTo(true))
                        .body("data.enableWebhook.disabledReason", nullValue());
                awaitTrue(() -> {
                    sendQuietly();
                    return "SENT".equals(deliveries(endpoint).getString("data.webhookDeliveries[0].status"));
                }, "the pending delivery goes out once the endpoint is enabled");
                assertEquals(4, receiver.received().size());
            } finally {
                disable(endpoint);
            }
        }
    }

    @Test
    @TestSecurity(user = "hook-nil", roles = "governance-lead")
    void anEndpointNobodyListensOnIsDisabledWithAReasonInWords() throws Exception {
        String url;
        try (WebhookReceiver closed = new WebhookReceiver()) {
            url = closed.url();
        }
        String endpoint = graphql("""
                mutation R($url: String!) { registerWebhook(webhook: { url: $url, kinds: [PROGRESS_BIAS] }) { endpoint { id } } }
                """, Map.of("url", url)).body("errors", nullValue()).extract().path("data.registerWebhook.endpoint.id");
        try {
            progressBias("nil");
            evaluate();
            awaitTrue(() -> {
                sendQuietly();
                return !endpointState(endpoint).getBoolean("enabled");
            }, "the endpoint is disabled");
            assertEquals("Disabled after 3 failed attempts in a row; the last: could not connect to the endpoint",
                    endpointState(endpoint).getString("disabledReason"));
            assertEquals("could not connect to the endpoint",
                    deliveries(endpoint).getString("data.webhookDeliveries[0].lastError"));
        } finally {
            disable(endpoint);
        }
    }

    @Test
    @TestSecurity(user = "hook-bea", roles = "governance-lead")
    void badWebhookInputIsRefusedWithItsCode() {
        String register = """
                mutation R($url: String!, $ref: String) { registerWebhook(webhook: { url: $url, secretRef: $ref }) { secret } }
                """;
        graphql(register, variables("url", "ftp://hooks.example.org/x")).body("data", nullValue())
                .body("errors[0].extensions.code", equalTo("bad-webhook-url"));
        graphql(register, variables("url", "not a url at all")).body("errors[0].extensions.code", equalTo("bad-webhook-url"));
        graphql(register, variables("url", "https://user:password@hooks.example.org/x"))
                .body("errors[0].extensions.code", equalTo("bad-webhook-url"));
        graphql(register, variables("url", "https://hooks.example.org/x", "ref", "NO_SUCH_SECRET"))
                .body("errors[0].extensions.code", equalTo("webhook-secret-not-found"));
        graphql(register, variables("url", "https://hooks.example.org/x", "ref", "../etc/passwd"))
                .body("errors[0].extensions.code", equalTo("bad-input"));
        graphql("""
                mutation { registerWebhook(webhook: { url: "https://hooks.example.org/x", kinds: [NOT_A_KIND] }) { secret } }
                """, Map.of()).body("errors[0].extensions.code", equalTo("GRAPHQL_VALIDATION_FAILED"));
        graphql("mutation { replayWebhookDelivery(deliveryId: \"999999\") { id } }", Map.of())
                .body("errors[0].extensions.code", equalTo("webhook-delivery-not-found"));
        graphql("{ webhookDeliveries(endpointId: \"999999\") { id } }", Map.of())
                .body("errors[0].extensions.code", equalTo("webhook-not-found"));
        graphql("mutation { watchInitiative(initiativeId: \"999999\") { id } }", Map.of())
                .body("errors[0].extensions.code", equalTo("initiative-not-found"));
    }

    // ----- helpers -----

    /** An initiative of the owner's with one milestone of theirs per slip given (days past the baseline). */
    record Plan(String initiative, List<String> milestones) {
    }

    private Plan ownedPlan(String name, String owner, int... slipDays) {
        String initiative = post(planUrl, """
                mutation I($name: String!, $owner: ID!) {
                  createInitiative(initiative: { name: $name, accountableOwner: $owner }) { id }
                }
                """, Map.of("name", name, "owner", owner)).getString("data.createInitiative.id");
        String workstream = post(planUrl, """
                mutation W($i: ID!, $owner: ID!) {
                  addWorkstream(workstream: { initiativeId: $i, name: "Sales", businessFunction: SALES, accountableOwner: $owner }) { id }
                }
                """, Map.of("i", initiative, "owner", owner)).getString("data.addWorkstream.id");
        List<String> milestones = new ArrayList<>();
        for (int slip : slipDays) {
            String milestone = post(planUrl, """
                    mutation M($w: ID!, $title: String!, $baseline: Date!, $owner: ID!) {
                      addMilestone(milestone: { workstreamId: $w, title: $title, baselineFinish: $baseline,
                                                accountableOwner: $owner }) { id }
                    }
                    """, Map.of("w", workstream, "title", name + " step " + (milestones.size() + 1),
                    "baseline", TODAY.plusDays(30).toString(), "owner", owner)).getString("data.addMilestone.id");
            changeMilestone(planUrl, milestone, Map.of("forecastFinish", TODAY.plusDays(30 + slip).toString()),
                    "Slips " + slip + " days");
            milestones.add(milestone);
        }
        return new Plan(initiative, milestones);
    }

    /** A commitment of the owner's on a GREEN milestone whose KPI is far off its trajectory: PROGRESS_BIAS. */
    private String progressBias(String owner) {
        String milestone = GovernanceFixture.plan(planUrl, "Bias of " + owner, "Cut-over of " + owner).milestones().get(0);
        String kpi = GovernanceFixture.kpi(kpiUrl, "Turnaround of " + owner, "LOWER_IS_BETTER", 20, 8, "head-of-sales");
        measure(kpiUrl, kpi, 34.5, TODAY.minusDays(1));
        return GovernanceFixture.commitOutcome(milestone, kpi, 8, TODAY.plusDays(100), owner)
                .body("errors", nullValue()).extract().path("data.commitOutcome.id");
    }

    private static void evaluate() {
        graphql("mutation { evaluateSignals { raised } }", Map.of()).body("errors", nullValue());
    }

    /** The ids of the initiative's signal episodes, open or not, of one kind (or of every kind for null). */
    private static List<String> signalIds(String initiative, String kind) {
        return graphql("""
                query S($i: ID!, $kinds: [SignalKind!]) {
                  signals(filter: { initiativeId: $i, kinds: $kinds, openOnly: false }, first: 1000) { id }
                }
                """, variables("i", initiative, "kinds", kind == null ? null : List.of(kind)))
                .body("errors", nullValue()).extract().jsonPath().getList("data.signals.id");
    }

    private static String openSignal(String subjectId, String kind) {
        List<Map<String, Object>> open = graphql("""
                query S($kinds: [SignalKind!]) { signals(filter: { kinds: $kinds }, first: 1000) { id subjectId } }
                """, variables("kinds", List.of(kind))).body("errors", nullValue()).extract().jsonPath()
                .getList("data.signals");
        return open.stream().filter(signal -> subjectId.equals(signal.get("subjectId")))
                .map(signal -> (String) signal.get("id")).findFirst().orElseThrow();
    }

    private static JsonPath deliveries(String endpoint) {
        return graphql("""
                query D($e: ID!) {
                  webhookDeliveries(endpointId: $e) {
                    id status attempts replays deliveryId lastError lastStatusCode signal { id kind }
                    attemptLog { attempt attemptedAt statusCode error succeeded nextAttemptAt replay }
                  }
                }
                """, Map.of("e", endpoint)).body("errors", nullValue()).extract().jsonPath();
    }

    private static JsonPath endpointState(String endpoint) {
        List<Map<String, Object>> all = graphql("""
                { webhooks { id enabled consecutiveFailures disabledAt disabledReason } }
                """, Map.of()).body("errors", nullValue()).extract().jsonPath().getList("data.webhooks");
        Map<String, Object> found = all.stream().filter(hook -> endpoint.equals(hook.get("id"))).findFirst().orElseThrow();
        return new JsonPath(io.restassured.path.json.JsonPath.from(toJson(found)).prettify());
    }

    private static String toJson(Map<String, Object> map) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(map);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the API says of the endpoint's secret now: the schema has no field for it, so nothing. */
    private static String registeredSecretIn(String endpoint) {
        String text = graphql("{ webhooks { id url kinds secretSource secretRef description } }", Map.of())
                .body("errors", nullValue()).extract().asString();
        return text.contains("whsec_") ? text : null;
    }

    private static void disable(String endpoint) {
        graphql("mutation D($id: ID!) { disableWebhook(id: $id, reason: \"test done\") { enabled } }",
                Map.of("id", endpoint)).body("errors", nullValue());
    }

    /** Two senders at once, as on two replicas, until neither finds anything due. */
    private void raceTwoSenders() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            while (true) {
                CountDownLatch start = new CountDownLatch(1);
                Callable<NotificationSender.Round> round = () -> {
                    start.await();
                    return sender.sendDue();
                };
                Future<NotificationSender.Round> first = pool.submit(round);
                Future<NotificationSender.Round> second = pool.submit(round);
                start.countDown();
                NotificationSender.Round a = first.get();
                NotificationSender.Round b = second.get();
                if (a.sent() + a.failed() + b.sent() + b.failed() == 0) {
                    return;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void sendEverythingDue() throws Exception {
        NotificationSender.Round round;
        do {
            round = sender.sendDue();
        } while (round.sent() + round.failed() > 0);
    }

    private void sendQuietly() {
        try {
            sender.sendDue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls the condition until it holds or the patience runs out; what it waits on is state, not time. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    private static List<MimeMessage> mailsTo(String address) throws MessagingException {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage mail : SmtpAndSecrets.smtp().getReceivedMessages()) {
            if (Arrays.stream(mail.getAllRecipients()).anyMatch(to -> to.toString().contains(address))) {
                mails.add(mail);
            }
        }
        return mails;
    }

    /** Mails by the signal each tells of. */
    private static Map<String, List<MimeMessage>> bySignal(List<MimeMessage> mails) throws MessagingException {
        Map<String, List<MimeMessage>> bySignal = new HashMap<>();
        for (MimeMessage mail : mails) {
            String[] signal = mail.getHeader("X-Throughline-Signal");
            if (signal != null && mail.getHeader("X-Throughline-Digest") == null) {
                bySignal.computeIfAbsent(signal[0], key -> new ArrayList<>()).add(mail);
            }
        }
        return bySignal;
    }

    private static String hmacHex(String secret, byte[] body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of().formatHex(mac.doFinal(body));
    }
}
