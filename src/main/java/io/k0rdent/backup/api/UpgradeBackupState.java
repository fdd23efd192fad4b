package io.k0rdent.backup.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a pre-upgrade backup stands: {@code PreparingToStart → Starting → Active → Succeeded | Error | Timeout}. */
public enum UpgradeBackupState {
    /** Leftovers of an earlier attempt are being removed, or the backup waits for Velero or its storage location. */
    @JsonProperty("PreparingToStart")
    PREPARING_TO_START("PreparingToStart"),
    /** The Velero Backup exists; Velero has not started it yet (no phase, New, Queued or ReadyToStart). */
    @JsonProperty("Starting")
    STARTING("Starting"),
    /** Velero is working on the backup. */
    @JsonProperty("Active")
    ACTIVE("Active"),
    /** Velero completed the backup. */
    @JsonProperty("Succeeded")
    SUCCEEDED("Succeeded"),
    /** Velero ended the backup Failed, PartiallyFailed or FailedValidation, or it could not be created. */
    @JsonProperty("Error")
    ERROR("Error"),
    /** The backup reached no result before its deadline. */
    @JsonProperty("Timeout")
    TIMEOUT("Timeout");

    private final String wireName;

    UpgradeBackupState(String wireName) {
        this.wireName = wireName;
    }

    /** No further change without a retry (a timed-out backup that Velero still completes becomes Succeeded). */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == ERROR || this == TIMEOUT;
    }

    /** The states a user may retry from. */
    public boolean isFailed() {
        return this == ERROR || this == TIMEOUT;
    }

    /** The name written into the status (as its {@code @JsonProperty}), e.g. {@code PreparingToStart}. */
    public String wireName() {
        return wireName;
    }
}
