package org.throughline.governance.graphql;

import io.smallrye.graphql.api.Nullable;
import io.smallrye.graphql.api.federation.policy.Policy;
import io.smallrye.graphql.api.federation.policy.PolicyGroup;
import io.smallrye.graphql.api.federation.policy.PolicyItem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;
import org.throughline.governance.notify.NewWebhook;
import org.throughline.governance.notify.Notification;
import org.throughline.governance.notify.NotificationPreferences;
import org.throughline.governance.notify.NotificationPreferencesChanges;
import org.throughline.governance.notify.NotificationPreferencesService;
import org.throughline.governance.notify.RegisteredWebhook;
import org.throughline.governance.notify.WebhookAttempt;
import org.throughline.governance.notify.WebhookEndpoint;
import org.throughline.governance.notify.WebhookService;
import org.throughline.governance.reference.Initiative;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.Roles;

import java.util.List;

/**
 * Who is told of the signals: each person's preferences and watched initiatives, and the webhook endpoints a
 * governance-lead registers, with their delivery log.
 */
@GraphQLApi
public class NotificationsGraphQLApi {

    @Inject
    NotificationPreferencesService preferences;

    @Inject
    WebhookService webhooks;

    @Query("notificationPreferences")
    @Description("The caller's notification preferences, or, for a governance-lead, those of the person named.")
    public NotificationPreferences notificationPreferences(@Id String personId)
            throws RejectedInputException {
        return preferences.preferences(personId);
    }

    // Root queries are nullable, so that a failure nulls only its own field; @Nullable because SmallRye reads the
    // elements' @NonNull as the list's own.
    @Query("notifications")
    @Description("What the caller (or, for a governance-lead, the person named) was told by e-mail, the latest first, "
            + "with each delivery's state (first: 1 to 500, 50 when not given).")
    public @Nullable List<@NonNull Notification> notifications(@Id String personId, Integer first)
            throws RejectedInputException {
        return preferences.notifications(personId, first);
    }

    @Mutation("setNotificationPreferences")
    @Description("Changes the caller's own notification preferences; a field not given stays as it is.")
    public @NonNull NotificationPreferences setNotificationPreferences(
            @NonNull NotificationPreferencesChanges preferences) throws RejectedInputException {
        return this.preferences.change(preferences);
    }

    @Mutation("watchInitiative")
    @Description("The caller is told of every signal about the initiative (by their preferences), besides those about "
            + "the items they own; answers the initiatives they watch.")
    public @NonNull List<@NonNull Initiative> watchInitiative(@NonNull @Id String initiativeId)
            throws RejectedInputException {
        return preferences.watch(initiativeId);
    }

    @Mutation("unwatchInitiative")
    @Description("The caller stops watching the initiative; answers the initiatives they still watch.")
    public @NonNull List<@NonNull Initiative> unwatchInitiative(@NonNull @Id String initiativeId)
            throws RejectedInputException {
        return preferences.unwatch(initiativeId);
    }

    @Name("watching")
    @Description("The initiatives the person watches.")
    public List<@NonNull List<@NonNull Initiative>> watching(@Source List<NotificationPreferences> people) {
        return preferences.watched(people.stream().map(person -> person.personId).toList());
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("registerWebhook")
    @Description("Registers a webhook endpoint; the answer carries the generated signing secret, shown this once.")
    public @NonNull RegisteredWebhook registerWebhook(@NonNull NewWebhook webhook) throws RejectedInputException {
        return webhooks.register(webhook);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Query("webhooks")
    @Description("Every webhook endpoint, enabled or not, oldest first.")
    public @Nullable List<@NonNull WebhookEndpoint> webhooks() {
        return webhooks.endpoints();
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Query("webhookDeliveries")
    @Description("The delivery log of an endpoint, the latest first (first: 1 to 500, 50 when not given).")
    public @Nullable List<@NonNull Notification> webhookDeliveries(@NonNull @Id String endpointId, Integer first)
            throws RejectedInputException {
        return webhooks.deliveries(endpointId, first);
    }

    @Name("attemptLog")
    @Description("Every attempt to deliver it, oldest first.")
    public List<@NonNull List<@NonNull WebhookAttempt>> attemptLog(@Source List<Notification> deliveries) {
        return webhooks.attempts(deliveries);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("replayWebhookDelivery")
    @Description("Sends a delivery again, with its delivery id, marked as a replay in its body.")
    public @NonNull Notification replayWebhookDelivery(@NonNull @Id String deliveryId) throws RejectedInputException {
        return webhooks.replay(deliveryId);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("enableWebhook")
    @Description("Enables an endpoint again, its run of failures forgotten; its pending deliveries go out.")
    public @NonNull WebhookEndpoint enableWebhook(@NonNull @Id String id) throws RejectedInputException {
        return webhooks.enable(id);
    }

    @RolesAllowed(Roles.GOVERNANCE_LEAD)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.GOVERNANCE_LEAD))})
    @Mutation("disableWebhook")
    @Description("Disables an endpoint: nothing is posted to it, or planned for it, until it is enabled again.")
    public @NonNull WebhookEndpoint disableWebhook(@NonNull @Id String id, @NonNull String reason)
            throws RejectedInputException {
        return webhooks.disable(id, reason);
    }
}
