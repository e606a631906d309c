package org.throughline.gateway.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The HTTP permission policy {@value #NAME}: Quarkus' {@code authenticated}, except that an anonymous API call fails
 * its authentication instead of being denied, so that it is answered as every other 401 of the gateway is (with the
 * challenge and the GraphQL error of {@link Unauthenticated}) rather than with Quarkus' empty 401. GraphiQL's pages
 * are denied as before: Quarkus then sends the browser to Keycloak's sign-in.
 */
@ApplicationScoped
public class SignedIn implements HttpSecurityPolicy {

    public static final String NAME = "signed-in";

    private final GraphiQLTenant tenants;

    public SignedIn(GraphiQLTenant tenants) {
        this.tenants = tenants;
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
                                            AuthorizationRequestContext requestContext) {
        return identity.onItem().transformToUni(caller -> {
            if (!caller.isAnonymous()) {
                return CheckResult.permit();
            }
            if (GraphiQLTenant.TENANT.equals(tenants.resolve(request))) {
                return CheckResult.deny();
            }
            return Uni.createFrom().failure(Unauthenticated.noToken());
        });
    }

    @Override
    public String name() {
        return NAME;
    }
}
