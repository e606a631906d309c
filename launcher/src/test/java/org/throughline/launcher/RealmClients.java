package org.throughline.launcher;

import io.restassured.http.ContentType;
import org.throughline.testing.KeycloakServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Changes to the realm's clients that a test platform on free ports needs, made through Keycloak's admin API. */
final class RealmClients {

    private RealmClients() {
    }

    /** Lets {@code clientId} sign users in with a redirect to {@code redirect} (a test's gateway port). */
    static void allowRedirect(KeycloakServer keycloak, String clientId, String redirect) {
        String admin = "Bearer " + keycloak.adminToken();
        String clients = keycloak.url() + "/admin/realms/" + KeycloakServer.REALM + "/clients";
        String id = given().header("Authorization", admin).queryParam("clientId", clientId)
                .when().get(clients).then().statusCode(200).extract().path("[0].id");
        Map<String, Object> client = given().header("Authorization", admin).when().get(clients + "/" + id)
                .then().statusCode(200).extract().as(Map.class);
        @SuppressWarnings("unchecked")
        List<String> redirects = new ArrayList<>((List<String>) client.get("redirectUris"));
        redirects.add(redirect);
        client.put("redirectUris", redirects);
        given().header("Authorization", admin).contentType(ContentType.JSON).body(client)
                .when().put(clients + "/" + id).then().statusCode(204);
    }
}
