package io.k0rdent.backup.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The same ManagementBackup served as {@code v1alpha1}, the version older kcm releases and their documentation use.
 * One schema for both versions, so the API server converts between them without a webhook.
 */
@Group(ManagementBackup.GROUP)
@Version(value = "v1alpha1", storage = false)
@Kind("ManagementBackup")
@Plural("managementbackups")
@Singular("managementbackup")
@ShortNames({ "kcmbackup", "mgmtbackup" })
@AdditionalPrinterColumn(name = "LastBackupStatus", jsonPath = ".status.lastBackup.phase", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Phase of the last Velero Backup")
@AdditionalPrinterColumn(name = "NextBackup", jsonPath = ".status.nextAttempt", type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Next scheduled backup")
@AdditionalPrinterColumn(name = "SinceLastBackup", jsonPath = ".status.lastBackupTime", type = AdditionalPrinterColumn.Type.DATE,
        priority = 1, getDescription = "Time since the last backup was created")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE,
        getDescription = "Time since the ManagementBackup was created")
@AdditionalPrinterColumn(name = "Error", jsonPath = ".status.error", type = AdditionalPrinterColumn.Type.STRING, priority = 1,
        getDescription = "What keeps the ManagementBackup from backing up, if anything")
@AdditionalPrinterColumn(name = "UpgradeState", jsonPath = ".status.upgradeBackup.state", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1, getDescription = "State of a pre-upgrade backup")
public class ManagementBackupV1alpha1 extends CustomResource<ManagementBackupSpec, ManagementBackupStatus> {
}
