package org.throughline.governance.notify;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.throughline.governance.client.Upstream;
import org.throughline.governance.reference.Initiative;
import org.throughline.governance.review.InitiativeNotFoundException;
import org.throughline.subgraph.CurrentUser;
import org.throughline.subgraph.DatabaseClock;
import org.throughline.subgraph.Inputs;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.Roles;
import org.throughline.subgraph.VersionConflictException;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each person's notification preferences and the initiatives they watch. A person changes only their own; a
 * governance-lead may read anyone's.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class NotificationPreferencesService {

    @Inject
    CurrentUser currentUser;

    @Inject
    SecurityIdentity identity;

    @Inject
    EntityManager entityManager;

    @Inject
    Upstream upstream;

    /** The preferences of the person named, or of the caller when none is; another's only for a governance-lead. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public NotificationPreferences preferences(String personId) throws RejectedInputException {
        String person = readable(personId);
        return NotificationPreferences.<NotificationPreferences>findByIdOptional(person)
                .orElseGet(() -> NotificationPreferences.defaults(person));
    }

    /** What the person named (the caller when none is) was told by e-mail, the latest first; another's for a lead. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Notification> notifications(String personId, Integer first) throws RejectedInputException {
        String person = readable(personId);
        int limit = first == null ? 50 : Inputs.range("first", first, 1, 500);
        return Notification.<Notification>find("recipient = ?1 and channel = ?2 order by id desc", person,
                NotificationChannel.EMAIL).range(0, limit - 1).list();
    }

    /** The person named, or the caller when none is; another person only for a governance-lead. */
    private String readable(String personId) throws RejectedInputException {
        String person = personId == null ? currentUser.id() : Inputs.userId("personId", personId);
        if (!person.equals(currentUser.id()) && !identity.hasRole(Roles.GOVERNANCE_LEAD)) {
            throw new ForbiddenException("only a governance-lead reads another person's notifications");
        }
        return person;
    }

    /** Changes the caller's own preferences. */
    public NotificationPreferences change(NotificationPreferencesChanges changes) throws RejectedInputException {
        String person = currentUser.id();
        NotificationPreferences preferences = NotificationPreferences.findById(person);
        boolean stored = preferences != null;
        if (!stored) {
            preferences = NotificationPreferences.defaults(person);
        }
        if (changes.version != null && changes.version != preferences.version) {
            throw new VersionConflictException("Notification preferences of", person, changes.version,
                    (long) preferences.version);
        }
        if (changes.kinds != null) {
            preferences.storedKinds = SignalKinds.stored(changes.kinds);
        }
        if (changes.minimumSeverity != null) {
            preferences.minimumSeverity = changes.minimumSeverity;
        }
        if (changes.delivery != null) {
            preferences.delivery = changes.delivery;
        }
        if (changes.email != null) {
            preferences.email = changes.email;
        }
        preferences.updatedAt = DatabaseClock.now(entityManager).atOffset(ZoneOffset.UTC);
        if (!stored) {
            preferences.persist();
        }
        entityManager.flush();
        return preferences;
    }

    /** The caller watches the initiative: told of every signal about it, by their preferences. */
    public List<Initiative> watch(String initiativeId) throws RejectedInputException {
        String initiative = Inputs.canonicalId("initiativeId", initiativeId);
        if (upstream.initiatives(List.of(initiative)).isEmpty()) {
            throw new InitiativeNotFoundException("initiativeId", initiative);
        }
        entityManager.createNativeQuery("""
                        insert into initiative_watch (initiative_id, person_id) values (:initiative, :person)
                        on conflict do nothing
                        """).setParameter("initiative", initiative).setParameter("person", currentUser.id())
                .executeUpdate();
        return watched(List.of(currentUser.id())).get(0);
    }

    public List<Initiative> unwatch(String initiativeId) throws RejectedInputException {
        String initiative = Inputs.canonicalId("initiativeId", initiativeId);
        entityManager.createNativeQuery("delete from initiative_watch where initiative_id = :initiative "
                        + "and person_id = :person").setParameter("initiative", initiative)
                .setParameter("person", currentUser.id()).executeUpdate();
        return watched(List.of(currentUser.id())).get(0);
    }

    /** The initiatives each person watches, in the order of the people given. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public List<List<Initiative>> watched(List<String> people) {
        Map<String, List<Initiative>> byPerson = new HashMap<>();
        if (!people.isEmpty()) {
            List<Object[]> rows = entityManager.createNativeQuery("""
                    select person_id, initiative_id from initiative_watch where person_id in (:people)
                    order by person_id, cast(initiative_id as bigint)
                    """).setParameter("people", people).getResultList();
            rows.forEach(row -> byPerson.computeIfAbsent((String) row[0], person -> new ArrayList<>())
                    .add(new Initiative((String) row[1])));
        }
        return people.stream().map(person -> byPerson.getOrDefault(person, List.of())).toList();
    }
}
