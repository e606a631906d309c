package org.throughline.governance;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Table;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.throughline.subgraph.RevisionRecord;

/** One immutable change to a commitment: its making, an amendment, its withdrawal. */
@Entity
@Table(name = "commitment_revision")
@Description("One change to an outcome commitment: who made it, when, why, and the values before and after.")
public class CommitmentRevision extends RevisionRecord {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Ignore
    public Long id;


    @Ignore
    @Column(name = "commitment_id", updatable = false)
    public Long commitmentId;
}
