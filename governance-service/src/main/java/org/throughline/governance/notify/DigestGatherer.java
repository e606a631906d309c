package org.throughline.governance.notify;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.util.List;

/**
 * Gathers the notifications held for the daily digest into one mail per person per day, once the day has ended
 * (midnight in the digest zone). The digest row's unique key (person, day) and a transaction-scoped lock make it one
 * digest however many replicas gather at once; the sender then sends it like any other mail.
 */
@ApplicationScoped
public class DigestGatherer {

    /** One gathering at a time, across every governance instance. */
    private static final long GATHER_LOCK = 0x64696765737473L;

    @Inject
    EntityManager entityManager;

    @Inject
    NotificationConfig config;

    @Scheduled(every = "${throughline.governance.notify.digest-every:15m}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        int gathered = gather(LocalDate.now(config.digestZone()).minusDays(1));
        if (gathered > 0) {
            Log.infof("%d daily digests gathered", gathered);
        }
    }

    /**
     * Gathers, for each person, everything held for a day up to and including {@code through} into that person's
     * digest of {@code through}; returns how many digests were made. A person whose digest of that day exists
     * already keeps what is still held for the next one.
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public int gather(LocalDate through) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(:key)").setParameter("key", GATHER_LOCK)
                .getResultList();
        List<String> people = entityManager.createNativeQuery("""
                        select distinct recipient from notification
                        where status = 'HELD' and channel = 'EMAIL' and digest_day <= :through
                        """).setParameter("through", through).getResultList();
        int made = 0;
        for (String person : people) {
            List<Object> digest = entityManager.createNativeQuery("""
                            insert into notification_digest (person_id, day, status, next_attempt_at)
                            values (:person, :day, 'PENDING', clock_timestamp())
                            on conflict (person_id, day) do nothing
                            returning id
                            """).setParameter("person", person).setParameter("day", through).getResultList();
            if (digest.isEmpty()) {
                continue;
            }
            entityManager.createNativeQuery("""
                            update notification set status = 'DIGESTED', digest_id = :digest
                            where status = 'HELD' and channel = 'EMAIL' and recipient = :person
                              and digest_day <= :through
                            """).setParameter("digest", ((Number) digest.get(0)).longValue())
                    .setParameter("person", person).setParameter("through", through).executeUpdate();
            made++;
        }
        return made;
    }
}
