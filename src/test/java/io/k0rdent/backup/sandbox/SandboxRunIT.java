package io.k0rdent.backup.sandbox;

import static io.k0rdent.backup.test.OperatorProcess.freePort;
import static io.k0rdent.backup.test.OperatorProcess.status;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.k0rdent.backup.api.ManagementBackup;

/**
 * The README's run command without a cluster ({@code ./mvnw -Prun}, sandbox mode) on the packaged operator: it gets
 * ready, and the documented single backup is taken and seen Completed. Runs after {@code package} (failsafe).
 */
class SandboxRunIT {

    @Test
    void theSandboxOperatorGetsReadyAndTheDocumentedBackupCompletes() throws Exception {
        int port = freePort();
        try (Run.Sandbox sandbox = Run.startSandbox(Path.of("target", "sandbox-it"),
                Map.of("QUARKUS_HTTP_PORT", Integer.toString(port)))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .failFast("the operator exited", () -> !sandbox.operator().isAlive())
                    .until(() -> status(http, ready) == 200);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .failFast("the operator exited", () -> !sandbox.operator().isAlive())
                    .until(() -> completed(sandbox.cluster().client()
                            .resources(ManagementBackup.class).withName("example-backup").get()));
        }
    }

    private static boolean completed(ManagementBackup backup) {
        return backup != null && backup.getStatus() != null && backup.getStatus().getLastBackup() != null
                && "Completed".equals(backup.getStatus().getLastBackup().getPhase());
    }
}
