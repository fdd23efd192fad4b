package io.k0rdent.backup.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementRestoreStatus;
import io.k0rdent.backup.api.RestorePhase;
import io.k0rdent.backup.restore.RestoreDecider.Blocker;
import io.k0rdent.backup.restore.RestoreDecider.Decision;
import io.k0rdent.backup.restore.RestoreDecider.DryRun;
import io.k0rdent.backup.restore.RestoreDecider.Start;

/** The Kubernetes events a ManagementRestore's change is worth: only transitions, so a steady state emits nothing. */
public final class RestoreEvents {

    /** One event to record on the ManagementRestore. */
    public record EventSpec(boolean warning, String reason, String message) {
    }

    private RestoreEvents() {
    }

    public static List<EventSpec> between(ManagementRestoreStatus old, ManagementRestoreStatus updated, Decision decision,
            AttemptOutcome outcome) {
        ManagementRestoreStatus before = old == null ? new ManagementRestoreStatus() : old;
        List<EventSpec> events = new ArrayList<>();
        if (decision.action() instanceof Start start && outcome.created() != null) {
            String what = "Velero Restore " + updated.getRestoreName() + " of Velero Backup " + start.backupName()
                    + (outcome.modifierCreated() == null ? "" : " with resource modifier ConfigMap " + outcome.modifierCreated());
            events.add(start.attempt() == 1 ? new EventSpec(false, "RestoreCreated", "Created " + what)
                    : new EventSpec(false, "RestoreRestarted", "Attempt " + start.attempt() + ": created " + what));
            if (!start.plan().providersKnown()) {
                events.add(new EventSpec(true, "ProvidersUnknown", "Velero Backup " + start.backupName()
                        + " does not record its CAPI providers (annotation " + Labels.PROVIDERS_ANNOTATION
                        + "): no Azure or vSphere caveats were applied; add them to spec.excludedResources if the backup "
                        + "contains such clusters"));
            }
        }
        if (decision.action() instanceof DryRun && (before.getPhase() != RestorePhase.Planned
                || !Objects.equals(before.getPlan(), updated.getPlan()))) {
            events.add(new EventSpec(false, "RestorePlanned", updated.getMessage()));
        }
        Blocker blocker = decision.blocker().orElse(outcome.failure());
        if (blocker != null && !Objects.equals(blocker.message(), before.getError())) {
            events.add(new EventSpec(true, blocker.reason(), blocker.message()));
        }
        if (decision.restartRejected() != null) {
            events.add(new EventSpec(true, "RestartRejected", decision.restartRejected()));
        }
        RestorePhase phase = updated.getPhase();
        boolean sameAttempt = Objects.equals(before.getAttempt(), updated.getAttempt());
        if (phase != null && phase.isTerminal() && (!sameAttempt || before.getPhase() != phase)) {
            events.add(switch (phase) {
                case Completed -> new EventSpec(false, "RestoreCompleted", updated.getMessage());
                case PartiallyFailed -> new EventSpec(true, "RestorePartiallyFailed", updated.getError());
                default -> new EventSpec(true, "RestoreFailed", updated.getError());
            });
        }
        if (outcome.modifierDeleted()) {
            events.add(new EventSpec(false, "ResourceModifierDeleted", "Deleted the rollback ConfigMap "
                    + before.getResourceModifier() + " of the finished attempt"));
        }
        return events;
    }
}
