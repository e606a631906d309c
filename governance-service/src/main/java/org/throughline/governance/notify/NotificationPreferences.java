package org.throughline.governance.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.throughline.governance.reference.Person;
import org.throughline.governance.signal.Severity;
import org.throughline.governance.signal.Signal;
import org.throughline.governance.signal.SignalKind;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What one person wants to be told of the signals that reach them. Without a row of their own a person has the
 * defaults: every kind, HIGH and above, at once, by e-mail.
 */
@Entity
@Table(name = "notification_preferences")
@Description("What a person is told of the signals about their items and the initiatives they watch. The defaults: "
        + "every kind, HIGH and above, IMMEDIATE, by e-mail.")
public class NotificationPreferences extends PanacheEntityBase {

    public static final Severity DEFAULT_MINIMUM_SEVERITY = Severity.HIGH;
    public static final NotificationDelivery DEFAULT_DELIVERY = NotificationDelivery.IMMEDIATE;

    @jakarta.persistence.Id
    @Ignore
    @Column(name = "person_id")
    public String personId;

    @Ignore
    @Column(name = "kinds")
    public String storedKinds;

    @NonNull
    @Description("Signals less severe than this are not told.")
    @Enumerated(EnumType.STRING)
    @Column(name = "minimum_severity")
    public Severity minimumSeverity = DEFAULT_MINIMUM_SEVERITY;

    @NonNull
    @Description("IMMEDIATE: one mail per signal as it is raised; DAILY_DIGEST: one mail a day with that day's "
            + "signals.")
    @Enumerated(EnumType.STRING)
    public NotificationDelivery delivery = DEFAULT_DELIVERY;

    @NonNull
    @Description("Whether the person is told by e-mail (the address the realm has for them).")
    public boolean email = true;

    @Description("When the person last changed them; null while they are the defaults.")
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @NonNull
    @Version
    @Description("A change may name the version it was based on; a stale one is refused.")
    public int version;

    /** The defaults, for a person who never chose. */
    public static NotificationPreferences defaults(String personId) {
        NotificationPreferences preferences = new NotificationPreferences();
        preferences.personId = personId;
        return preferences;
    }

    @NonNull
    @Description("The person these preferences belong to.")
    public Person getPerson() {
        return new Person(personId);
    }

    @NonNull
    @Description("The signal kinds told; every kind unless the person chose some.")
    public List<@NonNull SignalKind> getKinds() {
        return SignalKinds.read(storedKinds);
    }

    /** Whether this person is told of the signal by e-mail at all. */
    boolean wants(Signal signal) {
        return email && SignalKinds.passes(signal, storedKinds, minimumSeverity);
    }
}
