package io.k0rdent.backup.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Condition;
import io.k0rdent.backup.api.velero.BackupStatus;

/** Observed state of a {@link ManagementBackup}; field names are kcm's, so kcm keeps reading them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "lastBackup", "lastBackupName", "lastBackupTime", "nextAttempt", "error", "lastSlot", "refusal", "retention",
        "observedGeneration", "conditions", "upgradeBackup" })
public class ManagementBackupStatus implements ReportedStatus {

    @JsonPropertyDescription("Status of the last Velero Backup created, copied from it.")
    private BackupStatus lastBackup;

    @JsonPropertyDescription("Name of the last Velero Backup created.")
    private String lastBackupName;

    @JsonPropertyDescription("When the last backup was taken: its schedule slot for scheduled backups, its creation for single ones.")
    private String lastBackupTime;

    @JsonPropertyDescription("When the next scheduled backup will be taken.")
    private String nextAttempt;

    @JsonPropertyDescription("The last error, in words; cleared when it no longer holds.")
    private String error;

    @JsonPropertyDescription("Region of the backup (kcm regional management; not used by this operator).")
    private String region;

    @JsonPropertyDescription("Per-region statuses (kcm regional management; not used by this operator).")
    private List<RegionStatus> regions;

    @JsonPropertyDescription("The last schedule slot handled, whether a backup was taken for it or it was skipped.")
    private String lastSlot;

    @JsonPropertyDescription("The Velero Backup the API server refused for good, while no input it was based on has changed.")
    private BackupRefusal refusal;

    @JsonPropertyDescription("What retention.keepLast deletes (or, with retention.dryRun, would delete).")
    private RetentionStatus retention;

    @JsonPropertyDescription("The generation of the spec this status was computed from.")
    @Min(0)
    @Max(Bounds.MAX_GENERATION)
    private Long observedGeneration;

    @JsonPropertyDescription("Standard conditions: Ready, ScheduleValid, StorageLocationAvailable, BackupInProgress.")
    @SchemaFrom(type = ConditionSchema[].class)
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Pre-upgrade backups only (label k0rdent.mirantis.com/release-backup): state of the backup taken "
            + "before the kcm upgrade.")
    private UpgradeBackupStatus upgradeBackup;

    public BackupStatus getLastBackup() {
        return lastBackup;
    }

    public void setLastBackup(BackupStatus lastBackup) {
        this.lastBackup = lastBackup;
    }

    public String getLastBackupName() {
        return lastBackupName;
    }

    public void setLastBackupName(String lastBackupName) {
        this.lastBackupName = lastBackupName;
    }

    public String getLastBackupTime() {
        return lastBackupTime;
    }

    public void setLastBackupTime(String lastBackupTime) {
        this.lastBackupTime = lastBackupTime;
    }

    public String getNextAttempt() {
        return nextAttempt;
    }

    public void setNextAttempt(String nextAttempt) {
        this.nextAttempt = nextAttempt;
    }

    @Override
    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public List<RegionStatus> getRegions() {
        return regions;
    }

    public void setRegions(List<RegionStatus> regions) {
        this.regions = regions;
    }

    public String getLastSlot() {
        return lastSlot;
    }

    public void setLastSlot(String lastSlot) {
        this.lastSlot = lastSlot;
    }

    public BackupRefusal getRefusal() {
        return refusal;
    }

    public void setRefusal(BackupRefusal refusal) {
        this.refusal = refusal;
    }

    public RetentionStatus getRetention() {
        return retention;
    }

    public void setRetention(RetentionStatus retention) {
        this.retention = retention;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    @Override
    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    public UpgradeBackupStatus getUpgradeBackup() {
        return upgradeBackup;
    }

    public void setUpgradeBackup(UpgradeBackupStatus upgradeBackup) {
        this.upgradeBackup = upgradeBackup;
    }

    /**
     * A new status with the same values, to compute the next status from. What the values refer to (the conditions, the
     * last Backup's status, the refusal, ...) is shared, not copied: a status is computed by setting new values, never by
     * changing them in place (the copy a reconcile is given shares its status with the cache; ReconcileCopies checks).
     */
    public ManagementBackupStatus shallowCopy() {
        ManagementBackupStatus copy = new ManagementBackupStatus();
        copy.lastBackup = lastBackup;
        copy.lastBackupName = lastBackupName;
        copy.lastBackupTime = lastBackupTime;
        copy.nextAttempt = nextAttempt;
        copy.error = error;
        copy.region = region;
        copy.regions = regions;
        copy.lastSlot = lastSlot;
        copy.refusal = refusal;
        copy.retention = retention;
        copy.observedGeneration = observedGeneration;
        copy.conditions = conditions;
        copy.upgradeBackup = upgradeBackup;
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ManagementBackupStatus other)) {
            return false;
        }
        return Objects.equals(lastBackup, other.lastBackup) && Objects.equals(lastBackupName, other.lastBackupName)
                && Objects.equals(lastBackupTime, other.lastBackupTime) && Objects.equals(nextAttempt, other.nextAttempt)
                && Objects.equals(error, other.error) && Objects.equals(region, other.region)
                && Objects.equals(regions, other.regions) && Objects.equals(lastSlot, other.lastSlot) && Objects.equals(refusal, other.refusal)
                && Objects.equals(retention, other.retention)
                && Objects.equals(observedGeneration, other.observedGeneration)
                && Objects.equals(conditions, other.conditions)
                && Objects.equals(upgradeBackup, other.upgradeBackup);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lastBackupName, lastBackupTime, nextAttempt, error, lastSlot, observedGeneration);
    }
}
