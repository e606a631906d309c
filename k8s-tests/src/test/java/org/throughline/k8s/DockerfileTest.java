package org.throughline.k8s;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each application's image definition packages the fast-jar layout its build makes, on Java 17, as the unprivileged
 * user its pods run as, listening on the port the Deployment names.
 */
class DockerfileTest {

    @ParameterizedTest
    @ValueSource(strings = {"gateway", "plan-service", "kpi-service", "governance-service"})
    void theImageRunsTheFastJarAsTheDeploymentsUser(String application) throws IOException {
        Path dockerfile = Repository.root().resolve(application + "/src/main/docker/Dockerfile.jvm");
        List<String> lines = Files.readAllLines(dockerfile).stream().filter(line -> !line.startsWith("#"))
                .filter(line -> !line.isBlank()).toList();
        assertTrue(lines.get(0).matches("FROM (eclipse-temurin:17[\\w.\\-]*-jre[\\w.\\-]*"
                + "|registry\\.access\\.redhat\\.com/ubi\\d/openjdk-17-runtime:[\\w.\\-]+)"), lines.get(0));
        Path quarkusApp = Repository.quarkusApp(application);
        for (String part : List.of("lib/", "*.jar", "app/", "quarkus/")) {
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("COPY target/quarkus-app/" + part + " ")),
                    "copies target/quarkus-app/" + part);
        }
        assertTrue(Files.isDirectory(quarkusApp.resolve("lib/main")), "the build makes the fast-jar layout");
        String user = WorkloadTest.pod(Kustomize.overlay("prod"), application).path("securityContext")
                .path("runAsUser").asText();
        assertTrue(lines.contains("USER " + user), "runs as uid " + user + ", as the pod does");
        assertTrue(lines.contains("EXPOSE " + WorkloadTest.httpPort(application)));
        assertEquals("ENTRYPOINT [\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]", lines.get(lines.size() - 1));
    }
}
