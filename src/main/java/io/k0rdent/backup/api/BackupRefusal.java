package io.k0rdent.backup.api;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A Velero Backup the API server refused (or would refuse) for a reason retrying cannot fix, and what the attempt was
 * based on: the same Backup is not sent again until one of those inputs changes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "backupName", "reason", "message", "inputs", "refusedAt" })
public class BackupRefusal {

    @JsonPropertyDescription("The Velero Backup that was not created.")
    private String backupName;

    @JsonPropertyDescription("BackupRefused (the API server refused it) or BackupTooLarge (not sent: it would exceed the "
            + "size an API server accepts).")
    private String reason;

    @JsonPropertyDescription("Why, with the API server's message or the sizes.")
    private String message;

    @JsonPropertyDescription("Digest of what the attempt was based on: the ManagementBackup's generation and annotations, "
            + "the ClusterDeployments and templates in use, the storage location and the Backup's spec.")
    private String inputs;

    @JsonPropertyDescription("When it was refused (RFC 3339).")
    private String refusedAt;

    public BackupRefusal() {
    }

    public BackupRefusal(String backupName, String reason, String message, String inputs, String refusedAt) {
        this.backupName = backupName;
        this.reason = reason;
        this.message = message;
        this.inputs = inputs;
        this.refusedAt = refusedAt;
    }

    public String getBackupName() {
        return backupName;
    }

    public void setBackupName(String backupName) {
        this.backupName = backupName;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getInputs() {
        return inputs;
    }

    public void setInputs(String inputs) {
        this.inputs = inputs;
    }

    public String getRefusedAt() {
        return refusedAt;
    }

    public void setRefusedAt(String refusedAt) {
        this.refusedAt = refusedAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackupRefusal other && Objects.equals(backupName, other.backupName)
                && Objects.equals(reason, other.reason) && Objects.equals(message, other.message)
                && Objects.equals(inputs, other.inputs) && Objects.equals(refusedAt, other.refusedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backupName, reason, inputs);
    }
}
