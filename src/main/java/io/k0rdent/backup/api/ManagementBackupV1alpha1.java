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
@AdditionalPrinterColumn(name = "LastBackupStatus", jsonPath = ".status.lastBackup.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "NextBackup", jsonPath = ".status.nextAttempt", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SinceLastBackup", jsonPath = ".status.lastBackupTime", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Error", jsonPath = ".status.error", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "UpgradeState", jsonPath = ".status.upgradeBackup.state", type = AdditionalPrinterColumn.Type.STRING, priority = 1)
public class ManagementBackupV1alpha1 extends CustomResource<ManagementBackupSpec, ManagementBackupStatus> {
}
