package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.ManagementRestoreSpec;

class ReconcileCopiesTest {

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    @Test
    void aManagementBackupsCopyHasMetadataOfItsOwnAndSharesSpecAndStatus() {
        ManagementBackup cached = managementBackup("daily");
        ReconcileCopies copies = new ReconcileCopies(serialization, false);

        ManagementBackup copy = copies.clone(cached);

        assertThat(copy).isNotSameAs(cached).isEqualTo(cached);
        assertThat(copy.getMetadata()).isNotSameAs(cached.getMetadata()).isEqualTo(cached.getMetadata());
        assertThat(copy.getSpec()).isSameAs(cached.getSpec());
        assertThat(copy.getStatus()).isSameAs(cached.getStatus());
        // what a reconcile and the client do to their copy stays there
        copy.getMetadata().setResourceVersion("8");
        copy.getMetadata().getLabels().put("changed", "yes");
        copy.setStatus(new ManagementBackupStatus());
        assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(cached.getMetadata().getLabels()).doesNotContainKey("changed");
        assertThat(cached.getStatus().getLastBackupName()).isEqualTo("daily-20261203120000");
    }

    @Test
    void aManagementRestoresCopySharesSpecAndStatusToo() {
        ManagementRestore cached = new ManagementRestore();
        cached.setMetadata(new ObjectMetaBuilder().withName("back").withResourceVersion("3").build());
        ManagementRestoreSpec spec = new ManagementRestoreSpec();
        cached.setSpec(spec);

        ManagementRestore copy = new ReconcileCopies(serialization, false).clone(cached);

        assertThat(copy).isNotSameAs(cached).isEqualTo(cached);
        assertThat(copy.getMetadata()).isNotSameAs(cached.getMetadata());
        assertThat(copy.getSpec()).isSameAs(spec);
    }

    @Test
    void anyOtherKindIsCopiedWhole() {
        ConfigMap cached = new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .withData(Map.of("k", "v")).build();

        ConfigMap copy = new ReconcileCopies(serialization, false).clone(cached);

        assertThat(copy).isNotSameAs(cached).isEqualTo(cached);
        assertThat(copy.getData()).isNotSameAs(cached.getData());
    }

    @Test
    void theCheckReportsACachedStatusChangedAfterItWasCopiedAndFailsTheNextCopy() {
        ReconcileCopies copies = new ReconcileCopies(serialization, true);
        ManagementBackup cached = managementBackup("daily");
        ManagementBackup other = managementBackup("hourly");

        ManagementBackup copy = copies.clone(cached);
        copies.clone(other);
        assertThat(copies.takeMutations()).isEmpty();
        // the mistake the check is there for: changing the shared status instead of setting a new one
        copy.getStatus().setLastBackupName("daily-20261203130000");

        assertThatThrownBy(() -> copies.clone(other)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ManagementBackup daily changed in the cache after it was copied for a reconcile");
        assertThat(copies.takeMutations()).singleElement().asString().contains("daily-20261203130000");
        // reported once, then checking goes on
        assertThat(copies.clone(other)).isEqualTo(other);
        assertThat(copies.takeMutations()).isEmpty();
    }

    @Test
    void anObjectCopiedForSeveralReconcilesIsReportedOnceWhenItChanges() {
        ReconcileCopies copies = new ReconcileCopies(serialization, true);
        ManagementBackup cached = managementBackup("daily");
        copies.clone(cached);
        ManagementBackup copy = copies.clone(cached);
        copy.getStatus().setLastBackupName("daily-20261203130000");

        assertThatThrownBy(() -> copies.clone(managementBackup("hourly"))).isInstanceOf(IllegalStateException.class);
        assertThat(copies.takeMutations()).hasSize(1);
    }

    @Test
    void theCheckIsOffUnlessAskedFor() {
        ReconcileCopies copies = new ReconcileCopies(serialization, false);
        ManagementBackup cached = managementBackup("daily");
        copies.clone(cached).getStatus().setLastBackupName("changed");

        assertThat(copies.clone(cached)).isNotNull();
        assertThat(copies.takeMutations()).isEmpty();
    }

    private static ManagementBackup managementBackup(String name) {
        ManagementBackup mb = new ManagementBackup();
        mb.setMetadata(new ObjectMetaBuilder().withName(name).withResourceVersion("7").withGeneration(1L)
                .withLabels(new java.util.HashMap<>(Map.of("k0rdent.mirantis.com/component", "kcm"))).build());
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule("@hourly");
        mb.setSpec(spec);
        ManagementBackupStatus status = new ManagementBackupStatus();
        status.setLastBackupName(name + "-20261203120000");
        mb.setStatus(status);
        return mb;
    }
}
