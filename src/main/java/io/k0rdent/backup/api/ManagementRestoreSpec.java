package io.k0rdent.backup.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Desired restore: which backup, what to leave out, and whether to roll kcm back to an older release. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "backupName", "fromManagementBackup", "excludedResources", "rollbackToRelease", "dryRun" })
@ValidationRule(value = "has(self.backupName) != has(self.fromManagementBackup)",
        message = "set exactly one of backupName and fromManagementBackup")
public class ManagementRestoreSpec {

    @JsonPropertyDescription("Name of the Velero Backup to restore, in the operator's system namespace. "
            + "Set this or fromManagementBackup.")
    private String backupName;

    @JsonPropertyDescription("Restore the newest Completed Velero Backup taken for the ManagementBackup of this name, "
            + "found by the k0rdent.mirantis.com/management-backup label (the ManagementBackup itself need not exist, "
            + "e.g. on a freshly installed cluster). Resolved when the first attempt starts; restarts reuse that backup. "
            + "Set this or backupName.")
    private String fromManagementBackup;

    @JsonPropertyDescription("Resources not to restore, as <resource>.<group> (e.g. clusterdeployments.k0rdent.mirantis.com), "
            + "in addition to the default exclusions and the provider caveats the operator applies itself.")
    private List<String> excludedResources;

    @JsonPropertyDescription("Roll kcm back: every restored Management gets spec.release set to this Release name, "
            + "through a Velero resource-modifier ConfigMap that exists only while the restore runs.")
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    private String rollbackToRelease;

    @JsonPropertyDescription("Only write the Velero objects this restore would create to status.plan; create nothing.")
    private Boolean dryRun;

    public String getBackupName() {
        return backupName;
    }

    public void setBackupName(String backupName) {
        this.backupName = backupName;
    }

    public String getFromManagementBackup() {
        return fromManagementBackup;
    }

    public void setFromManagementBackup(String fromManagementBackup) {
        this.fromManagementBackup = fromManagementBackup;
    }

    public List<String> getExcludedResources() {
        return excludedResources;
    }

    public void setExcludedResources(List<String> excludedResources) {
        this.excludedResources = excludedResources;
    }

    public String getRollbackToRelease() {
        return rollbackToRelease;
    }

    public void setRollbackToRelease(String rollbackToRelease) {
        this.rollbackToRelease = rollbackToRelease;
    }

    public Boolean getDryRun() {
        return dryRun;
    }

    public void setDryRun(Boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** Named apart from the {@code dryRun} property: an ignored accessor of the same name would hide it from the CRD. */
    @JsonIgnore
    public boolean isPlanOnly() {
        return Boolean.TRUE.equals(dryRun);
    }

    @JsonIgnore
    public boolean hasBackupName() {
        return backupName != null && !backupName.isBlank();
    }

    @JsonIgnore
    public boolean hasFromManagementBackup() {
        return fromManagementBackup != null && !fromManagementBackup.isBlank();
    }

    @JsonIgnore
    public boolean isRollback() {
        return rollbackToRelease != null && !rollbackToRelease.isBlank();
    }
}
