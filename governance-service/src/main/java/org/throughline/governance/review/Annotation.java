package org.throughline.governance.review;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Table;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.OffsetDateTime;

/** A note added to a review after the fact, kept as written. */
@Entity
@Table(name = "review_annotation")
@Description("A note added to a review after the fact, kept as written.")
public class Annotation extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Id
    @NonNull
    public Long id;

    @Ignore
    @Column(name = "review_id", updatable = false)
    public Long reviewId;

    @NonNull
    @Column(updatable = false)
    public String note;

    @NonNull
    @Description("The user id of who wrote the note.")
    @Column(updatable = false)
    public String author;

    @NonNull
    @Column(name = "written_at", updatable = false)
    public OffsetDateTime writtenAt;
}
