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
import io.k0rdent.backup.api.velero.RestoreStatus;

/** Observed state of a {@link ManagementRestore}: the current attempt and the Velero Restore it mirrors. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "phase", "message", "error", "backupName", "attempt", "restoreName", "restore", "resourceModifier",
        "plan", "restartToken", "observedGeneration", "conditions" })
public class ManagementRestoreStatus implements ReportedStatus {

    @JsonPropertyDescription("Pending, Planned (dry run), InProgress, Completed, PartiallyFailed or Failed.")
    private RestorePhase phase;

    @JsonPropertyDescription("What is happening, in words.")
    private String message;

    @JsonPropertyDescription("Why the restore cannot go on, in words; cleared when it no longer holds.")
    private String error;

    @JsonPropertyDescription("The Velero Backup restored (or, in a dry run, that would be).")
    private String backupName;

    @JsonPropertyDescription("Number of the current attempt; a restart adds one.")
    @Min(0)
    @Max(Integer.MAX_VALUE)
    private Integer attempt;

    @JsonPropertyDescription("Name of the Velero Restore of the current attempt, in the system namespace.")
    private String restoreName;

    @JsonPropertyDescription("Status of the Velero Restore of the current attempt, copied from it.")
    private RestoreStatus restore;

    @JsonPropertyDescription("Name of the resource-modifier ConfigMap of a rollback while it exists.")
    private String resourceModifier;

    @JsonPropertyDescription("The Velero objects of the current attempt (or, in a dry run, that would be created), as YAML.")
    private String plan;

    @JsonPropertyDescription("The last value of the k0rdent.mirantis.com/restart annotation acted on.")
    private String restartToken;

    @JsonPropertyDescription("The generation of the spec this status was computed from.")
    @Min(0)
    @Max(Bounds.MAX_GENERATION)
    private Long observedGeneration;

    @JsonPropertyDescription("Standard conditions: Ready (completed, or planned in a dry run), Complete, Failed.")
    @SchemaFrom(type = ConditionSchema[].class)
    private List<Condition> conditions = new ArrayList<>();

    public RestorePhase getPhase() {
        return phase;
    }

    public void setPhase(RestorePhase phase) {
        this.phase = phase;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    @Override
    public String getError() {
        return error;
    }

    public void setError(String error) {
        this.error = error;
    }

    public String getBackupName() {
        return backupName;
    }

    public void setBackupName(String backupName) {
        this.backupName = backupName;
    }

    public Integer getAttempt() {
        return attempt;
    }

    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    public String getRestoreName() {
        return restoreName;
    }

    public void setRestoreName(String restoreName) {
        this.restoreName = restoreName;
    }

    public RestoreStatus getRestore() {
        return restore;
    }

    public void setRestore(RestoreStatus restore) {
        this.restore = restore;
    }

    public String getResourceModifier() {
        return resourceModifier;
    }

    public void setResourceModifier(String resourceModifier) {
        this.resourceModifier = resourceModifier;
    }

    public String getPlan() {
        return plan;
    }

    public void setPlan(String plan) {
        this.plan = plan;
    }

    public String getRestartToken() {
        return restartToken;
    }

    public void setRestartToken(String restartToken) {
        this.restartToken = restartToken;
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

    /** The current attempt, 0 before the first Velero Restore was created. */
    public int currentAttempt() {
        return attempt == null ? 0 : attempt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ManagementRestoreStatus other)) {
            return false;
        }
        return phase == other.phase && Objects.equals(message, other.message) && Objects.equals(error, other.error)
                && Objects.equals(backupName, other.backupName) && Objects.equals(attempt, other.attempt)
                && Objects.equals(restoreName, other.restoreName) && Objects.equals(restore, other.restore)
                && Objects.equals(resourceModifier, other.resourceModifier) && Objects.equals(plan, other.plan)
                && Objects.equals(restartToken, other.restartToken)
                && Objects.equals(observedGeneration, other.observedGeneration)
                && Objects.equals(conditions, other.conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(phase, message, error, backupName, attempt, restoreName, restore, resourceModifier, plan,
                restartToken, observedGeneration, conditions);
    }
}
