package org.throughline.kpi.graphql;

import io.smallrye.graphql.api.Nullable;
import io.smallrye.graphql.api.federation.policy.Policy;
import io.smallrye.graphql.api.federation.policy.PolicyGroup;
import io.smallrye.graphql.api.federation.policy.PolicyItem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.throughline.kpi.connector.Connector;
import org.throughline.kpi.connector.ConnectorRun;
import org.throughline.kpi.connector.ConnectorRunner;
import org.throughline.kpi.connector.ConnectorService;
import org.throughline.kpi.connector.NewHttpConnector;
import org.throughline.kpi.connector.NewSqlConnector;
import org.throughline.subgraph.CurrentUser;
import org.throughline.subgraph.RejectedInputException;
import org.throughline.subgraph.Roles;

import java.time.LocalDate;
import java.util.List;

/**
 * Connectors through GraphQL: integration admins define, run and backfill them; they and KPI stewards read them with
 * their health and runs. Translates between GraphQL and the connector services, nothing more.
 */
@GraphQLApi
public class ConnectorGraphQLApi {

    @Inject
    ConnectorService connectors;

    @Inject
    ConnectorRunner runner;

    @Inject
    CurrentUser user;

    @RolesAllowed({Roles.INTEGRATION_ADMIN, Roles.KPI_STEWARD})
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.INTEGRATION_ADMIN)), @PolicyGroup(@PolicyItem(Roles.KPI_STEWARD))})
    @Query("connectors")
    @Description("Every connector with its health and latest run, oldest first.")
    public @Nullable List<@NonNull Connector> connectors() {
        return connectors.connectors();
    }

    @RolesAllowed({Roles.INTEGRATION_ADMIN, Roles.KPI_STEWARD})
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.INTEGRATION_ADMIN)), @PolicyGroup(@PolicyItem(Roles.KPI_STEWARD))})
    @Query("connector")
    @Description("One connector by id; an unknown id is a connector-not-found error.")
    public Connector connector(@NonNull @Id String id) throws RejectedInputException {
        return connectors.connector(id);
    }

    @RolesAllowed({Roles.INTEGRATION_ADMIN, Roles.KPI_STEWARD})
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.INTEGRATION_ADMIN)), @PolicyGroup(@PolicyItem(Roles.KPI_STEWARD))})
    @Query("connectorRuns")
    @Description("A connector's kept runs, latest first (20 unless a limit up to 500 is given).")
    public @Nullable List<@NonNull ConnectorRun> connectorRuns(@NonNull @Id String connectorId, Integer limit)
            throws RejectedInputException {
        return connectors.runs(connectorId, limit);
    }

    @RolesAllowed(Roles.INTEGRATION_ADMIN)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.INTEGRATION_ADMIN))})
    @Mutation("defineSqlConnector")
    @Description("Defines a connector that runs one read-only SELECT over JDBC. Refused with connector-query-not-select, "
            + "connector-jdbc-url-refused, connector-name-taken, kpi-not-found or bad-input.")
    public @NonNull Connector defineSqlConnector(@NonNull @Name("connector") NewSqlConnector connector)
            throws RejectedInputException {
        return connectors.defineSql(connector);
    }

    @RolesAllowed(Roles.INTEGRATION_ADMIN)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.INTEGRATION_ADMIN))})
    @Mutation("defineHttpConnector")
    @Description("Defines a connector that reads a JSON API. Refused with connector-url-invalid, "
            + "connector-mapping-invalid, connector-name-taken, kpi-not-found or bad-input.")
    public @NonNull Connector defineHttpConnector(@NonNull @Name("connector") NewHttpConnector connector)
            throws RejectedInputException {
        return connectors.defineHttp(connector);
    }

    @RolesAllowed(Roles.INTEGRATION_ADMIN)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.INTEGRATION_ADMIN))})
    @Mutation("setConnectorEnabled")
    @Description("Starts or stops a connector's scheduled runs; runConnector and backfillConnector work either way.")
    public @NonNull Connector setConnectorEnabled(@NonNull @Id String id, boolean enabled)
            throws RejectedInputException {
        return connectors.setEnabled(id, enabled);
    }

    @RolesAllowed(Roles.INTEGRATION_ADMIN)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.INTEGRATION_ADMIN))})
    @Mutation("runConnector")
    @Description("Runs a connector now, from its watermark to today. A run that fails or is refused is answered (and "
            + "kept) with outcome FAILED or REJECTED and why; a dry run records nothing and lists what a run would. "
            + "connector-busy while the connector runs elsewhere.")
    public @NonNull ConnectorRun runConnector(@NonNull @Id String id, @DefaultValue("false") boolean dryRun)
            throws RejectedInputException {
        return runner.runNow(id, dryRun, user.id());
    }

    @RolesAllowed(Roles.INTEGRATION_ADMIN)
    @Policy(policies = {@PolicyGroup(@PolicyItem(Roles.INTEGRATION_ADMIN))})
    @Mutation("backfillConnector")
    @Description("Pulls the business days from..to (at most ten years) in one run, all or nothing; days the source "
            + "restates are recorded as corrections. The watermark only moves forward.")
    public @NonNull ConnectorRun backfillConnector(@NonNull @Id String id, @NonNull LocalDate from,
                                                   @NonNull LocalDate to, @DefaultValue("false") boolean dryRun)
            throws RejectedInputException {
        return runner.backfill(id, from, to, dryRun, user.id());
    }
}
