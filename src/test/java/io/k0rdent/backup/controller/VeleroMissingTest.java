package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Objects;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.VeleroSimulator;
import io.k0rdent.backup.velero.VeleroCache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** A cluster where Velero is installed only after the operator started. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.WithoutVelero.class)
class VeleroMissingTest {

    @Inject
    KubernetesClient client;
    @Inject
    VeleroCache velero;

    @Test
    void missingVeleroIsReportedAndBackupsStartOnceItIsInstalled() {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("early");
        client.resource(mb).create();

        ManagementBackup seen = await().until(() -> client.resources(ManagementBackup.class).withName("early").get(),
                m -> m.getStatus() != null && m.getStatus().getError() != null);
        assertThat(seen.getStatus().getError()).startsWith("Velero is not installed");
        Condition installed = seen.getStatus().getConditions().stream().filter(c -> "VeleroInstalled".equals(c.getType()))
                .findFirst().orElseThrow();
        assertThat(installed.getStatus()).isEqualTo("False");
        assertThat(seen.getStatus().getLastBackupName()).isNull();

        MockCluster.VELERO_CRDS.forEach(f -> MockCluster.createCrd(client, f));
        new VeleroSimulator(client, "kcm-system").storageLocation("default", true, "Available");
        velero.check();

        await().until(() -> client.resources(Backup.class).inNamespace("kcm-system").withName("early").get(), Objects::nonNull);
        await().until(() -> client.resources(ManagementBackup.class).withName("early").get(),
                m -> m.getStatus().getError() == null && "early".equals(m.getStatus().getLastBackupName()));
    }
}
