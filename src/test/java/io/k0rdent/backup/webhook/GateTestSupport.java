package io.k0rdent.backup.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.UpgradeBackupState;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.test.Events;
import io.k0rdent.backup.test.KcmFixture;
import io.k0rdent.backup.test.VeleroDeletions;
import io.k0rdent.backup.test.VeleroSimulator;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** What the gate tests share: a cluster with the seed's flagged ManagementBackup and kcm, and a way to ask the gate. */
final class GateTestSupport {

    static final String NS = "kcm-system";
    static final String PRE = "example-backup-kcm-0-2-0";

    final KubernetesClient client;
    final KcmFixture kcm;
    final VeleroSimulator velero;
    final VeleroDeletions deletions;

    GateTestSupport(KubernetesClient client) {
        this.client = client;
        this.kcm = new KcmFixture(client);
        this.velero = new VeleroSimulator(client, NS);
        this.deletions = new VeleroDeletions(client, NS);
    }

    /** The seed's scheduled backup with performOnManagementUpgrade, and kcm with kcm-0-2-0 installed. */
    void seedCluster() {
        velero.storageLocation("aws-s3", true, "Available");
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("example-backup");
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule("0 */6 * * *");
        spec.setPerformOnManagementUpgrade(true);
        mb.setSpec(spec);
        client.resource(mb).create();
        kcm.management("kcm", "kcm-0-2-0", "kcm-0-2-0");
    }

    void cleanUp() {
        kcm.deleteAll();
        client.resources(ManagementBackup.class).delete();
        client.resources(Backup.class).inNamespace(NS).delete();
        deletions.deleteAll();
        client.resources(BackupStorageLocation.class).inNamespace(NS).delete();
        Events.deleteAll(client, NS);
        await().until(() -> client.resources(ManagementBackup.class).list().getItems().isEmpty());
    }

    /** Sends the API server's review of {@code kubectl patch management kcm} changing spec.release to {@code target}. */
    static JsonPath upgrade(String target, Map<String, String> annotations, boolean dryRun) {
        return post(KcmFixture.review("UPDATE", "kcm-0-2-0", target, "kcm-0-2-0", annotations, dryRun));
    }

    static JsonPath post(String review) {
        return given().contentType(ContentType.JSON).body(review).when().post(UpgradeGateWebhook.PATH)
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    ManagementBackup mb(String name) {
        return client.resources(ManagementBackup.class).withName(name).get();
    }

    void awaitState(String name, UpgradeBackupState state) {
        await().until(() -> mb(name), m -> m != null && m.getStatus() != null && m.getStatus().getUpgradeBackup() != null
                && m.getStatus().getUpgradeBackup().getState() == state);
    }

    Backup awaitBackup(String name) {
        return await().until(() -> client.resources(Backup.class).inNamespace(NS).withName(name).get(), Objects::nonNull);
    }

    List<ManagementBackup> preUpgradeBackups() {
        return client.resources(ManagementBackup.class).withLabel(Labels.RELEASE_BACKUP).list().getItems();
    }

    void retry(String name, String value) {
        client.resources(ManagementBackup.class).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"" + Labels.RETRY_UPGRADE_BACKUP_ANNOTATION + "\":\"" + value + "\"}}}");
    }
}
