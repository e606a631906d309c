package org.throughline.governance.review;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.throughline.governance.reference.Initiative;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A governance review of an initiative: drafted with its decisions and actions, then published, which freezes a
 * snapshot of the initiative's figures. A published review is not edited; it is annotated, or superseded by another.
 */
@Entity
@Table(name = "review")
@Description("A governance review of an initiative: the figures as they were when it was published, the decisions "
        + "taken and the actions assigned. Published, it is frozen: annotated or superseded, never edited.")
public class Review extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Id
    @NonNull
    public Long id;

    @Ignore
    @Column(name = "initiative_id", nullable = false, updatable = false)
    public String initiativeId;

    @NonNull
    public String title;

    @NonNull
    @Description("The day the review was held.")
    @Column(name = "held_on")
    public LocalDate heldOn;

    @Ignore
    @Column(name = "supersedes_id", updatable = false)
    public Long supersedesId;

    @Description("Why this review supersedes an earlier one; null for a review that supersedes none.")
    @Column(name = "supersede_reason", updatable = false)
    public String supersedeReason;

    @Ignore
    @Column(name = "superseded_by_id")
    public Long supersededById;

    @NonNull
    @Description("The user id of who drafted the review.")
    @Column(name = "created_by", updatable = false)
    public String createdBy;

    @NonNull
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;

    @Description("The user id of who published the review; null for a draft.")
    @Column(name = "published_by")
    public String publishedBy;

    @Description("When the review was published and its snapshot taken; null for a draft.")
    @Column(name = "published_at")
    public OffsetDateTime publishedAt;

    @Ignore
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "snapshot")
    public String snapshotJson;

    @NonNull
    @Version
    @Description("Changes and publishing name the version they were based on; a stale one is refused. Recording or "
            + "removing a decision or action makes a new version too, so that what is published is what was read.")
    public int version;

    @NonNull
    public ReviewStatus getStatus() {
        return publishedAt == null ? ReviewStatus.DRAFT
                : supersededById == null ? ReviewStatus.PUBLISHED : ReviewStatus.SUPERSEDED;
    }

    @Description("The initiative reviewed.")
    public Initiative getInitiative() {
        return new Initiative(initiativeId);
    }

    boolean isPublished() {
        return publishedAt != null;
    }
}
