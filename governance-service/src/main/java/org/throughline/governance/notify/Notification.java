package org.throughline.governance.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.governance.signal.Signal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One signal episode told to one recipient on one channel: a person by e-mail, or a webhook endpoint. Written in the
 * transaction that raised the episode; afterwards only the sender changes it, recording each attempt.
 */
@Entity
@Table(name = "notification")
@Description("One signal episode told to one recipient: a person by e-mail, or a webhook endpoint; with the state "
        + "of its delivery.")
public class Notification extends PanacheEntityBase {

    @jakarta.persistence.Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Id
    @NonNull
    public Long id;

    @NonNull
    @Description("The signal episode told.")
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "signal_id", updatable = false)
    public Signal signal;

    @NonNull
    @Description("The person's user id (EMAIL) or the webhook endpoint's id (WEBHOOK).")
    @Column(updatable = false)
    public String recipient;

    @NonNull
    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    public NotificationChannel channel;

    @Ignore
    @Column(name = "endpoint_id", updatable = false)
    public Long endpointId;

    @NonNull
    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    public NotificationReason reason;

    @NonNull
    @Description("Sent with every attempt and replay (X-Throughline-Delivery), so a receiver can tell a retry from a "
            + "new event.")
    @Column(name = "delivery_id", updatable = false)
    public UUID deliveryId;

    @NonNull
    @Enumerated(EnumType.STRING)
    public NotificationStatus status;

    @Description("The day whose digest gathers it, for a person who chose the daily digest.")
    @Column(name = "digest_day")
    public LocalDate digestDay;

    @NonNull
    @Description("Attempts made so far.")
    public int attempts;

    @Description("When it is tried next, while PENDING.")
    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    @Description("Why the last attempt failed.")
    @Column(name = "last_error")
    public String lastError;

    @Description("The HTTP status the webhook endpoint last answered.")
    @Column(name = "last_status_code")
    public Integer lastStatusCode;

    @Description("When it was delivered.")
    @Column(name = "sent_at")
    public OffsetDateTime sentAt;

    @NonNull
    @Description("How often a governance-lead replayed it.")
    public int replays;

    @NonNull
    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
