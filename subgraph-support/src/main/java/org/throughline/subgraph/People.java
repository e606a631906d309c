package org.throughline.subgraph;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.ManagedContext;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The people of the realm: every owner, steward, signer or decider a client names must be a user of the
 * {@code throughline} realm, looked up through the Keycloak admin client under the directory's service account
 * (view-users only). What Keycloak answered is kept a short while, so that a spreadsheet with a thousand rows and
 * five owners asks five times. In the insecure quick start there is no directory: any well-formed id passes.
 */
@ApplicationScoped
@Unremovable // looked up from Inputs, a static helper, not injected
public class People {

    /**
     * The one user id that names nobody on purpose: an item whose owner left and has no successor yet, as migrations
     * and departures leave them. It is accepted, and governance raises OWNERLESS on every item that carries it.
     */
    public static final String UNASSIGNED = "unassigned";

    /** What {@code person(id:)} answers, in every subgraph that adds to Person alike. */
    public static final String PERSON_QUERY = "A person by user id, with what they are accountable for. Ids are matched "
            + "as Keycloak matches usernames, without regard to case: \"CFO\" is the cfo, and the id answered is the "
            + "canonical lower-case one. An id that names nobody of the realm is an unknown-person error, never an "
            + "empty person (in the insecure quick start there is no realm to ask, and any well-formed id answers).";

    /** A person as the realm knows them; {@code email} is null when the realm has no address for them. */
    public record Person(String id, String displayName, String email) {
    }

    private static final Logger LOG = Logger.getLogger(People.class);
    private static final Duration KNOWN_FOR = Duration.ofMinutes(5);
    private static final Duration UNKNOWN_FOR = Duration.ofSeconds(30);
    private static final int CACHED_AT_MOST = 10_000;

    private record Answer(Optional<Person> person, long until) {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    @Inject
    Instance<Keycloak> keycloak;

    @ConfigProperty(name = "throughline.security.insecure", defaultValue = "false")
    boolean insecure;

    @ConfigProperty(name = "throughline.keycloak.realm", defaultValue = "throughline")
    String realm;

    /**
     * The person with this user id, in any case ({@code IT-Lead} finds it-lead, as Keycloak matches usernames), if
     * the realm has them (enabled); empty in the insecure quick start.
     */
    public Optional<Person> find(String id) throws DirectoryUnavailableException {
        return find("id", id);
    }

    Optional<Person> find(String field, String given) throws DirectoryUnavailableException {
        if (insecure) {
            return Optional.empty();
        }
        String id = Inputs.canonicalUserId(given);
        Answer cached = answers.get(id);
        if (cached != null && cached.until() > System.currentTimeMillis()) {
            return cached.person();
        }
        Optional<Person> person;
        // The admin client is request scoped; a lookup from a thread of the application's own (the notification
        // sender) opens a request context for the call, as one from a GraphQL request already has.
        ManagedContext requestContext = Arc.container().requestContext();
        boolean opened = !requestContext.isActive();
        if (opened) {
            requestContext.activate();
        }
        try {
            List<UserRepresentation> users = keycloak.get().realm(realm).users().searchByUsername(id, true);
            person = users.stream().filter(user -> Boolean.TRUE.equals(user.isEnabled())).findFirst()
                    .map(user -> new Person(user.getUsername(), displayName(user), email(user)));
        } catch (RuntimeException e) {
            LOG.warnf("The realm's directory could not say who %s is: %s", id, e);
            throw new DirectoryUnavailableException(field, e);
        } finally {
            if (opened) {
                requestContext.terminate();
            }
        }
        if (answers.size() >= CACHED_AT_MOST) {
            answers.clear();
        }
        answers.put(id, new Answer(person, System.currentTimeMillis()
                + (person.isPresent() ? KNOWN_FOR : UNKNOWN_FOR).toMillis()));
        return person;
    }

    /** The name the realm shows for the user ("Farid Okafor"), or null for an id the realm does not know. */
    public String displayName(String id) throws DirectoryUnavailableException {
        return find(id).map(Person::displayName).orElse(null);
    }

    /** Whether ids are checked against the realm (not in the insecure quick start). */
    public boolean checking() {
        return !insecure;
    }

    /**
     * Refuses an id that names nobody of the realm. Called by {@link Inputs#userId}; outside a running application
     * (unit tests of the helpers) there is no directory to ask.
     */
    static void requireKnown(String field, String id) throws BadInputException {
        ArcContainer container = Arc.container();
        if (container == null || !container.isRunning()) {
            return;
        }
        People people = container.instance(People.class).get();
        if (people.checking() && !UNASSIGNED.equals(id) && people.find(field, id).isEmpty()) {
            throw new UnknownPersonException(field, id);
        }
    }

    private static String email(UserRepresentation user) {
        return user.getEmail() == null || user.getEmail().isBlank() ? null : user.getEmail().strip();
    }

    private static String displayName(UserRepresentation user) {
        String name = ((user.getFirstName() == null ? "" : user.getFirstName()) + " "
                + (user.getLastName() == null ? "" : user.getLastName())).strip();
        return name.isEmpty() ? user.getUsername() : name;
    }
}
