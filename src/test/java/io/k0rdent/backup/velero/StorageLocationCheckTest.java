package io.k0rdent.backup.velero;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.k0rdent.backup.api.velero.BackupStorageLocation;

class StorageLocationCheckTest {

    static BackupStorageLocation location(String name, boolean isDefault, String phase, String message) {
        BackupStorageLocation l = new BackupStorageLocation();
        l.getMetadata().setName(name);
        BackupStorageLocation.Spec spec = new BackupStorageLocation.Spec();
        spec.setDefaultLocation(isDefault);
        l.setSpec(spec);
        if (phase != null) {
            BackupStorageLocation.Status status = new BackupStorageLocation.Status();
            status.setPhase(phase);
            status.setMessage(message);
            l.setStatus(status);
        }
        return l;
    }

    @Test
    void aNamedLocationThatDoesNotExistBlocks() {
        StorageLocationCheck check = StorageLocationCheck.of("aws-s3", List.of(location("other", true, "Available", null)),
                "kcm-system");
        assertThat(check.blocking()).isTrue();
        assertThat(check.reason()).isEqualTo("NotFound");
        assertThat(check.message()).isEqualTo("BackupStorageLocation \"aws-s3\" not found in namespace kcm-system");
    }

    @Test
    void withoutANameVeleroNeedsADefaultLocation() {
        StorageLocationCheck check = StorageLocationCheck.of(null, List.of(location("other", false, "Available", null)),
                "kcm-system");
        assertThat(check.blocking()).isTrue();
        assertThat(check.reason()).isEqualTo("NoDefault");
        assertThat(StorageLocationCheck.of("", List.of(location("d", true, "Available", null)), "kcm-system").available())
                .isTrue();
    }

    @Test
    void anUnavailableLocationIsReportedButDoesNotBlock() {
        StorageLocationCheck check = StorageLocationCheck.of("aws-s3",
                List.of(location("aws-s3", false, "Unavailable", "bucket not found")), "kcm-system");
        assertThat(check.available()).isFalse();
        assertThat(check.blocking()).isFalse();
        assertThat(check.message()).isEqualTo("BackupStorageLocation \"aws-s3\" is Unavailable: bucket not found");
    }

    @Test
    void aLocationVeleroHasNotValidatedYetCountsAsAvailable() {
        StorageLocationCheck check = StorageLocationCheck.of("aws-s3", List.of(location("aws-s3", false, null, null)),
                "kcm-system");
        assertThat(check.available()).isTrue();
        assertThat(check.message()).contains("not yet validated");
    }
}
