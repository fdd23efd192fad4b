package io.k0rdent.backup.controller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.status.Conditions;
import io.k0rdent.backup.status.UnreadableStatus;
import io.k0rdent.backup.test.Events;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.VeleroSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The operator starts, and becomes ready, with objects present that it cannot read whole: the ManagementBackup that made
 * it exit at start-up on a real API server, and one of its Velero Backups with counters past any Java integer.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = UnreadableAtStartTest.Poisoned.class)
class UnreadableAtStartTest {

    static final String NS = "kcm-system";

    /** A cluster that already holds the objects when the operator starts. */
    public static class Poisoned implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            new MockCluster().accept(server);
            KubernetesClient client = server.getClient();
            new VeleroSimulator(client, NS).storageLocation("default", true, "Available");
            MockCluster.withEarlierOwnCrds(client, () -> {
                create(client, """
                        {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementBackup","metadata":{"name":"poison"},
                         "spec":{"schedule":"@hourly","retention":{"keepLast":1099511627776}}}""");
                // readable, but past the maximum the installed CRD has now
                create(client, """
                        {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementBackup","metadata":{"name":"large"},
                         "spec":{"retention":{"keepLast":50000}}}""");
            });
            client.genericKubernetesResources("velero.io/v1", "Backup").inNamespace(NS).resource(client
                    .getKubernetesSerialization().unmarshal("""
                            {"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"poison-20261201000000","namespace":"kcm-system",
                              "labels":{"k0rdent.mirantis.com/management-backup":"poison"}},
                             "status":{"phase":"Completed","progress":{"totalItems":1e30,"itemsBackedUp":9223372036854775808}}}""",
                            GenericKubernetesResource.class)).create();
        }
    }

    static void create(KubernetesClient client, String json) {
        client.genericKubernetesResources("k0rdent.mirantis.com/v1beta1", "ManagementBackup")
                .resource(client.getKubernetesSerialization().unmarshal(json, GenericKubernetesResource.class)).create();
    }

    @Inject
    KubernetesClient client;

    @Test
    void theOperatorStartsReportsWhatItCannotReadAndBacksUpTheRest() {
        await().untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

        // the installed CRD refuses its keepLast, and this API server validates the whole object on a status write: the
        // event is what reports it
        String message = await().until(() -> Events.about(client, "poison").stream()
                .filter(e -> UnreadableStatus.REASON.equals(e.getReason())).findFirst(), Optional::isPresent).get().getMessage();
        assertThat(message).contains("spec.retention.keepLast").contains("1099511627776")
                .contains("Its status cannot be written meanwhile").contains("less than or equal to 10000");
        Object lastBackupName = client.genericKubernetesResources("k0rdent.mirantis.com/v1beta1", "ManagementBackup")
                .withName("poison").get().get("status", "lastBackupName");
        assertThat(lastBackupName).isNull();
        assertThat(client.resources(Backup.class).inNamespace(NS).list().getItems()).extracting(b -> b.getMetadata().getName())
                .doesNotContain("poison").allMatch(name -> !name.startsWith("poison-") || name.equals("poison-20261201000000"));

        // one the installed CRD no longer allows is backed up all the same; that its status cannot be written is an event
        await().until(() -> client.resources(Backup.class).inNamespace(NS).withName("large").get(), Objects::nonNull);
        await().until(() -> Events.reasons(client, "large"),
                reasons -> reasons.contains(ManagementBackupReconciler.INVALID_FOR_CRD));

        // a ManagementBackup created after start-up is backed up, and mirrors what it can read of its Backup
        client.genericKubernetesResources("k0rdent.mirantis.com/v1beta1", "ManagementBackup").resource(client
                .getKubernetesSerialization().unmarshal("""
                        {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementBackup","metadata":{"name":"fresh"},
                         "spec":{}}""", GenericKubernetesResource.class)).create();
        await().until(() -> client.resources(Backup.class).inNamespace(NS).withName("fresh").get(), Objects::nonNull);
        client.genericKubernetesResources("velero.io/v1", "Backup").inNamespace(NS).withName("fresh").patch(
                PatchContext.of(PatchType.JSON_MERGE), """
                        {"status":{"phase":"Completed","progress":{"totalItems":1e30,"itemsBackedUp":12}}}""");
        ManagementBackup fresh = await().until(() -> client.resources(ManagementBackup.class).withName("fresh").get(),
                mb -> mb.getStatus() != null && mb.getStatus().getLastBackup() != null
                        && "Completed".equals(mb.getStatus().getLastBackup().getPhase()));
        assertThat(fresh.getStatus().getLastBackup().getProgress().getItemsBackedUp()).isEqualTo(12);
        assertThat(fresh.getStatus().getLastBackup().getProgress().getTotalItems()).isNull();

        // the poison, corrected, takes part again
        client.genericKubernetesResources("k0rdent.mirantis.com/v1beta1", "ManagementBackup").withName("poison")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"retention\":{\"keepLast\":5}}}");
        await().until(() -> client.resources(ManagementBackup.class).withName("poison").get(),
                mb -> Conditions.find(mb.getStatus().getConditions(), UnreadableStatus.READABLE).isEmpty()
                        && Objects.nonNull(mb.getStatus().getNextAttempt()));
    }
}
