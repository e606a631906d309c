package org.throughline.governance.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.query.NativeQuery;
import org.throughline.governance.signal.Signal;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides who is told of a signal episode, in the transaction that raises it: the accountable owner of its item, the
 * people watching its initiative (each by their preferences), and the webhook endpoints that want it. What it writes
 * commits or rolls back with the episode, and the unique key (episode, recipient, channel) keeps it to one
 * notification each, whatever is retried; the sending happens later, outside this transaction.
 */
@ApplicationScoped
public class NotificationPlanner {

    @Inject
    EntityManager entityManager;

    @Inject
    NotificationConfig config;

    /** Records who is to be told of the episode just raised; nothing is sent here. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void signalRaised(Signal signal, AccountableOwners owners) {
        Map<String, NotificationReason> people = new LinkedHashMap<>();
        Optional<String> owner = owners.of(signal);
        owner.ifPresent(person -> people.put(person, NotificationReason.OWNER));
        owners.initiativesOf(signal).forEach(initiative -> watchers(initiative)
                .forEach(person -> people.putIfAbsent(person, NotificationReason.WATCHER)));
        Map<String, NotificationPreferences> chosen = new HashMap<>();
        if (!people.isEmpty()) {
            NotificationPreferences.<NotificationPreferences>list("personId in ?1", List.copyOf(people.keySet()))
                    .forEach(preferences -> chosen.put(preferences.personId, preferences));
        }
        people.forEach((person, reason) -> {
            NotificationPreferences preferences = chosen.getOrDefault(person, NotificationPreferences.defaults(person));
            if (preferences.wants(signal)) {
                boolean digest = preferences.delivery == NotificationDelivery.DAILY_DIGEST;
                insert(signal, person, NotificationChannel.EMAIL, null, reason, digest
                        ? signal.raisedAt.atZoneSameInstant(config.digestZone()).toLocalDate() : null);
            }
        });
        for (WebhookEndpoint endpoint : WebhookEndpoint.<WebhookEndpoint>list("enabled", true)) {
            if (SignalKinds.passes(signal, endpoint.storedKinds, endpoint.minimumSeverity)) {
                insert(signal, endpoint.id.toString(), NotificationChannel.WEBHOOK, endpoint.id,
                        NotificationReason.SUBSCRIBED, null);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> watchers(String initiativeId) {
        return entityManager.createNativeQuery(
                        "select person_id from initiative_watch where initiative_id = :initiative order by person_id")
                .setParameter("initiative", initiativeId).getResultList();
    }

    /** Held for the day's digest when {@code digestDay} is given, due at once otherwise. */
    private void insert(Signal signal, String recipient, NotificationChannel channel, Long endpointId,
                        NotificationReason reason, LocalDate digestDay) {
        entityManager.createNativeQuery("""
                        insert into notification (signal_id, recipient, channel, endpoint_id, reason, status,
                                                  digest_day, next_attempt_at)
                        values (:signal, :recipient, :channel, :endpoint, :reason, :status, :day,
                                case when :held then null else clock_timestamp() end)
                        on conflict (signal_id, recipient, channel) do nothing
                        """).unwrap(NativeQuery.class)
                .setParameter("signal", signal.id).setParameter("recipient", recipient)
                .setParameter("channel", channel.name()).setParameter("endpoint", endpointId, Long.class)
                .setParameter("reason", reason.name()).setParameter("status", digestDay == null ? "PENDING" : "HELD")
                .setParameter("day", digestDay, LocalDate.class).setParameter("held", digestDay != null)
                .executeUpdate();
    }
}
