package org.throughline.governance.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** How notifications are sent: schedules, retries, e-mail addresses and webhooks. */
@ConfigMapping(prefix = "throughline.governance.notify")
public interface NotificationConfig {

    /** How often due e-mails and webhooks are sent, such as {@code 5s}; {@code off} leaves it to direct calls. */
    @WithDefault("5s")
    String sendEvery();

    /** How often the digests of the days that ended are gathered; {@code off} leaves it to direct calls. */
    @WithDefault("15m")
    String digestEvery();

    /** The zone whose midnight ends a digest's day. */
    @WithDefault("UTC")
    ZoneId digestZone();

    /** At most this many deliveries are claimed by one round of a sender. */
    @WithDefault("50")
    int batchSize();

    /**
     * How long a claimed delivery is kept from other senders; one whose sender died is due again after it. Longer
     * than any one send may take (the mail and webhook timeouts).
     */
    @WithDefault("2m")
    Duration claimLease();

    /** The wait before the first retry; each further retry waits twice as long, up to {@link #maxBackoff()}. */
    @WithDefault("30s")
    Duration firstBackoff();

    @WithDefault("6h")
    Duration maxBackoff();

    /** Where the mails and webhooks point their readers, such as the cockpit's URL. */
    @WithDefault("http://localhost:8080/cockpit/")
    String linkBase();

    Mail mail();

    Webhooks webhooks();

    interface Mail {

        /** Attempts before an e-mail is given up (DEAD). */
        @WithDefault("8")
        int maxAttempts();

        /** The domain part of every Message-ID, which is stable per notification and digest. */
        @WithDefault("throughline.local")
        String messageIdDomain();

        /**
         * In the insecure quick start there is no directory to give a person's e-mail address: it is then
         * {@code <user id>@<this domain>}, the domain of the realm's demo users. Outside the quick start the realm's
         * address is the only one used.
         */
        @WithDefault("throughline.example")
        String insecureDomain();

        /** The longest one SMTP send may take. */
        @WithDefault("30s")
        Duration sendTimeout();
    }

    interface Webhooks {

        /** Attempts before one delivery is given up (DEAD). */
        @WithDefault("10")
        int maxAttempts();

        /** An endpoint is disabled after this many failed attempts in a row, across its deliveries. */
        @WithDefault("5")
        int disableAfter();

        /** Only https URLs unless this is true (tests and the local run, whose receivers are on this machine). */
        @WithDefault("false")
        boolean allowPlainHttp();

        /** The longest one delivery may take, connecting included. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * A directory whose files are secrets by name (a mounted Kubernetes Secret); a secret referenced by name is
         * looked for there first, then in the environment.
         */
        Optional<Path> secretsDirectory();
    }
}
