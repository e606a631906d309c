package org.throughline.governance.notify;

import io.quarkus.mailer.Mail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The mails people receive: one per signal episode, or one a day gathering that day's. Each has a Message-ID made
 * from its notification's (or digest's) id, the same on every retry, so that a mail sent again after a sender died
 * mid-send is recognised as the same message by the receiving side.
 */
@ApplicationScoped
public class NotificationMails {

    public static final String SIGNAL_HEADER = "X-Throughline-Signal";
    public static final String NOTIFICATION_HEADER = "X-Throughline-Notification";
    public static final String DIGEST_HEADER = "X-Throughline-Digest";

    @Inject
    NotificationConfig config;

    public String messageIdOfNotification(long id) {
        return "<notification-" + id + "@" + config.mail().messageIdDomain() + ">";
    }

    public String messageIdOfDigest(long id) {
        return "<digest-" + id + "@" + config.mail().messageIdDomain() + ">";
    }

    Mail single(long notificationId, String to, String reason, SignalNotice signal) {
        String why = "OWNER".equals(reason) ? "You are accountable for the item it is about."
                : "You watch the initiative it concerns.";
        String text = signal.message() + "\n\n"
                + "Signal " + signal.kind() + " (" + signal.severity() + "), raised " + signal.raisedAt() + "\n"
                + "About: " + signal.concerns() + "\n"
                + why + "\n\n"
                + "See it in the cockpit: " + config.linkBase() + "\n"
                + "You choose what you are told (kinds, minimum severity, daily digest, e-mail off) with the "
                + "mutation setNotificationPreferences of the GraphQL API.\n";
        return Mail.withText(to, "[Throughline] " + signal.severity() + " " + words(signal.kind()) + ": "
                        + shortened(signal.message()), text)
                .addHeader("Message-ID", messageIdOfNotification(notificationId))
                .addHeader(SIGNAL_HEADER, Long.toString(signal.signalId()))
                .addHeader(NOTIFICATION_HEADER, Long.toString(notificationId));
    }

    Mail digest(long digestId, String to, LocalDate day, List<SignalNotice> signals) {
        StringBuilder text = new StringBuilder("The signals raised on " + day + " about your items and the "
                + "initiatives you watch, most severe first:\n\n");
        signals.stream().sorted(java.util.Comparator.comparing((SignalNotice s) -> severityRank(s.severity()))
                        .thenComparing(SignalNotice::raisedAt))
                .forEach(signal -> text.append("- ").append(signal.severity()).append(' ').append(words(signal.kind()))
                        .append(" (").append(signal.concerns()).append("): ").append(signal.message()).append('\n'));
        text.append("\nSee them in the cockpit: ").append(config.linkBase()).append('\n')
                .append("You receive one mail a day because you chose the daily digest ")
                .append("(setNotificationPreferences).\n");
        return Mail.withText(to, "[Throughline] Your signals of " + day + ": " + signals.size() + " raised",
                        text.toString())
                .addHeader("Message-ID", messageIdOfDigest(digestId))
                .addHeader(DIGEST_HEADER, Long.toString(digestId))
                .addHeader(SIGNAL_HEADER, signals.stream().map(s -> Long.toString(s.signalId()))
                        .collect(Collectors.joining(",")));
    }

    private static int severityRank(String severity) {
        return org.throughline.governance.signal.Severity.valueOf(severity).ordinal();
    }

    /** PROGRESS_BIAS as "progress bias". */
    private static String words(String kind) {
        return kind.toLowerCase().replace('_', ' ');
    }

    private static String shortened(String message) {
        String flat = message.replaceAll("\\s+", " ");
        return flat.length() <= 100 ? flat : flat.substring(0, 99) + "…";
    }
}
