package org.throughline.governance.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.throughline.subgraph.events.FeedPosition;

import java.util.List;
import java.util.Optional;

/**
 * How far governance has followed the event feed of each upstream service, kept in its own database. A position only
 * moves forward: with several replicas following the same feed, the furthest any evaluation reached is kept.
 */
@ApplicationScoped
public class FollowedFeeds {

    @Inject
    EntityManager entityManager;

    /** Records, in the caller's transaction, that what happened up to the position is acted on. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void followed(String source, FeedPosition position) {
        entityManager.createNativeQuery("""
                        insert into followed_feed (source, txid, place, followed_at)
                        values (:source, :txid, :place, clock_timestamp())
                        on conflict (source) do update set txid = excluded.txid, place = excluded.place,
                                                           followed_at = excluded.followed_at
                        where (followed_feed.txid, followed_feed.place) < (excluded.txid, excluded.place)""")
                .setParameter("source", source).setParameter("txid", position.transaction())
                .setParameter("place", position.place())
                .executeUpdate();
    }

    /** Where following the source's feed resumes; empty when it was never followed. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Optional<FeedPosition> position(String source) {
        List<Object[]> found = entityManager.createNativeQuery(
                        "select txid, place from followed_feed where source = :source")
                .setParameter("source", source).getResultList();
        return found.stream().findFirst().map(row -> new FeedPosition(((Number) row[0]).longValue(),
                ((Number) row[1]).longValue()));
    }

    /** Records where following starts when the source was never followed before (its head, when first connected). */
    @Transactional
    public void start(String source, FeedPosition position) {
        entityManager.createNativeQuery("""
                        insert into followed_feed (source, txid, place, followed_at)
                        values (:source, :txid, :place, clock_timestamp()) on conflict (source) do nothing""")
                .setParameter("source", source).setParameter("txid", position.transaction())
                .setParameter("place", position.place())
                .executeUpdate();
    }
}
