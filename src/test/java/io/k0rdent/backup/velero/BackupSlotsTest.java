package io.k0rdent.backup.velero;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;

class BackupSlotsTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "kcm-20250117180012, -,                    2025-01-17T18:00:12Z",
            "kcm-20250117180012, 2025-01-17T18:00:00Z, 2025-01-17T18:00:00Z",
            "kcm,                -,                    -",
            "kcm-kcm-0-2-0,      -,                    -",
            "kcm-2025011718001,  -,                    -",
            "kcm-20251317180012, -,                    -",
            "other-20250117180012, -,                  -",
            "kcm-custom,         2025-01-17T18:00:00Z, 2025-01-17T18:00:00Z" })
    void slotComesFromTheAnnotationOrTheName(String name, String annotation, String expected) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("kcm");
        Backup backup = new Backup();
        backup.getMetadata().setName(name);
        if (annotation != null) {
            backup.getMetadata().setAnnotations(Map.of(Labels.SLOT_ANNOTATION, annotation));
        }

        assertThat(BackupSlots.slotOf(mb, backup))
                .isEqualTo(Optional.ofNullable(expected).map(Instant::parse));
    }
}
