package io.k0rdent.backup.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Cluster-scoped request for scheduled or on-demand Velero backups of everything kcm manages (served version v1beta1).
 * Printer columns are listed in the order kubectl shows them, kcm's order; the chart's CRD keeps it (the generator sorts).
 */
@Group(ManagementBackup.GROUP)
@Version(value = "v1beta1", storage = true)
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
public class ManagementBackup extends CustomResource<ManagementBackupSpec, ManagementBackupStatus> implements PartlyRead {

    /** Fields the client could not read into this object (TolerantReading); kept in memory only. */
    @JsonIgnore
    private transient List<ReadProblem> readProblems = List.of();


    public static final String GROUP = "k0rdent.mirantis.com";

    /** Layout of the slot time in the name of a scheduled backup. */
    public static final DateTimeFormatter SLOT_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    @Override
    protected ManagementBackupSpec initSpec() {
        return new ManagementBackupSpec();
    }

    @Override
    protected ManagementBackupStatus initStatus() {
        return new ManagementBackupStatus();
    }

    /** Name of the Velero Backup taken for a schedule slot: the same slot always gives the same name. */
    public String backupName(Instant slot) {
        return KubernetesNames.boundedName(getMetadata().getName() + "-" + SLOT_FORMAT.format(slot));
    }

    /** Name of the single Velero Backup of an on-demand (or pre-upgrade) ManagementBackup. */
    @JsonIgnore
    public String singleBackupName() {
        return KubernetesNames.boundedName(getMetadata().getName());
    }

    @JsonIgnore
    public boolean isScheduled() {
        return getSpec() != null && getSpec().isScheduled();
    }

    @Override
    public List<ReadProblem> readProblems() {
        return readProblems;
    }

    @Override
    public void readProblems(List<ReadProblem> problems) {
        this.readProblems = problems == null ? List.of() : List.copyOf(problems);
    }
}
