package io.k0rdent.backup.controller;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.UpgradeBackupState;
import io.k0rdent.backup.api.UpgradeBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.DeleteBackupRequest;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.status.Outcome;
import io.k0rdent.backup.upgrade.PreUpgradeBackups;
import io.k0rdent.backup.upgrade.PreUpgradeStatus;
import io.k0rdent.backup.upgrade.StaleBackupDeletion;
import io.k0rdent.backup.upgrade.UpgradeBackupMachine;
import io.k0rdent.backup.upgrade.UpgradeBackupMachine.ObservedBackup;
import io.k0rdent.backup.metrics.BackupMetrics;
import io.k0rdent.backup.metrics.PreUpgradeOutcome;
import io.k0rdent.backup.upgrade.UpgradeStats;
import io.k0rdent.backup.velero.BackupDecider;
import io.k0rdent.backup.velero.BackupDecider.Decision;
import io.k0rdent.backup.velero.BackupFactory;
import io.k0rdent.backup.velero.VeleroCache;

/**
 * Runs the {@link UpgradeBackupMachine} of a pre-upgrade ManagementBackup inside its ManagementBackup reconcile: observes
 * its Velero Backup, requests the deletion of an earlier attempt's leftovers, and tells the reconciler whether to create
 * the Backup. The reconciler stays the only writer of the ManagementBackup's status.
 */
@ApplicationScoped
public class UpgradeBackupDriver {

    @Inject
    BackupMetrics metrics;

    /** How often to look at a pending deletion: Velero's refusal is written into the request, which nothing watches. */
    static final Duration CLEANUP_POLL = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final VeleroCache velero;
    private final EventRecorder events;
    private final OperatorConfig config;
    private final UpgradeStats stats;

    public UpgradeBackupDriver(KubernetesClient client, VeleroCache velero, EventRecorder events, OperatorConfig config,
            UpgradeStats stats) {
        this.client = client;
        this.velero = velero;
        this.events = events;
        this.config = config;
        this.stats = stats;
    }

    /** One reconcile's step of a pre-upgrade backup, to be completed once the reconciler has acted on its decision. */
    public record UpgradeStep(ManagementBackup mb, UpgradeBackupMachine.Step step, Decision decision,
            Optional<Backup> currentBackup) {

        /** Annotations of the Velero Backup this step creates: its attempt, so a later retry recognises it. */
        public Map<String, String> backupAnnotations() {
            return Map.of(Labels.UPGRADE_BACKUP_ATTEMPT_ANNOTATION, String.valueOf(step.status().getAttempt()));
        }

        /** The ManagementBackup as the status calculation should see it (see {@link PreUpgradeStatus#basis}). */
        public ManagementBackup basis() {
            return PreUpgradeStatus.basis(mb, step.status());
        }

        public ManagementBackupStatus complete(ManagementBackupStatus computed, Outcome outcome, Instant now) {
            UpgradeBackupStatus upgrade = step.action() instanceof UpgradeBackupMachine.Create
                    ? UpgradeBackupMachine.afterCreate(step.status(), outcome.failure(), now)
                    : step.status();
            return PreUpgradeStatus.apply(computed, upgrade, mb.getMetadata().getGeneration(), now);
        }

        /** The deadline of a running attempt, or sooner while a leftover's deletion is pending. */
        public Optional<Instant> wakeAt(ManagementBackupStatus updated, Instant now) {
            Optional<Instant> deadline = UpgradeBackupMachine.Step.wakeAt(updated.getUpgradeBackup());
            if (!(step.action() instanceof UpgradeBackupMachine.DeleteStale)) {
                return deadline;
            }
            Instant poll = now.plus(CLEANUP_POLL);
            return Optional.of(deadline.filter(d -> d.isBefore(poll)).orElse(poll));
        }
    }

    /**
     * @param decision what {@link BackupDecider} decided for the object as if it were any single backup: its blocker (Velero
     *            or the storage location missing, a restore running) keeps the state machine from creating a Backup
     * @param hold why no backup may start now although the decision has no blocker (a restore is running), if so
     */
    public UpgradeStep step(ManagementBackup mb, Decision decision, Optional<String> hold, Instant now) {
        String name = mb.getMetadata().getName();
        String backupName = mb.singleBackupName();
        String owner = BackupFactory.ownerLabelValue(name);
        // a Backup under our name made for another ManagementBackup is not ours to adopt or delete
        Optional<Backup> backup = velero.backup(backupName).filter(b -> b.getMetadata().getLabels() != null
                && owner.equals(b.getMetadata().getLabels().get(Labels.MANAGEMENT_BACKUP)));
        UpgradeBackupStatus previous = mb.getStatus() == null ? null : mb.getStatus().getUpgradeBackup();
        Map<String, String> annotations = mb.getMetadata().getAnnotations();
        UpgradeBackupMachine.Observation observed = new UpgradeBackupMachine.Observation(
                PreUpgradeBackups.release(mb).orElseThrow(), backupName, backup.map(ObservedBackup::of),
                decision.blocker().map(BackupDecider.Blocker::message).or(() -> hold),
                annotations == null ? null : annotations.get(Labels.RETRY_UPGRADE_BACKUP_ANNOTATION));

        UpgradeBackupMachine.Step step = UpgradeBackupMachine.next(previous, observed, config.upgrade().backupTimeout(), now);
        if (step.action() instanceof UpgradeBackupMachine.DeleteStale stale) {
            step = requestDeletion(mb, stale, step);
        }
        BackupDecider.Action action = step.action() instanceof UpgradeBackupMachine.Create create
                ? new BackupDecider.Create(create.backupName(), null)
                : new BackupDecider.Nothing();
        int attempt = step.status().getAttempt();
        Optional<Backup> current = step.status().getState() == UpgradeBackupState.PREPARING_TO_START ? Optional.empty()
                : backup.filter(b -> UpgradeBackupMachine.belongsTo(ObservedBackup.of(b), attempt));
        return new UpgradeStep(mb, step, new Decision(action, Optional.empty(), decision.blocker()), current);
    }

    /** Events and counts for what changed, after the status was written. */
    public void recorded(ManagementBackup mb, ManagementBackupStatus old, ManagementBackupStatus updated) {
        UpgradeBackupStatus before = old == null ? null : old.getUpgradeBackup();
        UpgradeBackupStatus after = updated.getUpgradeBackup();
        UpgradeBackupMachine.events(before, after)
                .forEach(e -> events.record(mb, e.warning() ? "Warning" : "Normal", e.reason(), e.message()));
        if (after != null && (before == null || before.getState() != after.getState()
                || !java.util.Objects.equals(before.getAttempt(), after.getAttempt()))) {
            boolean retried = before != null && before.getAttempt() != null && after.getAttempt() != null
                    && after.getAttempt() > before.getAttempt();
            stats.backupStateChanged(before == null ? null : before.getState(), after.getState(), retried);
            if (before == null || retried) {
                metrics.preUpgradeBackupStarted();
            }
            PreUpgradeOutcome.of(after.getState()).ifPresent(metrics::preUpgradeBackupFinished);
        }
    }

    /**
     * Asks Velero to delete the leftover Backup, once per attempt; the request's name is per attempt, so a later reconcile
     * finds it instead of asking again. Velero's complaints about it (e.g. a backup still in progress) go into the message.
     */
    private UpgradeBackupMachine.Step requestDeletion(ManagementBackup mb, UpgradeBackupMachine.DeleteStale stale,
            UpgradeBackupMachine.Step step) {
        String namespace = config.systemNamespace();
        DeleteBackupRequest request = StaleBackupDeletion.request(stale.backupName(), stale.attempt(), namespace,
                mb.getMetadata().getName());
        try {
            client.resources(DeleteBackupRequest.class).inNamespace(namespace).resource(request).create();
            events.normal(mb, "UpgradeBackupCleanup", "Requested deletion of Velero backup " + stale.backupName()
                    + " left by an earlier attempt (DeleteBackupRequest " + request.getMetadata().getName() + ")");
            return step;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        DeleteBackupRequest existing = client.resources(DeleteBackupRequest.class).inNamespace(namespace)
                .withName(request.getMetadata().getName()).get();
        List<String> errors = existing == null || existing.getStatus() == null ? null : existing.getStatus().getErrors();
        if (errors == null || errors.isEmpty()) {
            return step;
        }
        UpgradeBackupStatus status = step.status();
        status.setMessage(status.getMessage() + "; Velero could not delete it: " + String.join("; ", errors));
        return new UpgradeBackupMachine.Step(status, step.action());
    }
}
