package org.throughline.governance.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.throughline.governance.CommitmentRevision;
import org.throughline.governance.OutcomeCommitment;
import org.throughline.subgraph.ChangeRecorder;
import org.throughline.subgraph.CurrentUser;
import org.throughline.subgraph.RevisionRecord;
import org.throughline.subgraph.events.Outbox;

import java.util.Collection;
import java.util.List;

/**
 * The history of outcome commitments: their making, every amendment and their withdrawal, immutable; each change is
 * also an event in the outbox, written in the same transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CommitmentHistory {

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @Inject
    CurrentUser user;

    @Inject
    Outbox outbox;

    /** Writes the commitment and a revision if it changed; {@code before} is null for a new commitment. */
    public void record(OutcomeCommitment commitment, OutcomeCommitment.State before, int versionBefore, String reason) {
        ChangeRecorder.record(entityManager, json, user.id(), commitment, before, commitment.state(), versionBefore,
                () -> commitment.version).ifPresent(recorded -> {
                    CommitmentRevision revision = new CommitmentRevision();
                    revision.commitmentId = commitment.id;
                    revision.take(recorded, reason);
                    revision.persist();
                    outbox.appendAll(List.of(outbox.revised("Commitment", commitment.id.toString(), revision,
                            outbox.object().put("milestoneId", commitment.milestoneId).put("kpiId", commitment.kpiId))));
                });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<CommitmentRevision> revisionsOf(Collection<Long> commitmentIds) {
        return RevisionRecord.decoded(json, CommitmentRevision.list(
                "commitmentId in ?1 order by commitmentId, version", commitmentIds));
    }
}
