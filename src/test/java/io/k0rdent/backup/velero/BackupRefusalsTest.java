package io.k0rdent.backup.velero;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.k0rdent.backup.api.BackupRefusal;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.kcm.KcmInventory.ClusterInUse;
import io.k0rdent.backup.test.VeleroSimulator;

class BackupRefusalsTest {

    static final Instant NOW = Instant.parse("2026-12-02T05:00:00.400Z");
    static final List<ClusterInUse> CLUSTERS = List.of(
            new ClusterInUse("kcm-system", "prod-eu-west-00001-aws-standalone", "aws-standalone-cp-1-0-0",
                    List.of("infrastructure-aws")));

    @ParameterizedTest(name = "{0} {1}: permanent={2}")
    @CsvSource(delimiter = '|', value = {
            "422|Backup.velero.io \"kcm\" is invalid: spec.ttl: Invalid value|true",
            "413|Request Entity Too Large|true",
            "500|etcdserver: request is too large|true",
            "500|Internal error occurred: etcdserver: leader changed|false",
            "503|the server is currently unable to handle the request|false",
            "504|Timeout: request did not complete within 60s|false",
            "409|Operation cannot be fulfilled: the object has been modified|false",
            "403|admission webhook denied the request|false",
            "429|Too many requests|false" })
    void onlyRefusalsThatRetryingCannotFixArePermanent(int code, String message, boolean permanent) {
        assertThat(BackupRefusals.isPermanent(code, message)).isEqualTo(permanent);
    }

    @Test
    void aServerRefusalSaysTheServersMessageOnce() {
        BackupRefusal refusal = BackupRefusals.refused("kcm", "etcdserver: request is too large", "abc", NOW);
        assertThat(refusal.getReason()).isEqualTo("BackupRefused");
        assertThat(refusal.getMessage()).isEqualTo("the API server refused Velero backup kcm: etcdserver: request is too large");
        assertThat(refusal.getRefusedAt()).isEqualTo("2026-12-02T05:00:00Z");
        assertThat(refusal.getInputs()).isEqualTo("abc");
    }

    @Test
    void aBackupThatFitsTheBudgetIsSent() {
        assertThat(BackupRefusals.predict("kcm", BackupRefusals.SIZE_BUDGET, 9_000, 18_003, "abc", NOW)).isEmpty();
    }

    @Test
    void aBackupOverTheBudgetIsNotSentAndTheRefusalGivesTheNumbers() {
        Optional<BackupRefusal> refusal = BackupRefusals.predict("kcm", BackupRefusals.SIZE_BUDGET + 1, 10_000, 20_003, "abc",
                NOW);
        assertThat(refusal).isPresent();
        assertThat(refusal.get().getReason()).isEqualTo("BackupTooLarge");
        assertThat(refusal.get().getMessage()).isEqualTo("Velero backup kcm not sent: it would be 1,507,329 bytes "
                + "(20,003 label selectors for 10,000 ClusterDeployments), over the 1,507,328 bytes that fit in etcd's "
                + "request limit of 1,572,864 bytes with room for what the API server adds");
    }

    @Test
    void theBudgetLeavesRoomUnderEtcdsLimit() {
        assertThat(BackupRefusals.SIZE_BUDGET).isLessThan(BackupRefusals.ETCD_REQUEST_LIMIT)
                .isGreaterThan(BackupRefusals.ETCD_REQUEST_LIMIT * 9 / 10);
    }

    @Test
    void aRefusalHoldsWhileItsInputsAreTheSame() {
        BackupRefusal recorded = BackupRefusals.refused("kcm", "invalid", "abc", NOW);
        BackupRefusal remembered = BackupRefusals.refused("kcm", "too large", "abd", NOW.plusSeconds(60));
        assertThat(BackupRefusals.stillRefused("abc", recorded, remembered)).contains(recorded);
        assertThat(BackupRefusals.stillRefused("abd", recorded, remembered)).contains(remembered);
        assertThat(BackupRefusals.stillRefused("abe", recorded, remembered)).isEmpty();
        assertThat(BackupRefusals.stillRefused("abc", null, null)).isEmpty();
    }

    @Test
    void theInputsAreTheSameForALaterSlotAndAnotherResourceVersionOfTheLocation() {
        String first = inputs(mb(), backup("kcm-20261202050000"), CLUSTERS, location("Available", "1"));
        assertThat(inputs(mb(), backup("kcm-20261202060000"), CLUSTERS, location("Available", "2"))).isEqualTo(first);
    }

    @Test
    void theInputsChangeWithTheSpecAnAnnotationTheClustersTheLocationOrTheBackupSpec() {
        String first = inputs(mb(), backup("kcm"), CLUSTERS, location("Available", "1"));

        ManagementBackup edited = mb();
        edited.getMetadata().setGeneration(4L);
        assertThat(inputs(edited, backup("kcm"), CLUSTERS, location("Available", "1"))).isNotEqualTo(first);

        ManagementBackup annotated = mb();
        annotated.getMetadata().setAnnotations(Map.of("k0rdent.mirantis.com/retry-upgrade-backup", "1"));
        assertThat(inputs(annotated, backup("kcm"), CLUSTERS, location("Available", "1"))).isNotEqualTo(first);

        List<ClusterInUse> more = new ArrayList<>(CLUSTERS);
        more.add(new ClusterInUse("kcm-system", "prod-eu-west-00002-aws-standalone", "aws-standalone-cp-1-0-0", List.of()));
        assertThat(inputs(mb(), backup("kcm"), more, location("Available", "1"))).isNotEqualTo(first);
        assertThat(inputs(mb(), backup("kcm"), List.of(), location("Available", "1"))).isNotEqualTo(first);

        assertThat(inputs(mb(), backup("kcm"), CLUSTERS, location("Unavailable", "1"))).isNotEqualTo(first);
        Optional<BackupStorageLocation> otherBucket = location("Available", "1");
        otherBucket.get().getSpec().setOther("objectStorage", Map.of("bucket", "elsewhere"));
        assertThat(inputs(mb(), backup("kcm"), CLUSTERS, otherBucket)).isNotEqualTo(first);
        assertThat(inputs(mb(), backup("kcm"), CLUSTERS, Optional.empty())).isNotEqualTo(first);

        Backup longer = backup("kcm");
        longer.getSpec().setTtl("240h");
        assertThat(inputs(mb(), longer, CLUSTERS, location("Available", "1"))).isNotEqualTo(first);
    }

    @Test
    void theSizeIsTheSerializedObject() {
        Backup small = backup("kcm");
        Backup named = backup("kcm-with-a-much-longer-name");
        assertThat(BackupRefusals.size(named) - BackupRefusals.size(small)).isEqualTo("-with-a-much-longer-name".length());
    }

    /**
     * Backups of ever more clusters, named as long as Kubernetes allows: wherever the estimate says a Backup surely fits,
     * its exact size is within the budget (the selection's own budget keeps every one of them far below it); a Backup
     * whose selectors alone come close to the limit is measured.
     */
    @Test
    void aBackupSaidToSurelyFitDoes() {
        List<ClusterInUse> clusters = new ArrayList<>();
        String longName = "m".repeat(253);
        for (int n = 0; n < 40_000; n += 500) {
            while (clusters.size() < n) {
                clusters.add(new ClusterInUse("namespace-" + clusters.size() % 7, "prod-eu-west-%05d-aws-standalone-with-a-long-name"
                        .formatted(clusters.size()), "aws-standalone-cp-1-0-" + clusters.size() % 3, List.of("infrastructure-aws")));
            }
            ManagementBackup mb = mb();
            mb.getMetadata().setName(longName);
            mb.getSpec().setStorageLocation(longName);
            BackupSelectors.Selection selection = BackupSelectors.of(clusters);
            List<String> providers = BackupSelectors.providers(clusters);
            Backup desired = BackupFactory.desired(mb, longName, "kcm-system", selection.selectors(), providers, "720h",
                    Instant.parse("2026-12-02T05:00:00Z"));
            int selectionBytes = BackupRefusals.bytesOf(selection.selectors(), providers);
            assertThat(BackupRefusals.surelyFits(selectionBytes, desired)).as("%d clusters", n).isTrue();
            assertThat(BackupRefusals.size(desired)).as("%d clusters", n).isLessThanOrEqualTo(BackupRefusals.SIZE_BUDGET);
        }
        Backup huge = backup("kcm");
        huge.getSpec().setOrLabelSelectors(List.of(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                .addToMatchLabels("k", "v".repeat(BackupRefusals.SIZE_BUDGET - BackupRefusals.REST_OF_BACKUP)).build()));
        assertThat(BackupRefusals.surelyFits(BackupRefusals.bytesOf(huge.getSpec().getOrLabelSelectors(), List.of()), huge))
                .isFalse();
    }

    static String inputs(ManagementBackup mb, Backup backup, List<ClusterInUse> clusters,
            Optional<BackupStorageLocation> location) {
        return BackupRefusals.inputs(mb, backup, clusters, location);
    }

    static ManagementBackup mb() {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("kcm");
        mb.getMetadata().setGeneration(3L);
        return mb;
    }

    static Backup backup(String name) {
        return BackupFactory.desired(mb(), name, "kcm-system", BackupSelectors.of(CLUSTERS).selectors(), BackupSelectors.providers(CLUSTERS),
                "720h", null);
    }

    static Optional<BackupStorageLocation> location(String phase, String resourceVersion) {
        BackupStorageLocation location = VeleroSimulator.location("aws-s3", "kcm-system", true, phase);
        location.getMetadata().setResourceVersion(resourceVersion);
        return Optional.of(location);
    }
}
