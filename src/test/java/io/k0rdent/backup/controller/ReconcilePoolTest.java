package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Objects;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.test.MockCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** Reconciles run on the pool with a lane for Velero's progress, not on the operator framework's default pool. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class ReconcilePoolTest {

    @Inject
    KubernetesClient client;

    @AfterEach
    void cleanUp() {
        client.resources(ManagementBackup.class).delete();
    }

    @Test
    void aReconcileRunsOnAThreadOfTheTwoLanePool() {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("pool");
        mb.getSpec().setSchedule("@every 1h");
        client.resource(mb).create();
        await().until(() -> client.resources(ManagementBackup.class).withName("pool").get(),
                m -> m != null && m.getStatus() != null && Objects.nonNull(m.getStatus().getNextAttempt()));

        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(ReconcileQueue::isReconcileThread);
    }
}
