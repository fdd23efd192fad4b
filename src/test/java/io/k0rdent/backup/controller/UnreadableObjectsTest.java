package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.status.Conditions;
import io.k0rdent.backup.status.UnreadableStatus;
import io.k0rdent.backup.test.Events;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.Scrape;
import io.k0rdent.backup.test.TestClock;
import io.k0rdent.backup.test.VeleroSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * A ManagementBackup stored with a number its model cannot hold (as the API server stored it before the CRD bounded it)
 * is reported on itself and held, while every other object goes on being reconciled; once corrected it is backed up.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class UnreadableObjectsTest {

    static final String NS = "kcm-system";
    static final String MB = "k0rdent.mirantis.com/v1beta1";
    /** The ManagementBackup that stopped the watch of every ManagementBackup on a real API server. */
    static final String POISON = """
            {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementBackup","metadata":{"name":"poison"},
             "spec":{"retention":{"keepLast":1099511627776}}}
            """;

    @Inject
    KubernetesClient client;
    @Inject
    TestClock clock;

    @BeforeEach
    void setUp() {
        clock.reset();
        new VeleroSimulator(client, NS).storageLocation("default", true, "Available");
    }

    @AfterEach
    void cleanUp() {
        client.resources(ManagementBackup.class).delete();
        client.resources(ManagementRestore.class).delete();
        client.resources(Backup.class).inNamespace(NS).delete();
        client.resources(BackupStorageLocation.class).inNamespace(NS).delete();
        await().until(() -> client.resources(ManagementBackup.class).list().getItems().isEmpty());
    }

    @Test
    void aManagementBackupWithANumberPastItsModelIsHeldAndReportedWhileOthersAreBackedUp() {
        MockCluster.withEarlierOwnCrds(client, () -> create(POISON));
        create("""
                {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementBackup","metadata":{"name":"healthy"},"spec":{}}
                """);

        await().until(() -> backup("healthy").isPresent());
        // the event names the field and why; whether the status says it too depends on whether the API server lets a
        // status be written while the spec is invalid for the CRD (a 1.26 server does not: UnreadableAtStartTest)
        String message = await().until(() -> Events.about(client, "poison").stream()
                .filter(e -> UnreadableStatus.REASON.equals(e.getReason())).findFirst(), Optional::isPresent).get().getMessage();
        assertThat(message).contains("spec.retention.keepLast").contains("1099511627776")
                .contains("no scheduled or on-demand backups");
        ManagementBackup poison = client.resources(ManagementBackup.class).withName("poison").get();
        if (poison.getStatus() != null) {
            assertThat(poison.getStatus().getLastBackupName()).isNull();
            Conditions.find(poison.getStatus().getConditions(), UnreadableStatus.READABLE)
                    .ifPresent(readable -> assertThat(readable.getMessage()).contains("spec.retention.keepLast"));
        }
        assertThat(backup("poison")).isEmpty();
        Scrape scrape = Scrape.now();
        assertThat(scrape.value("kcm_backup_unreadable_found_total", "kind", "ManagementBackup").orElse(0))
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("kcm_backup_unreadable_objects", "kind", "ManagementBackup").orElse(0)).isEqualTo(1);

        // read again when it changes: corrected, it takes its backup and the condition goes
        client.genericKubernetesResources(MB, "ManagementBackup").withName("poison")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"retention\":{\"keepLast\":3}}}");
        await().until(() -> backup("poison").isPresent());
        await().until(() -> client.resources(ManagementBackup.class).withName("poison").get(),
                mb -> mb.getStatus() != null && "poison".equals(mb.getStatus().getLastBackupName())
                        && Conditions.find(mb.getStatus().getConditions(), UnreadableStatus.READABLE).isEmpty());
        assertThat(Scrape.now().value("kcm_backup_unreadable_objects", "kind", "ManagementBackup").orElse(-1)).isZero();
    }

    @Test
    void statusFieldsItCannotReadAreReportedAndRemovedAndTheRestOfTheStatusKept() {
        create("""
                {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementBackup","metadata":{"name":"newer"},"spec":{}}
                """);
        await().until(() -> backup("newer").isPresent());
        await().until(() -> client.resources(ManagementBackup.class).withName("newer").get(),
                mb -> mb.getStatus() != null && "newer".equals(mb.getStatus().getLastBackupName()));
        MockCluster.withEarlierOwnCrds(client, () -> {
            client.genericKubernetesResources(MB, "ManagementBackup").withName("newer").subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), """
                            {"status":{"lastBackupName":"newer","upgradeBackup":{"attempt":4294967296}}}""");
        });

        // reported, and removed: while it is there the API server refuses every status write
        await().until(() -> Events.about(client, "newer").stream().filter(e -> UnreadableStatus.REASON.equals(e.getReason()))
                .findFirst(), Optional::isPresent).ifPresent(event -> assertThat(event.getMessage())
                        .contains("status.upgradeBackup.attempt").contains("4294967296").contains("removed from the status"));
        GenericKubernetesResource stored = await().until(() -> client.genericKubernetesResources(MB, "ManagementBackup")
                .withName("newer").get(), mb -> mb.get("status", "upgradeBackup", "attempt") == null);
        assertThat((String) stored.get("status", "lastBackupName")).isEqualTo("newer");
        assertThat(Conditions.isTrue(client.resources(ManagementBackup.class).withName("newer").get().getStatus()
                .getConditions(), "Ready")).isTrue();
    }

    @Test
    void aManagementRestoreWhoseAttemptCannotBeReadIsReportedAndItsStatusWritableAgain() {
        client.genericKubernetesResources(MB, "ManagementRestore").resource(client.getKubernetesSerialization().unmarshal("""
                {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementRestore","metadata":{"name":"odd"},
                 "spec":{"backupName":"somewhere"}}""", GenericKubernetesResource.class)).create();
        await().until(() -> client.resources(ManagementRestore.class).withName("odd").get(), mr -> mr.getStatus() != null
                && mr.getStatus().getPhase() != null);
        MockCluster.withEarlierOwnCrds(client, () -> {
            client.genericKubernetesResources(MB, "ManagementRestore").withName("odd").subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"attempt\":-1e30}}");
        });

        await().until(() -> Events.reasons(client, "odd"), reasons -> reasons.contains(UnreadableStatus.REASON));
        await().until(() -> client.genericKubernetesResources(MB, "ManagementRestore").withName("odd").get(),
                mr -> mr.get("status", "attempt") == null);
    }

    @Test
    void theBoundedSchemaRefusesTheNumberAtApplyTime() {
        assertThatThrownBy(() -> create(POISON)).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(422);
            assertThat(e.getMessage()).contains("spec.retention.keepLast in body should be less than or equal to 10000");
        });
    }

    private void create(String json) {
        client.genericKubernetesResources(MB, "ManagementBackup")
                .resource(client.getKubernetesSerialization().unmarshal(json, GenericKubernetesResource.class)).create();
    }

    private Optional<Backup> backup(String name) {
        return Optional.ofNullable(client.resources(Backup.class).inNamespace(NS).withName(name).get());
    }

}
