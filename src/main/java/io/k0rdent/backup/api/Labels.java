package io.k0rdent.backup.api;

/** Label and annotation keys this operator reads and writes; the first three are kcm's own. */
public final class Labels {
    /** Marks objects that belong in every management backup; also put on each ManagementBackup. */
    public static final String COMPONENT = "k0rdent.mirantis.com/component";
    public static final String COMPONENT_KCM = "kcm";
    /** On a Velero Backup: the ManagementBackup that created it. */
    public static final String MANAGEMENT_BACKUP = "k0rdent.mirantis.com/management-backup";
    /** On a pre-upgrade ManagementBackup: the release that was installed before the upgrade. */
    public static final String RELEASE_BACKUP = "k0rdent.mirantis.com/release-backup";
    /** On a Velero Backup: the CAPI providers whose objects it selected, comma-separated (used to plan restores). */
    public static final String PROVIDERS_ANNOTATION = "k0rdent.mirantis.com/providers";
    /** On a Velero Backup: the schedule slot it was taken for (RFC 3339). */
    public static final String SLOT_ANNOTATION = "k0rdent.mirantis.com/slot";
    /** On a Velero Restore or resource-modifier ConfigMap: the ManagementRestore that created it (label: bounded value). */
    public static final String MANAGEMENT_RESTORE = "k0rdent.mirantis.com/management-restore";
    /** On a Velero Restore or resource-modifier ConfigMap: the attempt of its ManagementRestore it belongs to. */
    public static final String RESTORE_ATTEMPT_ANNOTATION = "k0rdent.mirantis.com/restore-attempt";
    /** On a ManagementRestore: a new value restarts a finished restore from scratch as a new attempt. */
    public static final String RESTART_ANNOTATION = "k0rdent.mirantis.com/restart";

    /** On a Velero Backup of a pre-upgrade backup: the attempt that created it, so a retry can tell its leftovers. */
    public static final String UPGRADE_BACKUP_ATTEMPT_ANNOTATION = "k0rdent.mirantis.com/upgrade-backup-attempt";
    /** On a pre-upgrade ManagementBackup in Error or Timeout: a new value starts a new attempt. */
    public static final String RETRY_UPGRADE_BACKUP_ANNOTATION = "k0rdent.mirantis.com/retry-upgrade-backup";
    /** On the Management, {@code "true"}: the upgrade gate lets a release change through without its pre-upgrade backups. */
    public static final String ALLOW_UPGRADE_WITHOUT_BACKUP_ANNOTATION = "k0rdent.mirantis.com/allow-upgrade-without-backup";

    private Labels() {
    }
}
