package org.throughline.kpi;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Table;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.throughline.subgraph.RevisionRecord;

/** One immutable change to a KPI's definition, a handover of its stewardship included; the database refuses edits. */
@Entity
@Table(name = "kpi_revision")
@Description("One change to a KPI's definition: who made it, when, why (required for moving a baseline or a target), "
        + "and the values before and after.")
public class KpiRevision extends RevisionRecord {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Ignore
    public Long id;

    @Ignore
    @Column(name = "kpi_id", updatable = false)
    public Long kpiId;
}
