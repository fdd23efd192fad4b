package io.k0rdent.backup.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.fabric8.generator.annotation.Pattern;

/** Desired state of a {@link ManagementBackup}: kcm's fields first, then this operator's additions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "schedule", "storageLocation", "performOnManagementUpgrade", "suspend", "immediate", "ttl", "retention" })
public class ManagementBackupSpec {

    @JsonPropertyDescription("Cron expression of the scheduled backups: 5 fields, a predefined @yearly, @monthly, @weekly, "
            + "@daily, @hourly, or @every <Go duration>, optionally prefixed by CRON_TZ=<zone>. "
            + "Empty: a single backup on demand.")
    private String schedule;

    @JsonPropertyDescription("Name of the Velero BackupStorageLocation to store the backups in. Empty: Velero's default location.")
    private String storageLocation;

    @JsonPropertyDescription("With a schedule: take a single backup before every kcm upgrade, "
            + "as the ManagementBackup <name>-<release before the upgrade>.")
    private Boolean performOnManagementUpgrade;

    @JsonPropertyDescription("No new scheduled backups while true; the status keeps mirroring existing backups.")
    private Boolean suspend;

    @JsonPropertyDescription("With a schedule: also take the first backup right after creation instead of at the first slot.")
    private Boolean immediate;

    @JsonPropertyDescription("How long Velero keeps the backups this object creates, as a Go duration. Default 720h.")
    @Pattern("^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$")
    private String ttl;

    @JsonPropertyDescription("How many of the scheduled backups to keep.")
    private RetentionSpec retention;

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public String getStorageLocation() {
        return storageLocation;
    }

    public void setStorageLocation(String storageLocation) {
        this.storageLocation = storageLocation;
    }

    public Boolean getPerformOnManagementUpgrade() {
        return performOnManagementUpgrade;
    }

    public void setPerformOnManagementUpgrade(Boolean performOnManagementUpgrade) {
        this.performOnManagementUpgrade = performOnManagementUpgrade;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public Boolean getImmediate() {
        return immediate;
    }

    public void setImmediate(Boolean immediate) {
        this.immediate = immediate;
    }

    public String getTtl() {
        return ttl;
    }

    public void setTtl(String ttl) {
        this.ttl = ttl;
    }

    public RetentionSpec getRetention() {
        return retention;
    }

    public void setRetention(RetentionSpec retention) {
        this.retention = retention;
    }

    /** A blank schedule means a single backup on demand. */
    @JsonIgnore
    public boolean isScheduled() {
        return schedule != null && !schedule.isBlank();
    }

    /* helper names avoid bean-style accessors: a @JsonIgnore on "isImmediate" would hide the "immediate" field itself */

    @JsonIgnore
    public boolean suspended() {
        return Boolean.TRUE.equals(suspend);
    }

    @JsonIgnore
    public boolean immediateFirstBackup() {
        return Boolean.TRUE.equals(immediate);
    }

    @JsonIgnore
    public boolean backsUpBeforeUpgrade() {
        return Boolean.TRUE.equals(performOnManagementUpgrade);
    }

    @JsonIgnore
    public boolean hasStorageLocation() {
        return storageLocation != null && !storageLocation.isBlank();
    }
}
