package io.k0rdent.backup.velero;

import java.util.List;
import java.util.Optional;

import io.k0rdent.backup.api.velero.BackupStorageLocation;

/**
 * Whether the storage location a ManagementBackup names (or Velero's default) can take a backup. A missing location
 * blocks new backups: Velero would only fail them with {@code FailedValidation}. An unavailable one is reported but
 * does not block, since Velero retries the location itself and it may recover before the backup starts.
 */
public record StorageLocationCheck(boolean available, boolean blocking, String reason, String message) {

    public static StorageLocationCheck of(String requested, List<BackupStorageLocation> locations, String namespace) {
        boolean named = requested != null && !requested.isBlank();
        Optional<BackupStorageLocation> location = find(requested, locations);
        if (location.isEmpty()) {
            return named
                    ? new StorageLocationCheck(false, true, "NotFound", "BackupStorageLocation \"" + requested
                            + "\" not found in namespace " + namespace)
                    : new StorageLocationCheck(false, true, "NoDefault", "no default BackupStorageLocation in namespace "
                            + namespace + ": set spec.storageLocation or mark a location with spec.default: true");
        }
        BackupStorageLocation found = location.get();
        String name = found.getMetadata().getName();
        if (found.isUnavailable()) {
            String detail = found.getStatus().getMessage();
            return new StorageLocationCheck(false, false, "Unavailable", "BackupStorageLocation \"" + name
                    + "\" is Unavailable" + (detail == null || detail.isBlank() ? "" : ": " + detail));
        }
        return new StorageLocationCheck(true, false, "Available", "BackupStorageLocation \"" + name + "\" is "
                + (found.getStatus() == null || found.getStatus().getPhase() == null ? "not yet validated by Velero"
                        : found.getStatus().getPhase()));
    }

    /** The location named {@code requested}, or Velero's default when none is named. */
    public static Optional<BackupStorageLocation> find(String requested, List<BackupStorageLocation> locations) {
        boolean named = requested != null && !requested.isBlank();
        return named ? locations.stream().filter(l -> requested.equals(l.getMetadata().getName())).findFirst()
                : locations.stream().filter(BackupStorageLocation::isDefault).findFirst();
    }
}
