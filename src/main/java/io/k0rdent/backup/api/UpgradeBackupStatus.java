package io.k0rdent.backup.api;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Progress of a pre-upgrade backup ({@code status.upgradeBackup} of a ManagementBackup labelled with its release). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "state", "release", "attempt", "startedAt", "deadline", "completedAt", "message", "handledRetry" })
public class UpgradeBackupStatus {

    @JsonPropertyDescription("PreparingToStart, Starting, Active, Succeeded, Error or Timeout.")
    private UpgradeBackupState state;

    @JsonPropertyDescription("The kcm release installed before the upgrade this backup is for.")
    private String release;

    @JsonPropertyDescription("Attempt number, starting at 1; each retry adds one.")
    @Min(0)
    @Max(Integer.MAX_VALUE)
    private Integer attempt;

    @JsonPropertyDescription("When this attempt started (RFC 3339).")
    private String startedAt;

    @JsonPropertyDescription("When this attempt times out unless Velero has finished the backup (RFC 3339).")
    private String deadline;

    @JsonPropertyDescription("When this attempt reached Succeeded, Error or Timeout (RFC 3339).")
    private String completedAt;

    @JsonPropertyDescription("What is happening or what went wrong, in words.")
    private String message;

    @JsonPropertyDescription("The value of the retry annotation last acted upon; a new value in Error or Timeout starts a new attempt.")
    private String handledRetry;

    public UpgradeBackupState getState() {
        return state;
    }

    public void setState(UpgradeBackupState state) {
        this.state = state;
    }

    public String getRelease() {
        return release;
    }

    public void setRelease(String release) {
        this.release = release;
    }

    public Integer getAttempt() {
        return attempt;
    }

    public void setAttempt(Integer attempt) {
        this.attempt = attempt;
    }

    public String getStartedAt() {
        return startedAt;
    }

    public void setStartedAt(String startedAt) {
        this.startedAt = startedAt;
    }

    public String getDeadline() {
        return deadline;
    }

    public void setDeadline(String deadline) {
        this.deadline = deadline;
    }

    public String getCompletedAt() {
        return completedAt;
    }

    public void setCompletedAt(String completedAt) {
        this.completedAt = completedAt;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getHandledRetry() {
        return handledRetry;
    }

    public void setHandledRetry(String handledRetry) {
        this.handledRetry = handledRetry;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UpgradeBackupStatus other)) {
            return false;
        }
        return state == other.state && Objects.equals(release, other.release) && Objects.equals(attempt, other.attempt)
                && Objects.equals(startedAt, other.startedAt) && Objects.equals(deadline, other.deadline)
                && Objects.equals(completedAt, other.completedAt) && Objects.equals(message, other.message)
                && Objects.equals(handledRetry, other.handledRetry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, release, attempt, startedAt, deadline, completedAt, message, handledRetry);
    }

    @Override
    public String toString() {
        return "UpgradeBackupStatus{state=" + state + ", release=" + release + ", attempt=" + attempt + ", deadline=" + deadline
                + ", message=" + message + "}";
    }
}
