package io.k0rdent.backup.api.velero;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Velero's RestoreStatus, field for field, as Velero writes it and as a ManagementRestore mirrors it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "phase", "progress", "warnings", "errors", "failureReason", "validationErrors", "startTimestamp",
        "completionTimestamp", "hookStatus", "restoreItemOperationsAttempted", "restoreItemOperationsCompleted",
        "restoreItemOperationsFailed" })
public class RestoreStatus {

    private String phase;

    private RestoreProgress progress;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer warnings;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer errors;

    private String failureReason;

    private List<String> validationErrors;

    private String startTimestamp;

    private String completionTimestamp;

    private HookStatus hookStatus;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer restoreItemOperationsAttempted;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer restoreItemOperationsCompleted;

    @Min(Integer.MIN_VALUE)
    @Max(Integer.MAX_VALUE)
    private Integer restoreItemOperationsFailed;

    public String getPhase() {
        return phase;
    }

    public void setPhase(String phase) {
        this.phase = phase;
    }

    public RestoreProgress getProgress() {
        return progress;
    }

    public void setProgress(RestoreProgress progress) {
        this.progress = progress;
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

    public String getFailureReason() {
        return failureReason;
    }

    public void setFailureReason(String failureReason) {
        this.failureReason = failureReason;
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

    public HookStatus getHookStatus() {
        return hookStatus;
    }

    public void setHookStatus(HookStatus hookStatus) {
        this.hookStatus = hookStatus;
    }

    public Integer getRestoreItemOperationsAttempted() {
        return restoreItemOperationsAttempted;
    }

    public void setRestoreItemOperationsAttempted(Integer restoreItemOperationsAttempted) {
        this.restoreItemOperationsAttempted = restoreItemOperationsAttempted;
    }

    public Integer getRestoreItemOperationsCompleted() {
        return restoreItemOperationsCompleted;
    }

    public void setRestoreItemOperationsCompleted(Integer restoreItemOperationsCompleted) {
        this.restoreItemOperationsCompleted = restoreItemOperationsCompleted;
    }

    public Integer getRestoreItemOperationsFailed() {
        return restoreItemOperationsFailed;
    }

    public void setRestoreItemOperationsFailed(Integer restoreItemOperationsFailed) {
        this.restoreItemOperationsFailed = restoreItemOperationsFailed;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RestoreStatus other)) {
            return false;
        }
        return Objects.equals(phase, other.phase)
                && Objects.equals(progress, other.progress)
                && Objects.equals(warnings, other.warnings)
                && Objects.equals(errors, other.errors)
                && Objects.equals(failureReason, other.failureReason)
                && Objects.equals(validationErrors, other.validationErrors)
                && Objects.equals(startTimestamp, other.startTimestamp)
                && Objects.equals(completionTimestamp, other.completionTimestamp)
                && Objects.equals(hookStatus, other.hookStatus)
                && Objects.equals(restoreItemOperationsAttempted, other.restoreItemOperationsAttempted)
                && Objects.equals(restoreItemOperationsCompleted, other.restoreItemOperationsCompleted)
                && Objects.equals(restoreItemOperationsFailed, other.restoreItemOperationsFailed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(phase, progress, warnings, errors, failureReason, validationErrors, startTimestamp,
                completionTimestamp, hookStatus, restoreItemOperationsAttempted, restoreItemOperationsCompleted,
                restoreItemOperationsFailed);
    }
}
