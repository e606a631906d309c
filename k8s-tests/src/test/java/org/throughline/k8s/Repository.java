package org.throughline.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the repository's pieces are that the tests read: k8s/, the applications' modules and their packaged builds. */
final class Repository {

    /** The four applications, named as their Maven modules, their Deployments and their images. */
    static final List<String> APPLICATIONS = List.of("gateway", "plan-service", "kpi-service", "governance-service");
    static final List<String> SUBGRAPHS = List.of("plan-service", "kpi-service", "governance-service");
    static final List<String> OVERLAYS = List.of("dev", "prod");

    private Repository() {
    }

    static Path root() {
        Path root = Path.of(System.getProperty("throughline.home", "..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("k8s"))) {
            throw new IllegalStateException("no k8s/ in " + root + ": run the tests from the repository's Maven build");
        }
        return root;
    }

    static Path k8s() {
        return root().resolve("k8s");
    }

    static Path overlay(String name) {
        return k8s().resolve("overlays").resolve(name);
    }

    static Path realmFile() {
        return k8s().resolve("base/keycloak/throughline-realm.json");
    }

    /** The packaged application (target/quarkus-app), which the Maven build makes before these tests run. */
    static Path quarkusApp(String application) {
        Path app = root().resolve(application).resolve("target/quarkus-app");
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app + " is missing: package the applications first (./mvnw -B verify "
                    + "builds them before this module)");
        }
        return app;
    }
}
