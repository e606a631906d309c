package org.throughline.launcher;

import java.net.URI;

/**
 * A platform with the demo scenario for the cockpit's tests, and the address of its cockpit: the realm's public
 * client throughline-web is told to let the page sign in at the test's port (the realm file names port 8080 only).
 */
final class CockpitSite {

    /** What a signed-in cockpit says once it shows an answer in full. */
    static final String LIVE = "Live: updated";

    private final Platform platform;

    private CockpitSite(Platform platform) {
        this.platform = platform;
    }

    /** The cockpit of a platform that runs with the demo loaded. */
    static CockpitSite on(Platform platform) {
        CockpitSite site = new CockpitSite(platform);
        RealmClients.allowRedirect(platform.keycloak().orElseThrow(), "throughline-web",
                site.url().replaceFirst("/cockpit/$", "/cockpit/*"));
        return site;
    }

    Platform platform() {
        return platform;
    }

    String url() {
        return URI.create(platform.gatewayUrl()).resolve("/cockpit/").toString();
    }
}
