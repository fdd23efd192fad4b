package io.k0rdent.backup.webhook;

import static io.k0rdent.backup.webhook.GateTestSupport.NS;
import static io.k0rdent.backup.webhook.GateTestSupport.PRE;
import static io.k0rdent.backup.webhook.GateTestSupport.upgrade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.UpgradeBackupState;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.controller.Wakeups;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;

/** The upgrade gate in mode {@code success}: only a completed backup releases the upgrade, or the override annotation. */
@QuarkusTest
@TestProfile(UpgradeGateSuccessModeTest.SuccessGate.class)
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class UpgradeGateSuccessModeTest {

    /** {@code kcm-backup.upgrade.gate=success}. */
    public static class SuccessGate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kcm-backup.upgrade.gate", "success");
        }
    }

    @Inject
    KubernetesClient client;
    @Inject
    TestClock clock;
    @Inject
    Wakeups wakeups;

    GateTestSupport cluster;

    @BeforeEach
    void setUp() {
        clock.reset();
        cluster = new GateTestSupport(client);
        cluster.seedCluster();
    }

    @AfterEach
    void cleanUp() {
        cluster.cleanUp();
    }

    @Test
    void aFailedBackupHoldsTheUpgradeUntilARetrySucceedsOrTheUserOverrides() {
        assertThat(upgrade("kcm-0-3-0", Map.of(), false).getBoolean("response.allowed")).isFalse();
        cluster.awaitBackup(PRE);
        cluster.velero.setStatus(PRE, s -> {
            s.setPhase("Failed");
            s.setFailureReason("timed out waiting for the object storage");
        });
        cluster.awaitState(PRE, UpgradeBackupState.ERROR);

        JsonPath held = upgrade("kcm-0-3-0", Map.of(), false);
        assertThat(held.getBoolean("response.allowed")).isFalse();
        assertThat(held.getString("response.status.message"))
                .contains("have succeeded (upgrade gate mode success): " + PRE + " (Error: Velero backup " + PRE
                        + " ended Failed: timed out waiting for the object storage).")
                .contains("Retry a failed backup by annotating its ManagementBackup with " + Labels.RETRY_UPGRADE_BACKUP_ANNOTATION);

        JsonPath overridden = upgrade("kcm-0-3-0", Map.of(Labels.ALLOW_UPGRADE_WITHOUT_BACKUP_ANNOTATION, "true"), false);
        assertThat(overridden.getBoolean("response.allowed")).isTrue();
        assertThat(overridden.getList("response.warnings")).hasSize(1);

        cluster.retry(PRE, "1");
        await().until(() -> cluster.deletions.requests().size() == 1);
        cluster.deletions.process();
        await().until(() -> client.resources(Backup.class).inNamespace(NS).withName(PRE).get(),
                b -> b != null && "2".equals(b.getMetadata().getAnnotations().get(Labels.UPGRADE_BACKUP_ATTEMPT_ANNOTATION)));
        assertThat(upgrade("kcm-0-3-0", Map.of(), false).getBoolean("response.allowed")).isFalse();

        cluster.velero.complete(PRE, 78);
        cluster.awaitState(PRE, UpgradeBackupState.SUCCEEDED);
        assertThat(upgrade("kcm-0-3-0", Map.of(), false).getBoolean("response.allowed")).isTrue();
    }

    @Test
    void aTimedOutBackupHoldsTheUpgrade() {
        assertThat(upgrade("kcm-0-3-0", Map.of(), false).getBoolean("response.allowed")).isFalse();
        cluster.awaitState(PRE, UpgradeBackupState.STARTING);
        clock.step(Duration.ofHours(2));
        wakeups.wake(PRE);
        cluster.awaitState(PRE, UpgradeBackupState.TIMEOUT);

        JsonPath held = upgrade("kcm-0-3-0", Map.of(), false);
        assertThat(held.getBoolean("response.allowed")).isFalse();
        assertThat(held.getString("response.status.message")).contains(PRE + " (Timeout: no result within 1h");
    }
}
