package io.k0rdent.backup.status;

import java.time.Instant;

/**
 * What the controller did about a decision: the Backup it created or adopted, the slot it handled (taken or skipped), and
 * why a slot was skipped or a Backup could not be created. All fields are null when nothing was done.
 */
public record Outcome(String backupName, Instant backupTime, Instant handledSlot, String skipReason, String failure) {

    public static final Outcome NOTHING = new Outcome(null, null, null, null, null);

    public static Outcome created(String name, Instant backupTime, Instant slot) {
        return new Outcome(name, backupTime, slot, null, null);
    }

    public static Outcome skipped(Instant slot, String reason) {
        return new Outcome(null, null, slot, reason, null);
    }

    /** The Backup could not be created for a reason retrying will not fix (e.g. its name is taken by another object). */
    public static Outcome failed(Instant slot, String failure) {
        return new Outcome(null, null, slot, null, failure);
    }
}
