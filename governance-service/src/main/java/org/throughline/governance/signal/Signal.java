package org.throughline.governance.signal;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Table;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.governance.reference.Initiative;
import org.throughline.governance.reference.Kpi;
import org.throughline.governance.reference.Milestone;

import java.time.OffsetDateTime;

/** One episode of a signal on one subject: raised when its condition first held, cleared when it stopped holding. */
@Entity
@Table(name = "signal")
@Description("A finding the platform raised by itself from live data: one episode, from raised to cleared.")
public class Signal extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Id
    @NonNull
    public Long id;

    @NonNull
    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    public SignalKind kind;

    @NonNull
    @Enumerated(EnumType.STRING)
    public Severity severity;

    @NonNull
    @Enumerated(EnumType.STRING)
    @Column(name = "subject_type", updatable = false)
    public SubjectType subjectType;

    @NonNull
    @Id
    @Description("The id of the initiative, milestone, KPI or commitment the signal is about.")
    @Column(name = "subject_id", updatable = false)
    public String subjectId;

    @Ignore
    @Column(name = "initiative_id", updatable = false)
    public String initiativeId;

    @Ignore
    @Column(name = "milestone_id", updatable = false)
    public String milestoneId;

    @Ignore
    @Column(name = "kpi_id", updatable = false)
    public String kpiId;

    @Ignore
    @Column(name = "commitment_id", updatable = false)
    public Long commitmentId;

    @NonNull
    @Description("What holds, in words, with the figures that made it hold when it was last evaluated.")
    public String message;

    @NonNull
    @Column(name = "raised_at", updatable = false)
    public OffsetDateTime raisedAt;

    @Description("When the condition stopped holding; null while the signal is open.")
    @Column(name = "cleared_at")
    public OffsetDateTime clearedAt;

    @NonNull
    @Description("True while the condition holds.")
    public boolean isOpen() {
        return clearedAt == null;
    }

    @Description("The initiative the signal concerns, if any.")
    public Initiative getInitiative() {
        return initiativeId == null ? null : new Initiative(initiativeId);
    }

    @Description("The milestone the signal concerns, if any.")
    public Milestone getMilestone() {
        return milestoneId == null ? null : new Milestone(milestoneId);
    }

    @Description("The KPI the signal concerns, if any.")
    public Kpi getKpi() {
        return kpiId == null ? null : new Kpi(kpiId);
    }

    /** The episode as an event of the outbox described it (SignalEngine writes every field): never persisted. */
    static Signal fromEvent(JsonNode payload) {
        Signal signal = new Signal();
        signal.id = payload.get("signalId").asLong();
        signal.kind = SignalKind.valueOf(payload.get("kind").asText());
        signal.severity = Severity.valueOf(payload.get("severity").asText());
        signal.subjectType = SubjectType.valueOf(payload.get("subjectType").asText());
        signal.subjectId = payload.get("subjectId").asText();
        signal.initiativeId = payload.path("initiativeId").textValue();
        signal.milestoneId = payload.path("milestoneId").textValue();
        signal.kpiId = payload.path("kpiId").textValue();
        String commitment = payload.path("commitmentId").textValue();
        signal.commitmentId = commitment == null ? null : Long.valueOf(commitment);
        signal.message = payload.get("message").asText();
        signal.raisedAt = OffsetDateTime.parse(payload.get("raisedAt").asText());
        String cleared = payload.path("clearedAt").textValue();
        signal.clearedAt = cleared == null ? null : OffsetDateTime.parse(cleared);
        return signal;
    }

    /** The subject as the rules name it, to match an open episode with the condition that holds now. */
    String identity() {
        return Condition.identity(kind, subjectType, subjectId);
    }
}
