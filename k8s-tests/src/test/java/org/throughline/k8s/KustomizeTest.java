package org.throughline.k8s;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KustomizeTest {

    @Test
    void withoutKubectlTheRenderingFailsNamingIt() {
        var kustomize = new Kustomize("kubectl-is-not-installed");
        var failure = assertThrows(IllegalStateException.class, () -> kustomize.render(Repository.overlay("prod")));
        assertTrue(failure.getMessage().contains("kubectl is required"), failure.getMessage());
    }

    @Test
    void aKustomizationThatDoesNotBuildFailsWithKubectlsReason() {
        var failure = assertThrows(IllegalStateException.class,
                () -> new Kustomize("kubectl").render(Repository.k8s().resolve("no-such-overlay")));
        assertTrue(failure.getMessage().contains("no-such-overlay"), failure.getMessage());
    }
}
