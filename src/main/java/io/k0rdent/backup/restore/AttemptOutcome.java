package io.k0rdent.backup.restore;

import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.restore.RestoreDecider.Blocker;

/**
 * What the controller did about a decision: the Velero Restore it created (or adopted), the rollback ConfigMap it
 * created or deleted, or why the attempt could not be created. Fields are null (false) when nothing was done.
 */
public record AttemptOutcome(Restore created, String modifierCreated, boolean modifierDeleted, Blocker failure) {

    public static final AttemptOutcome NOTHING = new AttemptOutcome(null, null, false, null);

    public AttemptOutcome withModifierDeleted() {
        return new AttemptOutcome(created, modifierCreated, true, failure);
    }

    public AttemptOutcome withCreated(Restore restore, String modifier) {
        return new AttemptOutcome(restore, modifier, modifierDeleted, failure);
    }

    public AttemptOutcome withFailure(Blocker blocker) {
        return new AttemptOutcome(created, modifierCreated, modifierDeleted, blocker);
    }
}
