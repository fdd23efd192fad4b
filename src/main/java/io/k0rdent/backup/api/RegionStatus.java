package io.k0rdent.backup.api;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.k0rdent.backup.api.velero.BackupStatus;

/** One entry of kcm's per-region status list; kept so objects written by kcm round-trip unchanged. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegionStatus {

    private String region;

    private BackupStatus lastBackup;

    private String lastBackupName;

    private String lastBackupTime;

    private String nextAttempt;

    private String error;

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

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

    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RegionStatus other)) {
            return false;
        }
        return Objects.equals(region, other.region)
                && Objects.equals(lastBackup, other.lastBackup)
                && Objects.equals(lastBackupName, other.lastBackupName)
                && Objects.equals(lastBackupTime, other.lastBackupTime)
                && Objects.equals(nextAttempt, other.nextAttempt)
                && Objects.equals(error, other.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, lastBackup, lastBackupName, lastBackupTime, nextAttempt, error);
    }
}

