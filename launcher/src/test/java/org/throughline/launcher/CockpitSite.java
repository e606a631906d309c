package org.throughline.launcher;

import io.restassured.http.ContentType;
import org.throughline.testing.KeycloakServer;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * A platform with the demo scenario for the cockpit's tests, and the address of its cockpit: the realm's public
 * client throughline-web is told to let the page sign in at the test's port (the realm file names port 8080 only).
 */
final class CockpitSite implements AutoCloseable {

    /** What a signed-in cockpit says once it shows an answer in full. */
    static final String LIVE = "Live: updated";

    private final Platform platform;

    private CockpitSite(Platform platform) {
        this.platform = platform;
    }

    static CockpitSite start(String logs) {
        Path home = Path.of(System.getProperty("throughline.home", "..")).toAbsolutePath().normalize();
        Platform platform = new Platform(home, Platform.Ports.free(), null, Path.of("target", logs)).start();
        try {
            new DemoData(platform, LocalDate.now()).loadUnlessPresent();
            CockpitSite site = new CockpitSite(platform);
            site.allowSignInAt(site.url().replaceFirst("/cockpit/$", "/cockpit/*"));
            return site;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    Platform platform() {
        return platform;
    }

    String url() {
        return URI.create(platform.gatewayUrl()).resolve("/cockpit/").toString();
    }

    private void allowSignInAt(String redirect) {
        KeycloakServer keycloak = platform.keycloak().orElseThrow();
        String admin = "Bearer " + keycloak.adminToken();
        String clients = keycloak.url() + "/admin/realms/" + KeycloakServer.REALM + "/clients";
        String id = given().header("Authorization", admin).queryParam("clientId", "throughline-web")
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

    @Override
    public void close() {
        platform.close();
    }
}
