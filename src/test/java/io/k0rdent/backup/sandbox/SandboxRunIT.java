package io.k0rdent.backup.sandbox;

import static io.k0rdent.backup.test.OperatorProcess.freePort;
import static io.k0rdent.backup.test.OperatorProcess.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.RestorePhase;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.DeleteBackupRequest;

/**
 * The README's run command without a cluster ({@code ./mvnw -Prun}, sandbox mode) on the packaged operator: it gets
 * ready, the documented single backup is taken and seen Completed, the sandbox's ManagementRestore restores it, and
 * retention keeps only the newest backups of the frequent ManagementBackup. Runs after {@code package} (failsafe), on
 * the JVM build, or on the native executable when the build made one ({@code ./mvnw verify -Pnative}).
 */
class SandboxRunIT {

    @Test
    void theSandboxBacksUpRestoresAndKeepsTheNewestBackups() throws Exception {
        int port = freePort();
        // every 2 s instead of the run command's 30 s: retention has something to delete within seconds
        try (Run.Sandbox sandbox = Run.startSandbox(Path.of("target", "sandbox-it"), "@every 2s",
                Map.of("QUARKUS_HTTP_PORT", Integer.toString(port)))) {
            KubernetesClient client = sandbox.cluster().client();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .failFast("the operator exited", () -> !sandbox.operator().isAlive())
                    .until(() -> status(http, ready) == 200);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .failFast("the operator exited", () -> !sandbox.operator().isAlive())
                    .until(() -> completed(client.resources(ManagementBackup.class).withName("example-backup").get()));
            ManagementRestore restore = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> client.resources(ManagementRestore.class).withName(Run.RESTORE).get(),
                            r -> r.getStatus() != null && r.getStatus().getPhase() == RestorePhase.Completed);
            assertThat(restore.getStatus().getBackupName()).isEqualTo("example-backup");
            // the frequent ManagementBackup asked for deletions, the simulated Velero processed them, and only the
            // newest backups are left (one more may be in progress beside them)
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> client.resources(DeleteBackupRequest.class).inNamespace(SandboxCluster.NAMESPACE).list()
                            .getItems().stream().anyMatch(d -> d.getStatus() != null
                                    && "Processed".equals(d.getStatus().getPhase())));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> completedBackupsOf(client, Run.FREQUENT) <= Run.KEEP_LAST);
        }
    }

    private static long completedBackupsOf(KubernetesClient client, String owner) {
        return client.resources(Backup.class).inNamespace(SandboxCluster.NAMESPACE).withLabel(Labels.MANAGEMENT_BACKUP, owner)
                .list().getItems().stream()
                .filter(b -> b.getStatus() != null && "Completed".equals(b.getStatus().getPhase())).count();
    }

    private static boolean completed(ManagementBackup backup) {
        return backup != null && backup.getStatus() != null && backup.getStatus().getLastBackup() != null
                && "Completed".equals(backup.getStatus().getLastBackup().getPhase());
    }
}
