package io.k0rdent.backup.controller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.ManagementRestoreSpec;
import io.k0rdent.backup.api.UpgradeBackupState;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.chart.Chart;
import io.k0rdent.backup.chart.RbacRules;
import io.k0rdent.backup.test.Events;
import io.k0rdent.backup.test.KcmFixture;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.TestClock;
import io.k0rdent.backup.test.VeleroSimulator;
import io.k0rdent.backup.webhook.UpgradeGateWebhook;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;

/**
 * The operator's events on the cluster-scoped objects it manages are where a real API server accepts them, in
 * {@code default}, and where {@code kubectl describe} looks: events of any namespace whose involved object has the
 * described object's name and uid. The chart's RBAC lets the operator write them there.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class EventsWhereKubectlFindsThemTest {

    static final String NS = "kcm-system";
    /** The Management's uid in the AdmissionReview fixture. */
    static final String FIXTURE_UID = "0c9e8a7e-3a1f-4b52-9d0e-6f2c8b1a4d11";

    @Inject
    KubernetesClient client;
    @Inject
    TestClock clock;

    VeleroSimulator velero;
    KcmFixture kcm;

    @BeforeEach
    void setUp() {
        clock.reset();
        velero = new VeleroSimulator(client, NS);
        kcm = new KcmFixture(client);
        velero.storageLocation("aws-s3", true, "Available");
    }

    @AfterEach
    void cleanUp() {
        kcm.deleteAll();
        client.resources(ManagementRestore.class).delete();
        client.resources(ManagementBackup.class).delete();
        client.resources(Backup.class).inNamespace(NS).delete();
        client.resources(BackupStorageLocation.class).inNamespace(NS).delete();
        Events.deleteAll(client, NS);
        await().until(() -> client.resources(ManagementBackup.class).list().getItems().isEmpty());
    }

    @Test
    void eventsOfAManagementBackupARestoreAndTheManagementAreInDefaultWhereDescribeFindsThem() {
        create(backup("broken", "61 * * * *", false));
        create(backup("nightly", "0 2 * * *", true));
        create(restoreOf("dr", "nightly"));
        kcm.management("kcm", "kcm-0-3-0", "kcm-0-2-0");

        HasMetadata broken = await().until(() -> mb("broken"), Objects::nonNull);
        HasMetadata restore = await().until(() -> client.resources(ManagementRestore.class).withName("dr").get(),
                Objects::nonNull);
        HasMetadata management = kcm.managements().withName("kcm").get();
        List<Event> ofBroken = awaitEvent(broken, "InvalidSchedule");
        List<Event> ofRestore = awaitEvent(restore, "NoCompletedBackup");
        List<Event> ofManagement = awaitEvent(management, "PreUpgradeBackupCreated");

        RbacRules rbac = RbacRules.of(Chart.render());
        for (List<Event> events : List.of(ofBroken, ofRestore, ofManagement)) {
            assertThat(events).allSatisfy(event -> {
                // a real API server refuses the event of an object without namespace anywhere but in default
                assertThat(event.getMetadata().getNamespace()).isEqualTo("default");
                assertThat(event.getInvolvedObject().getNamespace()).isNullOrEmpty();
                for (String verb : List.of("create", "patch")) {
                    assertThat(rbac.allows(new RbacRules.Attributes(verb, "", "events", event.getMetadata().getNamespace())))
                            .as("the chart's RBAC allows to %s events in %s", verb, event.getMetadata().getNamespace())
                            .isTrue();
                }
            });
        }
        assertThat(ofBroken).extracting(e -> e.getInvolvedObject().getKind()).containsOnly("ManagementBackup");
        assertThat(ofRestore).extracting(e -> e.getInvolvedObject().getKind()).containsOnly("ManagementRestore");
        assertThat(ofManagement).extracting(e -> e.getInvolvedObject().getKind()).containsOnly("Management");
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void anUpgradeHeldAgainAndAgainIsOneEventWithACount() {
        create(backup("nightly", "0 2 * * *", true));
        kcm.management("kcm", "kcm-0-2-0", "kcm-0-2-0");
        await().until(() -> mb("nightly"), m -> m != null && m.getStatus() != null);
        HasMetadata management = kcm.managements().withName("kcm").get();
        // the API server reviews the stored object, uid included
        String review = KcmFixture.review("UPDATE", "kcm-0-2-0", "kcm-0-3-0", "kcm-0-2-0", Map.of(), false)
                .replace(FIXTURE_UID, management.getMetadata().getUid());
        held(review);
        Backup backup = await().until(() -> client.resources(Backup.class).inNamespace(NS).withName("nightly-kcm-0-2-0")
                .get(), Objects::nonNull);
        velero.phase(backup.getMetadata().getName(), "InProgress");
        await().until(() -> mb("nightly-kcm-0-2-0"), m -> m.getStatus() != null && m.getStatus().getUpgradeBackup() != null
                && m.getStatus().getUpgradeBackup().getState() == UpgradeBackupState.ACTIVE);

        // kubectl retried by hand three times while the backup runs: the same denial each time
        held(review);
        held(review);
        held(review);

        await().untilAsserted(() -> assertThat(Events.about(client, management)).filteredOn(e -> "UpgradeHeld".equals(
                e.getReason()) && e.getMessage().contains("(Active)")).singleElement()
                .satisfies(e -> assertThat(e.getCount()).isEqualTo(3)));
    }

    /** What {@code kubectl describe} finds: events of any namespace about this object, by name and uid. */
    List<Event> awaitEvent(HasMetadata object, String reason) {
        return await().until(() -> Events.about(client, object),
                events -> events.stream().anyMatch(e -> reason.equals(e.getReason())));
    }

    void held(String review) {
        given().contentType(ContentType.JSON).body(review).when().post(UpgradeGateWebhook.PATH)
                .then().statusCode(200).body("response.allowed", equalTo(false));
    }

    static ManagementBackup backup(String name, String schedule, boolean beforeUpgrades) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule(schedule);
        spec.setPerformOnManagementUpgrade(beforeUpgrades);
        mb.setSpec(spec);
        return mb;
    }

    static ManagementRestore restoreOf(String name, String managementBackup) {
        ManagementRestore mr = new ManagementRestore();
        mr.getMetadata().setName(name);
        ManagementRestoreSpec spec = new ManagementRestoreSpec();
        spec.setFromManagementBackup(managementBackup);
        mr.setSpec(spec);
        return mr;
    }

    void create(HasMetadata object) {
        client.resource(object).create();
    }

    ManagementBackup mb(String name) {
        return client.resources(ManagementBackup.class).withName(name).get();
    }
}
