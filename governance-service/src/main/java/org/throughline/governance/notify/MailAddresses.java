package org.throughline.governance.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.throughline.subgraph.DirectoryUnavailableException;
import org.throughline.subgraph.People;

/**
 * A person's e-mail address: the one the realm (Keycloak) has for them. In the insecure quick start there is no
 * directory, so it is {@code <user id>@<insecure-domain>} (throughline.local unless configured), which the local
 * run's SMTP server keeps like any other.
 */
@ApplicationScoped
public class MailAddresses {

    @Inject
    People people;

    @Inject
    NotificationConfig config;

    /** A person the mail cannot go to, for a reason that retrying does not change. */
    public static final class NoAddressException extends Exception {
        NoAddressException(String message) {
            super(message);
        }
    }

    public String of(String personId) throws NoAddressException, DirectoryUnavailableException {
        if (!people.checking()) {
            return personId.contains("@") ? personId : personId + "@" + config.mail().insecureDomain();
        }
        People.Person person = people.find(personId)
                .orElseThrow(() -> new NoAddressException("the realm has no enabled user " + personId));
        if (person.email() == null) {
            throw new NoAddressException("the realm has no e-mail address for " + personId);
        }
        return person.email();
    }
}
