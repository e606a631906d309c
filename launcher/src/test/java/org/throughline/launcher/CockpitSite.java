package org.throughline.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;

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
            RealmClients.allowRedirect(platform.keycloak().orElseThrow(), "throughline-web",
                    site.url().replaceFirst("/cockpit/$", "/cockpit/*"));
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

    @Override
    public void close() {
        platform.close();
    }
}
