package io.k0rdent.backup.status;

import java.time.Instant;

import io.k0rdent.backup.api.BackupRefusal;
import io.k0rdent.backup.velero.BackupSelectors.Selection;

/**
 * What the controller did about a decision: the Backup it created or adopted, the slot it handled (taken or skipped), and
 * why a slot was skipped or a Backup could not be created, the selection of a Backup created now, and a refusal of the
 * API server that holds further attempts. All fields are null when nothing was done.
 */
public record Outcome(String backupName, Instant backupTime, Instant handledSlot, String skipReason, String failure,
        Selection selection, BackupRefusal refusal, boolean refusalHeld) {

    public static final Outcome NOTHING = new Outcome(null, null, null, null, null, null, null, false);

    public static Outcome created(String name, Instant backupTime, Instant slot) {
        return new Outcome(name, backupTime, slot, null, null, null, null, false);
    }

    public static Outcome skipped(Instant slot, String reason) {
        return new Outcome(null, null, slot, reason, null, null, null, false);
    }

    /** The Backup could not be created for a reason retrying will not fix (e.g. its name is taken by another object). */
    public static Outcome failed(Instant slot, String failure) {
        return new Outcome(null, null, slot, null, failure, null, null, false);
    }

    /** This outcome, for a Backup created with {@code selection}. */
    public Outcome withSelection(Selection selection) {
        return new Outcome(backupName, backupTime, handledSlot, skipReason, failure, selection, refusal, refusalHeld);
    }

    /**
     * The API server refused the Backup (or would): the slot stays unhandled, so that it is taken once an input of the
     * refusal changes, and nothing is sent before that.
     */
    public static Outcome refused(BackupRefusal refusal) {
        return new Outcome(null, null, null, null, refusal.getMessage(), null, refusal, false);
    }

    /** Nothing sent: {@code refusal}, already announced, still holds. */
    public static Outcome held(BackupRefusal refusal) {
        return new Outcome(null, null, null, null, refusal.getMessage(), null, refusal, true);
    }
}
