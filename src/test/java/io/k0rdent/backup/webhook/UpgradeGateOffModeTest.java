package io.k0rdent.backup.webhook;

import static io.k0rdent.backup.webhook.GateTestSupport.NS;
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
import io.k0rdent.backup.test.MockCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;

/** The upgrade gate switched off: every release change passes, and the gate starts nothing. */
@QuarkusTest
@TestProfile(UpgradeGateOffModeTest.GateOff.class)
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class UpgradeGateOffModeTest {

    /** {@code kcm-backup.upgrade.gate=off}. */
    public static class GateOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kcm-backup.upgrade.gate", "off");
        }
    }

    @Inject
    KubernetesClient client;

    GateTestSupport cluster;

    @BeforeEach
    void setUp() {
        cluster = new GateTestSupport(client);
        cluster.seedCluster();
    }

    @AfterEach
    void cleanUp() {
        cluster.cleanUp();
    }

    @Test
    void everyReleaseChangePassesAndTheGateStartsNothing() {
        JsonPath answer = upgrade("kcm-0-3-0", Map.of(), false);

        assertThat(answer.getBoolean("response.allowed")).isTrue();
        assertThat(answer.getString("response.status")).isNull();
        await().during(Duration.ofMillis(500)).until(() -> cluster.preUpgradeBackups().isEmpty());
        assertThat(cluster.kcm.managementEventReasons("kcm")).isEmpty();
    }

    @Test
    void theUpgradeWatchStillTakesTheBackupOnceTheReleaseChanged() {
        cluster.kcm.wantRelease("kcm", "kcm-0-3-0");

        cluster.awaitBackup(GateTestSupport.PRE);
        assertThat(cluster.preUpgradeBackups()).hasSize(1);
    }
}
