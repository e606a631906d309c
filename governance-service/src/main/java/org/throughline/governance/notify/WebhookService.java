package org.throughline.governance.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.throughline.subgraph.BadInputException;
import org.throughline.subgraph.CurrentUser;
import org.throughline.subgraph.DatabaseClock;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneOffset;
import java.util.List;

/** Webhook endpoints: registered, listed, enabled and disabled by a governance-lead, with their delivery log. */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class WebhookService {

    private static final int URL_LENGTH = 2000;

    @Inject
    NotificationConfig config;

    @Inject
    WebhookSecrets secrets;

    @Inject
    CurrentUser currentUser;

    @Inject
    EntityManager entityManager;

    public RegisteredWebhook register(NewWebhook webhook) throws RejectedInputException {
        WebhookEndpoint endpoint = new WebhookEndpoint();
        endpoint.url = url(webhook.url);
        endpoint.description = Inputs.optionalText("description", webhook.description, 500).orElse(null);
        endpoint.storedKinds = SignalKinds.stored(webhook.kinds);
        endpoint.minimumSeverity = webhook.minimumSeverity == null ? NotificationPreferences.DEFAULT_MINIMUM_SEVERITY
                : webhook.minimumSeverity;
        String generated = null;
        if (webhook.secretRef == null || webhook.secretRef.isBlank()) {
            generated = secrets.generate();
            endpoint.secret = generated;
        } else {
            String reference = webhook.secretRef.strip();
            if (!WebhookSecrets.REFERENCE.matcher(reference).matches()) {
                throw new BadInputException("secretRef", "is not a secret's name (letters, digits and _ . -, at "
                        + "most 100, not starting with a digit): " + Inputs.shown(reference));
            }
            if (secrets.resolve(reference).isEmpty()) {
                throw new WebhookSecretNotFoundException("secretRef: no secret named " + Inputs.shown(reference)
                        + " is in the mounted secrets directory or the environment of governance-service");
            }
            endpoint.secretRef = reference;
        }
        endpoint.createdBy = currentUser.id();
        endpoint.persist();
        entityManager.flush();
        entityManager.refresh(endpoint);
        return new RegisteredWebhook(endpoint, generated);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<WebhookEndpoint> endpoints() {
        return WebhookEndpoint.list("order by id");
    }

    public WebhookEndpoint enable(String id) throws RejectedInputException {
        WebhookEndpoint endpoint = endpoint(id);
        endpoint.enabled = true;
        endpoint.consecutiveFailures = 0;
        endpoint.disabledAt = null;
        endpoint.disabledReason = null;
        entityManager.flush();
        return endpoint;
    }

    public WebhookEndpoint disable(String id, String reason) throws RejectedInputException {
        WebhookEndpoint endpoint = endpoint(id);
        String why = Inputs.requiredText("reason", reason, 500);
        if (endpoint.enabled) {
            endpoint.enabled = false;
            endpoint.disabledAt = DatabaseClock.now(entityManager).atOffset(ZoneOffset.UTC);
            endpoint.disabledReason = "Disabled by " + currentUser.id() + ": " + why;
            entityManager.flush();
        }
        return endpoint;
    }

    /** The endpoint's deliveries, the latest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Notification> deliveries(String endpointId, Integer first) throws RejectedInputException {
        WebhookEndpoint endpoint = endpoint(endpointId);
        int limit = first == null ? 50 : Inputs.range("first", first, 1, 500);
        return Notification.<Notification>find("endpointId = ?1 order by id desc", endpoint.id).range(0, limit - 1)
                .list();
    }

    /** The attempts of each delivery, oldest first, in the order of the deliveries given. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<List<WebhookAttempt>> attempts(List<Notification> deliveries) {
        List<Long> ids = deliveries.stream().map(delivery -> delivery.id).toList();
        List<WebhookAttempt> all = ids.isEmpty() ? List.of()
                : WebhookAttempt.list("notificationId in ?1 order by id", ids);
        return ids.stream().map(id -> all.stream().filter(attempt -> attempt.notificationId.equals(id)).toList())
                .toList();
    }

    /**
     * Sends a delivery again, as it is now: due at once, with its delivery id and a fresh count of attempts; the
     * body says it is a replay. Refused for an endpoint that is disabled (enable it first).
     */
    public Notification replay(String deliveryId) throws RejectedInputException {
        long id = Inputs.id("deliveryId", deliveryId);
        Notification delivery = Notification.<Notification>findByIdOptional(id)
                .filter(found -> found.channel == NotificationChannel.WEBHOOK)
                .orElseThrow(() -> new WebhookDeliveryNotFoundException("No webhook delivery has the id " + id + "."));
        WebhookEndpoint endpoint = WebhookEndpoint.findById(delivery.endpointId);
        if (!endpoint.enabled) {
            throw new WebhookDisabledException("Webhook endpoint " + endpoint.id + " is disabled ("
                    + endpoint.disabledReason + "); enable it before replaying its deliveries.");
        }
        entityManager.createNativeQuery("""
                update notification set status = 'PENDING', attempts = 0, replays = replays + 1,
                       next_attempt_at = clock_timestamp(), claimed_by = null, claimed_until = null
                where id = :id
                """).setParameter("id", id).executeUpdate();
        entityManager.refresh(delivery);
        return delivery;
    }

    private WebhookEndpoint endpoint(String id) throws RejectedInputException {
        long key = Inputs.id("id", id);
        return WebhookEndpoint.<WebhookEndpoint>findByIdOptional(key)
                .orElseThrow(() -> new WebhookNotFoundException("No webhook endpoint has the id " + key + "."));
    }

    /** An absolute http(s) URL with a host and no credentials; plain http only where allowed. */
    private String url(String value) throws RejectedInputException {
        String url = Inputs.requiredText("url", value, URL_LENGTH);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new BadWebhookUrlException("url: is not a URL: " + Inputs.shown(url));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new BadWebhookUrlException("url: must be an absolute https URL with a host: " + Inputs.shown(url));
        }
        if (scheme.equals("http") && !config.webhooks().allowPlainHttp()) {
            throw new BadWebhookUrlException("url: must use https (deliveries carry signals and a signature); plain "
                    + "http is allowed only where throughline.governance.notify.webhooks.allow-plain-http is true: "
                    + Inputs.shown(url));
        }
        if (uri.getUserInfo() != null || uri.getFragment() != null) {
            throw new BadWebhookUrlException("url: may carry no credentials and no fragment: " + Inputs.shown(url));
        }
        return uri.toString();
    }
}
