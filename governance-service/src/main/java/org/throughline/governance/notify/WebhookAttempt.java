package org.throughline.governance.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Table;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;

import java.time.OffsetDateTime;

/** One attempt to post a webhook delivery, kept for the delivery log. */
@Entity
@Table(name = "webhook_attempt")
@Description("One attempt to post a webhook delivery: when, what the endpoint answered, and when it is tried next.")
public class WebhookAttempt extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Ignore
    public Long id;

    @Ignore
    @Column(name = "notification_id")
    public Long notificationId;

    @NonNull
    @Description("1 for the first attempt of the delivery (replays go on counting).")
    public int attempt;

    @NonNull
    @Column(name = "attempted_at")
    public OffsetDateTime attemptedAt;

    @Description("The HTTP status answered; null when none was (refused connection, timeout).")
    @Column(name = "status_code")
    public Integer statusCode;

    @Description("Why it failed, in words.")
    public String error;

    @NonNull
    public boolean succeeded;

    @Description("When the next attempt is due after this failure; null when none follows.")
    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    @NonNull
    @Description("True for an attempt a governance-lead asked for by replaying the delivery.")
    public boolean replay;
}
