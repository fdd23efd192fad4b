package io.k0rdent.backup.upgrade;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.k0rdent.backup.api.KubernetesNames;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.UpgradeBackupState;

/**
 * Which ManagementBackups are taken before an upgrade, under which name, and what they look like. Pure: kcm's naming
 * ({@code <scheduled backup>-<release before the upgrade>}) decided in one place, for the watch and the gate alike.
 */
public final class PreUpgradeBackups {

    private PreUpgradeBackups() {
    }

    /** A scheduled ManagementBackup that asks for a backup before every kcm upgrade. */
    public static boolean performsOnUpgrade(ManagementBackup mb) {
        return mb.getSpec() != null && mb.getSpec().isScheduled() && mb.getSpec().backsUpBeforeUpgrade();
    }

    /** A single backup taken before an upgrade: it carries the release label and no schedule. */
    public static boolean isPreUpgradeBackup(ManagementBackup mb) {
        return release(mb).isPresent() && !mb.isScheduled();
    }

    /** The release a pre-upgrade backup was taken for, from its label. */
    public static Optional<String> release(ManagementBackup mb) {
        Map<String, String> labels = mb.getMetadata().getLabels();
        String release = labels == null ? null : labels.get(Labels.RELEASE_BACKUP);
        return release == null || release.isBlank() ? Optional.empty() : Optional.of(release);
    }

    /** Seed example: {@code example-backup} before upgrading from {@code kcm-0-2-0} is {@code example-backup-kcm-0-2-0}. */
    public static String name(String scheduledName, String release) {
        return KubernetesNames.boundedName(scheduledName + "-" + release);
    }

    /** The pre-upgrade ManagementBackup {@code parent} asks for before upgrading away from {@code release}. */
    public static ManagementBackup desired(ManagementBackup parent, String release) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.RELEASE_BACKUP, KubernetesNames.boundedLabelValue(release));
        // it is in every later backup, as every ManagementBackup is
        labels.put(Labels.COMPONENT, Labels.COMPONENT_KCM);
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name(parent.getMetadata().getName(), release));
        mb.getMetadata().setLabels(labels);
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setStorageLocation(parent.getSpec().getStorageLocation());
        spec.setTtl(parent.getSpec().getTtl());
        mb.setSpec(spec);
        return mb;
    }

    /** Every pre-upgrade backup wanted before upgrading away from {@code release}, by name. */
    public static List<ManagementBackup> desired(Collection<ManagementBackup> all, String release) {
        return all.stream().filter(PreUpgradeBackups::performsOnUpgrade)
                .sorted(Comparator.comparing(mb -> mb.getMetadata().getName()))
                .map(mb -> desired(mb, release))
                .toList();
    }

    /**
     * The state of an existing pre-upgrade backup. One this operator has not reconciled yet, or one created and run by
     * another controller (kcm's own), is judged by the phase of its last Velero backup.
     */
    public static UpgradeBackupState stateOf(ManagementBackup mb) {
        ManagementBackupStatus status = mb.getStatus();
        if (status == null) {
            return UpgradeBackupState.PREPARING_TO_START;
        }
        if (status.getUpgradeBackup() != null && status.getUpgradeBackup().getState() != null) {
            return status.getUpgradeBackup().getState();
        }
        if (status.getLastBackupName() == null) {
            return UpgradeBackupState.PREPARING_TO_START;
        }
        return UpgradeBackupMachine.stateOf(status.getLastBackup() == null ? null : status.getLastBackup().getPhase());
    }
}
