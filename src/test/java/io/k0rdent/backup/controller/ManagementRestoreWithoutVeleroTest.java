package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.ManagementRestoreSpec;
import io.k0rdent.backup.api.RestorePhase;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.test.Events;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.RestoreSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** A cluster where Velero is installed only after the ManagementRestore was created. */
@QuarkusTest
@TestProfile(ManagementRestoreWithoutVeleroTest.FrequentVeleroCheck.class)
@WithKubernetesTestServer(crud = true, setup = MockCluster.WithoutVelero.class)
class ManagementRestoreWithoutVeleroTest {

    static final String NS = "kcm-system";

    /** Looks for Velero every second, so that the test sees it appear without waiting for the production interval. */
    public static class FrequentVeleroCheck implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kcm-backup.velero-check-interval", "1s");
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void aRestoreWaitsForVeleroAndStartsOnceItIsInstalled() {
        ManagementRestore mr = new ManagementRestore();
        mr.getMetadata().setName("early");
        ManagementRestoreSpec spec = new ManagementRestoreSpec();
        spec.setBackupName("kcm-20250117180012");
        mr.setSpec(spec);
        client.resource(mr).create();

        ManagementRestore pending = await().until(() -> client.resources(ManagementRestore.class).withName("early").get(),
                m -> m.getStatus() != null && m.getStatus().getError() != null);
        assertThat(pending.getStatus().getPhase()).isEqualTo(RestorePhase.Pending);
        assertThat(pending.getStatus().getError())
                .isEqualTo("Velero is not installed: the API velero.io/v1 (backups, restores) is not served");
        assertThat(pending.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getReason()).isEqualTo("VeleroNotInstalled");
        });
        await().until(() -> eventReasons("early").contains("VeleroNotInstalled"));
        await().during(Duration.ofMillis(1500)).until(() -> eventReasons("early").size() == 1);

        MockCluster.VELERO_CRDS.forEach(f -> MockCluster.createCrd(client, f));
        new RestoreSimulator(client, NS).backup("kcm-20250117180012", "kcm", "2025-01-17T18:00:12Z", List.of(), "Completed",
                "2025-01-17T18:00:18Z");

        await().atMost(Duration.ofSeconds(15))
                .until(() -> client.resources(Restore.class).inNamespace(NS).withName("early-1").get(), Objects::nonNull);
        ManagementRestore started = await().until(() -> client.resources(ManagementRestore.class).withName("early").get(),
                m -> m.getStatus().getPhase() == RestorePhase.InProgress);
        assertThat(started.getStatus().getError()).isNull();
    }

    List<String> eventReasons(String name) {
        return Events.reasons(client, name);
    }
}
