package io.k0rdent.backup.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubernetesNamesTest {

    @ParameterizedTest
    @CsvSource({ "kcm, 253, kcm", "example-backup-kcm-0-2-0, 253, example-backup-kcm-0-2-0", "abcdef, 6, abcdef" })
    void namesThatFitAreKept(String name, int max, String expected) {
        assertThat(KubernetesNames.bounded(name, max)).isEqualTo(expected);
    }

    @Test
    void longNamesAreCutAndEndInAHashOfTheFullName() {
        String longName = "a".repeat(300);
        String bounded = KubernetesNames.boundedName(longName);
        assertThat(bounded).hasSize(253).matches("a{244}-[0-9a-f]{8}");
    }

    @Test
    void twoLongNamesWithTheSamePrefixStayDistinct() {
        String prefix = "b".repeat(260);
        assertThat(KubernetesNames.boundedName(prefix + "-one")).isNotEqualTo(KubernetesNames.boundedName(prefix + "-two"));
    }

    @Test
    void labelValuesAreBoundedTo63AndEndAlphanumeric() {
        String value = "x".repeat(53) + "-" + "y".repeat(20);
        String bounded = KubernetesNames.boundedLabelValue(value);
        assertThat(bounded).hasSizeLessThanOrEqualTo(63).doesNotContain("--").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    void scheduledBackupIsNamedAfterItsSlotInUtc() {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("kcm");
        assertThat(mb.backupName(Instant.parse("2025-01-17T18:00:00Z"))).isEqualTo("kcm-20250117180000");
    }

    @Test
    void scheduledBackupNameOfAVeryLongObjectStaysValidAndSlotSpecific() {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("m".repeat(250));
        String first = mb.backupName(Instant.parse("2025-01-17T18:00:00Z"));
        String second = mb.backupName(Instant.parse("2025-01-18T00:00:00Z"));
        assertThat(first).hasSize(253);
        assertThat(first).isNotEqualTo(second);
    }
}
