package org.throughline.governance.review;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.LocalDate;
import java.time.ZoneOffset;

/** An action assigned at a review: one accountable owner, a due date, and a status that follows the work. */
@Entity
@Table(name = "review_action")
@Description("An action assigned at a review, with one accountable owner, a due date and a status.")
public class ReviewAction extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Id
    @NonNull
    public Long id;

    @Ignore
    @Column(name = "review_id", updatable = false)
    public Long reviewId;

    @NonNull
    @Description("What is to be done.")
    public String title;

    @NonNull
    @Description("The user id of the one person accountable for the action.")
    @Column(name = "accountable_owner")
    public String accountableOwner;

    @NonNull
    @Column(name = "due_on")
    public LocalDate dueOn;

    @NonNull
    @Enumerated(EnumType.STRING)
    public ActionStatus status = ActionStatus.OPEN;

    @NonNull
    @Version
    public int version;

    @NonNull
    @Description("True while the action is open and its due date has passed.")
    public boolean isOverdue() {
        return status.isOpen() && dueOn.isBefore(LocalDate.now(ZoneOffset.UTC));
    }

    /** Everything a revision records of an action. */
    public record State(Long id, String title, String accountableOwner, LocalDate dueOn, ActionStatus status) {
    }

    public State state() {
        return new State(id, title, accountableOwner, dueOn, status);
    }
}
