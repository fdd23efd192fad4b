package io.k0rdent.backup.api.velero;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Velero's BackupStatus, field for field, as Velero writes it and as kcm mirrors it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BackupStatus {

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer version;

    private String formatVersion;

    private String expiration;

    private String phase;

    private List<String> validationErrors;

    private String startTimestamp;

    private String completionTimestamp;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer volumeSnapshotsAttempted;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer volumeSnapshotsCompleted;

    private String failureReason;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer warnings;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer errors;

    private BackupProgress progress;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer csiVolumeSnapshotsAttempted;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer csiVolumeSnapshotsCompleted;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer backupItemOperationsAttempted;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer backupItemOperationsCompleted;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer backupItemOperationsFailed;

    private HookStatus hookStatus;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer queuePosition;

    public Integer getVersion() {
        return version;
    }

    public void setVersion(Integer version) {
        this.version = version;
    }

    public String getFormatVersion() {
        return formatVersion;
    }

    public void setFormatVersion(String formatVersion) {
        this.formatVersion = formatVersion;
    }

    public String getExpiration() {
        return expiration;
    }

    public void setExpiration(String expiration) {
        this.expiration = expiration;
    }

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public List<String> getValidationErrors() {
        return validationErrors;
    }

    public void setValidationErrors(List<String> validationErrors) {
        this.validationErrors = validationErrors;
    }

    public String getStartTimestamp() {
        return startTimestamp;
    }

    public void setStartTimestamp(String startTimestamp) {
        this.startTimestamp = startTimestamp;
    }

    public String getCompletionTimestamp() {
        return completionTimestamp;
    }

    public void setCompletionTimestamp(String completionTimestamp) {
        this.completionTimestamp = completionTimestamp;
    }

    public Integer getVolumeSnapshotsAttempted() {
        return volumeSnapshotsAttempted;
    }

    public void setVolumeSnapshotsAttempted(Integer volumeSnapshotsAttempted) {
        this.volumeSnapshotsAttempted = volumeSnapshotsAttempted;
    }

    public Integer getVolumeSnapshotsCompleted() {
        return volumeSnapshotsCompleted;
    }

    public void setVolumeSnapshotsCompleted(Integer volumeSnapshotsCompleted) {
        this.volumeSnapshotsCompleted = volumeSnapshotsCompleted;
    }

    public String getFailureReason() {
        return failureReason;
    }

    public void setFailureReason(String failureReason) {
        this.failureReason = failureReason;
    }

    public Integer getWarnings() {
        return warnings;
    }

    public void setWarnings(Integer warnings) {
        this.warnings = warnings;
    }

    public Integer getErrors() {
        return errors;
    }

    public void setErrors(Integer errors) {
        this.errors = errors;
    }

    public BackupProgress getProgress() {
        return progress;
    }

    public void setProgress(BackupProgress progress) {
        this.progress = progress;
    }

    public Integer getCsiVolumeSnapshotsAttempted() {
        return csiVolumeSnapshotsAttempted;
    }

    public void setCsiVolumeSnapshotsAttempted(Integer csiVolumeSnapshotsAttempted) {
        this.csiVolumeSnapshotsAttempted = csiVolumeSnapshotsAttempted;
    }

    public Integer getCsiVolumeSnapshotsCompleted() {
        return csiVolumeSnapshotsCompleted;
    }

    public void setCsiVolumeSnapshotsCompleted(Integer csiVolumeSnapshotsCompleted) {
        this.csiVolumeSnapshotsCompleted = csiVolumeSnapshotsCompleted;
    }

    public Integer getBackupItemOperationsAttempted() {
        return backupItemOperationsAttempted;
    }

    public void setBackupItemOperationsAttempted(Integer backupItemOperationsAttempted) {
        this.backupItemOperationsAttempted = backupItemOperationsAttempted;
    }

    public Integer getBackupItemOperationsCompleted() {
        return backupItemOperationsCompleted;
    }

    public void setBackupItemOperationsCompleted(Integer backupItemOperationsCompleted) {
        this.backupItemOperationsCompleted = backupItemOperationsCompleted;
    }

    public Integer getBackupItemOperationsFailed() {
        return backupItemOperationsFailed;
    }

    public void setBackupItemOperationsFailed(Integer backupItemOperationsFailed) {
        this.backupItemOperationsFailed = backupItemOperationsFailed;
    }

    public HookStatus getHookStatus() {
        return hookStatus;
    }

    public void setHookStatus(HookStatus hookStatus) {
        this.hookStatus = hookStatus;
    }

    public Integer getQueuePosition() {
        return queuePosition;
    }

    public void setQueuePosition(Integer queuePosition) {
        this.queuePosition = queuePosition;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BackupStatus other)) {
            return false;
        }
        return Objects.equals(version, other.version)
                && Objects.equals(formatVersion, other.formatVersion)
                && Objects.equals(expiration, other.expiration)
                && Objects.equals(phase, other.phase)
                && Objects.equals(validationErrors, other.validationErrors)
                && Objects.equals(startTimestamp, other.startTimestamp)
                && Objects.equals(completionTimestamp, other.completionTimestamp)
                && Objects.equals(volumeSnapshotsAttempted, other.volumeSnapshotsAttempted)
                && Objects.equals(volumeSnapshotsCompleted, other.volumeSnapshotsCompleted)
                && Objects.equals(failureReason, other.failureReason)
                && Objects.equals(warnings, other.warnings)
                && Objects.equals(errors, other.errors)
                && Objects.equals(progress, other.progress)
                && Objects.equals(csiVolumeSnapshotsAttempted, other.csiVolumeSnapshotsAttempted)
                && Objects.equals(csiVolumeSnapshotsCompleted, other.csiVolumeSnapshotsCompleted)
                && Objects.equals(backupItemOperationsAttempted, other.backupItemOperationsAttempted)
                && Objects.equals(backupItemOperationsCompleted, other.backupItemOperationsCompleted)
                && Objects.equals(backupItemOperationsFailed, other.backupItemOperationsFailed)
                && Objects.equals(hookStatus, other.hookStatus)
                && Objects.equals(queuePosition, other.queuePosition);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, formatVersion, expiration, phase, validationErrors, startTimestamp, completionTimestamp, volumeSnapshotsAttempted, volumeSnapshotsCompleted, failureReason, warnings, errors, progress, csiVolumeSnapshotsAttempted, csiVolumeSnapshotsCompleted, backupItemOperationsAttempted, backupItemOperationsCompleted, backupItemOperationsFailed, hookStatus, queuePosition);
    }
}

