package io.k0rdent.backup.velero;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;

/** Tells the scheduled backups of a ManagementBackup from its single one, and the slot each was taken for. Pure. */
public final class BackupSlots {

    private static final int SLOT_DIGITS = 14;

    private BackupSlots() {
    }

    /**
     * The schedule slot of a scheduled backup of {@code mb}: the slot annotation, else the {@code <mb>-<yyyyMMddHHmmss>}
     * name (Velero keeps annotations when it syncs backups from storage, the name covers backups written without them).
     * Empty for single, on-demand backups.
     */
    public static Optional<Instant> slotOf(ManagementBackup mb, Backup backup) {
        Map<String, String> annotations = backup.getMetadata().getAnnotations();
        Optional<Instant> annotated = BackupDecider.parseTime(annotations == null ? null : annotations.get(Labels.SLOT_ANNOTATION));
        if (annotated.isPresent()) {
            return annotated;
        }
        String prefix = mb.getMetadata().getName() + "-";
        String name = backup.getMetadata().getName();
        if (!name.startsWith(prefix) || name.length() != prefix.length() + SLOT_DIGITS) {
            return Optional.empty();
        }
        String digits = name.substring(prefix.length());
        if (!digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(ManagementBackup.SLOT_FORMAT.parse(digits)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
