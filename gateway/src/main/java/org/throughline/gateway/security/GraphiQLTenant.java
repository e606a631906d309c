package org.throughline.gateway.security;

import io.quarkus.oidc.TenantResolver;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which OIDC tenant checks a request: GraphiQL's pages, and GraphiQL's own requests (they carry its session cookie
 * and no token), sign in through the browser code flow of tenant {@value #TENANT}; everything else is an API call
 * that must bring a bearer token (the default tenant).
 */
@ApplicationScoped
public class GraphiQLTenant implements TenantResolver {

    public static final String TENANT = "graphiql";
    private static final String SESSION_COOKIE = "q_session_" + TENANT;

    @Override
    public String resolve(RoutingContext context) {
        String path = context.request().path();
        if (path.startsWith("/graphql-ui") || path.equals("/graphiql")) {
            return TENANT;
        }
        if (path.equals("/graphql") && context.request().getHeader(HttpHeaders.AUTHORIZATION) == null
                && context.request().getCookie(SESSION_COOKIE) != null) {
            return TENANT;
        }
        return null;
    }
}
