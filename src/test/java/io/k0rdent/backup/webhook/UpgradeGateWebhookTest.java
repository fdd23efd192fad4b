package io.k0rdent.backup.webhook;

import static io.k0rdent.backup.webhook.GateTestSupport.PRE;
import static io.k0rdent.backup.webhook.GateTestSupport.NS;
import static io.k0rdent.backup.webhook.GateTestSupport.upgrade;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.UpgradeBackupState;
import io.k0rdent.backup.test.KcmFixture;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.TestClock;
import io.k0rdent.backup.upgrade.UpgradeStats;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The upgrade gate in its default mode, {@code completion}, answering real AdmissionReview JSON over HTTP. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class UpgradeGateWebhookTest {

    @Inject
    KubernetesClient client;
    @Inject
    TestClock clock;
    @Inject
    UpgradeStats stats;

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
    void aReleaseChangeIsHeldAndTheBackupStartedUntilItCompletes() {
        String review = KcmFixture.review("UPDATE", "kcm-0-2-0", "kcm-0-3-0", "kcm-0-2-0", Map.of(), false);
        String uid = JsonPath.from(review).getString("request.uid");

        JsonPath held = GateTestSupport.post(review);

        assertThat(held.getString("apiVersion")).isEqualTo("admission.k8s.io/v1");
        assertThat(held.getString("kind")).isEqualTo("AdmissionReview");
        assertThat(held.getString("response.uid")).isEqualTo(uid);
        assertThat(held.getBoolean("response.allowed")).isFalse();
        assertThat(held.getInt("response.status.code")).isEqualTo(403);
        assertThat(held.getString("response.status.message")).isEqualTo("upgrade of Management kcm from kcm-0-2-0 to "
                + "kcm-0-3-0 is held until its pre-upgrade backups have finished (upgrade gate mode completion): " + PRE
                + " (not started). The missing backups are being started now. Apply the change again when they are done, or "
                + "annotate the Management with k0rdent.mirantis.com/allow-upgrade-without-backup=true to upgrade without them.");
        assertThat(cluster.mb(PRE).getMetadata().getLabels()).containsEntry(Labels.RELEASE_BACKUP, "kcm-0-2-0");
        // events are written after the answer, off the admission request's path
        await().untilAsserted(() -> assertThat(cluster.kcm.managementEventReasons("kcm"))
                .containsExactlyInAnyOrder("PreUpgradeBackupCreated", "UpgradeHeld"));
        assertThat(stats.upgradeHeld()).isTrue();
        assertThat(stats.heldDecision().orElseThrow().message()).contains(PRE);

        cluster.awaitBackup(PRE);
        cluster.velero.phase(PRE, "InProgress");
        cluster.awaitState(PRE, UpgradeBackupState.ACTIVE);
        JsonPath stillHeld = upgrade("kcm-0-3-0", Map.of(), false);
        assertThat(stillHeld.getBoolean("response.allowed")).isFalse();
        assertThat(stillHeld.getString("response.status.message")).contains(PRE + " (Active)")
                .doesNotContain("being started");
        assertThat(cluster.preUpgradeBackups()).hasSize(1);

        cluster.velero.complete(PRE, 78);
        cluster.awaitState(PRE, UpgradeBackupState.SUCCEEDED);
        JsonPath released = upgrade("kcm-0-3-0", Map.of(), false);

        assertThat(released.getBoolean("response.allowed")).isTrue();
        assertThat(released.getString("response.status")).isNull();
        await().untilAsserted(() -> assertThat(cluster.kcm.managementEvents("kcm", "UpgradeReleased")).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).isEqualTo("upgrade of Management kcm from kcm-0-2-0 to kcm-0-3-0 "
                        + "released: pre-upgrade backups " + PRE + " (Succeeded)")));
        assertThat(stats.upgradeHeld()).isFalse();
        assertThat(stats.releasedTotal()).isPositive();
    }

    @Test
    void inCompletionModeAFailedBackupReleasesTheUpgradeAsKcmDoes() {
        assertThat(upgrade("kcm-0-3-0", Map.of(), false).getBoolean("response.allowed")).isFalse();
        cluster.awaitBackup(PRE);
        cluster.velero.setStatus(PRE, s -> {
            s.setPhase("FailedValidation");
            s.setValidationErrors(List.of("backup storage location 'default' not found"));
        });
        cluster.awaitState(PRE, UpgradeBackupState.ERROR);

        JsonPath released = upgrade("kcm-0-3-0", Map.of(), false);

        assertThat(released.getBoolean("response.allowed")).isTrue();
        await().untilAsserted(() -> assertThat(cluster.kcm.managementEvents("kcm", "UpgradeReleased")).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains(PRE + " (Error: Velero backup " + PRE
                        + " ended FailedValidation: backup storage location 'default' not found)")));
    }

    @Test
    void anUpdateThatKeepsTheReleaseIsAlwaysAllowedAndStartsNothing() {
        JsonPath answer = GateTestSupport.post(KcmFixture.review("UPDATE", "kcm-0-2-0", "kcm-0-2-0", "kcm-0-2-0",
                Map.of("team", "platform"), false));

        assertThat(answer.getBoolean("response.allowed")).isTrue();
        await().during(Duration.ofMillis(300)).until(() -> cluster.preUpgradeBackups().isEmpty());
        assertThat(cluster.kcm.managementEventReasons("kcm")).isEmpty();
    }

    @Test
    void aDryRunIsJudgedButStartsAndRecordsNothing() {
        JsonPath answer = upgrade("kcm-0-3-0", Map.of(), true);

        assertThat(answer.getBoolean("response.allowed")).isFalse();
        assertThat(answer.getString("response.status.message")).contains(PRE + " (not started)").doesNotContain("being started");
        await().during(Duration.ofMillis(300)).until(() -> cluster.preUpgradeBackups().isEmpty());
        assertThat(cluster.kcm.managementEventReasons("kcm")).isEmpty();
    }

    @Test
    void theOverrideAnnotationLetsTheUpgradeThroughWithAWarningAndStillStartsTheBackup() {
        JsonPath answer = upgrade("kcm-0-3-0", Map.of(Labels.ALLOW_UPGRADE_WITHOUT_BACKUP_ANNOTATION, "true"), false);

        assertThat(answer.getBoolean("response.allowed")).isTrue();
        assertThat(answer.getList("response.warnings", String.class)).containsExactly(
                "upgrading without finished pre-upgrade backups, as k0rdent.mirantis.com/allow-upgrade-without-backup asks");
        assertThat(cluster.mb(PRE)).isNotNull();
        await().until(() -> cluster.kcm.managementEventReasons("kcm").contains("UpgradeAllowedWithoutBackup"));
        assertThat(stats.overriddenTotal()).isPositive();
    }

    @Test
    void aFreshManagementWithNothingInstalledIsNotHeld() {
        JsonPath answer = GateTestSupport.post(KcmFixture.review("UPDATE", "kcm-0-2-0", "kcm-0-3-0", "", Map.of(), false));

        assertThat(answer.getBoolean("response.allowed")).isTrue();
        assertThat(cluster.preUpgradeBackups()).isEmpty();
    }

    @Test
    void operationsOtherThanUpdateAreAllowed() {
        JsonPath answer = GateTestSupport.post(KcmFixture.review("CREATE", "kcm-0-2-0", "kcm-0-3-0", "kcm-0-2-0", Map.of(),
                false));

        assertThat(answer.getBoolean("response.allowed")).isTrue();
        assertThat(cluster.preUpgradeBackups()).isEmpty();
    }

    @Test
    void somethingThatIsNoAdmissionReviewIsABadRequest() {
        given().contentType(ContentType.JSON).body("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}")
                .when().post(UpgradeGateWebhook.PATH).then().statusCode(400);
        given().contentType(ContentType.JSON).body("not json").when().post(UpgradeGateWebhook.PATH).then().statusCode(400);
    }
}
