package io.k0rdent.backup.controller;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.k0rdent.backup.api.ApiErrors;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.ManagementRestoreSpec;
import io.k0rdent.backup.api.ManagementRestoreStatus;
import io.k0rdent.backup.api.RestorePhase;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.cache.LeanItemStore;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.ha.Leadership;
import io.k0rdent.backup.metrics.BackupMetrics;
import io.k0rdent.backup.metrics.RestoreOutcome;
import io.k0rdent.backup.metrics.UnreadableObjects;
import io.k0rdent.backup.restore.AttemptOutcome;
import io.k0rdent.backup.restore.RestoreDecider;
import io.k0rdent.backup.restore.RestoreDecider.Decision;
import io.k0rdent.backup.restore.RestoreDecider.Start;
import io.k0rdent.backup.restore.RestoreEvents;
import io.k0rdent.backup.restore.RestoreStatusCalculator;
import io.k0rdent.backup.restore.SourceResolver;
import io.k0rdent.backup.status.Conditions;
import io.k0rdent.backup.velero.RestoreCache;
import io.k0rdent.backup.velero.VeleroCache;

/**
 * Reconciles ManagementRestores: observes Velero, lets {@link RestoreDecider} decide, creates the attempt's objects, and
 * writes the status {@link RestoreStatusCalculator} computes. Woken by changes of its Velero Restores, of the Backups this
 * operator created, by Velero's installation, and by a restart annotation (annotations do not bump the generation, so
 * this controller is not generation-aware).
 */
@ControllerConfiguration(name = ManagementRestoreReconciler.NAME, generationAwareEventProcessing = false,
        informer = @Informer(itemStore = LeanItemStore.class))
public class ManagementRestoreReconciler implements Reconciler<ManagementRestore> {

    @Inject
    BackupMetrics metrics;
    @Inject
    Leadership leadership;
    @Inject
    UnreadableHold unreadable;
    @Inject
    UnreadableObjects unreadableObjects;

    public static final String NAME = "managementrestore";
    private static final Logger LOG = Logger.getLogger(ManagementRestoreReconciler.class);

    private final KubernetesClient client;
    private final VeleroCache velero;
    private final RestoreCache restores;
    private final RestoreCreator creator;
    private final EventRecorder events;
    private final OperatorConfig config;
    private final Clock clock;
    private final Wakeups wakeups;

    public ManagementRestoreReconciler(KubernetesClient client, VeleroCache velero, RestoreCache restores,
            RestoreCreator creator, EventRecorder events, OperatorConfig config, Clock clock, Wakeups wakeups) {
        this.client = client;
        this.velero = velero;
        this.restores = restores;
        this.creator = creator;
        this.events = events;
        this.config = config;
        this.clock = clock;
        this.wakeups = wakeups;
    }

    @Override
    public List<EventSource<?, ManagementRestore>> prepareEventSources(EventSourceContext<ManagementRestore> context) {
        SimpleInboundEventSource<ManagementRestore> source = new SimpleInboundEventSource<>("velero-restores");
        Runnable wakeAll = () -> context.getPrimaryCache().list()
                .forEach(mr -> source.propagateEvent(ResourceID.fromResource(mr)));
        restores.onRestoreChange(restore -> ownerOf(restore).ifPresent(name -> source.propagateEvent(new ResourceID(name))));
        // a backup that completes or appears may be what a waiting restore needs
        velero.onBackupChange(backup -> context.getPrimaryCache().list()
                .filter(mr -> mr.getStatus() == null || mr.getStatus().getPhase() == null
                        || mr.getStatus().getPhase() == RestorePhase.Pending)
                .forEach(mr -> source.propagateEvent(ResourceID.fromResource(mr))));
        velero.onInstalled(wakeAll);
        wakeups.register(source::propagateEvent, wakeAll);
        unreadableObjects.countHeld(ManagementRestore.class, () -> context.getPrimaryCache().list());
        return List.of(source);
    }

    private static Optional<String> ownerOf(Restore restore) {
        Map<String, String> annotations = restore.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(Labels.MANAGEMENT_RESTORE));
    }

    @Override
    public UpdateControl<ManagementRestore> reconcile(ManagementRestore mr, Context<ManagementRestore> context) {
        if (!leadership.isLeader()) {
            // a standby: the lease holder reconciles; this replica catches up on everything when it acquires the lease
            return UpdateControl.noUpdate();
        }
        if (mr.hasReadProblems()) {
            unreadable.hold(mr, mr.getStatus(), RestoreStatusCalculator.READY, "it starts no restore");
            return UpdateControl.noUpdate();
        }
        Instant now = clock.instant();
        ManagementRestoreStatus old = mr.getStatus();
        int attempt = old == null ? 0 : old.currentAttempt();
        boolean installed = restores.isInstalled();
        Optional<Restore> current = installed && attempt > 0 ? restores.restore(old.getRestoreName()) : Optional.empty();

        Decision decision = RestoreDecider.decide(mr, new RestoreDecider.Observation(installed, config.systemNamespace(),
                current, () -> resolve(mr.getSpec(), attempt > 0 ? old.getBackupName() : null)));

        AttemptOutcome outcome = AttemptOutcome.NOTHING;
        if (decision.deleteModifier().isPresent()) {
            outcome = creator.deleteModifier(decision.deleteModifier().get(), outcome);
        }
        if (decision.action() instanceof Start start) {
            outcome = creator.start(mr, start.plan(), outcome);
        }

        ManagementRestoreStatus updated = RestoreStatusCalculator.next(mr, decision, outcome, current, now);
        if (!updated.equals(old)) {
            // replaces the whole status at the resourceVersion it was computed from: a concurrent change fails it with a
            // conflict and the reconcile is retried on fresh data
            ManagementRestore replacement = Serialization.clone(mr);
            replacement.setStatus(updated);
            context.resourceOperations().updatePrimaryStatus(replacement);
        }
        RestoreEvents.between(old, updated, decision, outcome)
                .forEach(e -> events.record(mr, e.warning() ? "Warning" : "Normal", e.reason(), e.message()));
        countRestore(old, updated);

        UpdateControl<ManagementRestore> control = UpdateControl.noUpdate();
        if (updated.getPhase() == RestorePhase.Pending) {
            // what it waits for may not send an event (a Backup created by someone else): look again, unhurried
            control.rescheduleAfter(config.restoreRecheckInterval());
        }
        return control;
    }

    /** Counts a Velero Restore once when it is created and once when it ends: both are status transitions. */
    private void countRestore(ManagementRestoreStatus old, ManagementRestoreStatus updated) {
        boolean newAttempt = updated.getRestoreName() != null
                && (old == null || !updated.getRestoreName().equals(old.getRestoreName()));
        if (newAttempt) {
            metrics.restoreStarted();
        }
        RestorePhase before = old == null || newAttempt ? null : old.getPhase();
        RestorePhase after = updated.getPhase();
        boolean ended = after == RestorePhase.Completed || after == RestorePhase.PartiallyFailed || after == RestorePhase.Failed;
        if (ended && before != after && updated.getRestoreName() != null) {
            metrics.restoreFinished(RestoreOutcome.ofPhase(after.name()));
        }
    }

    /** Finds the source backup: by name among all Backups, or the newest of a ManagementBackup by our label. */
    private SourceResolver.Resolution resolve(ManagementRestoreSpec spec, String pinned) {
        Optional<Backup> named = Optional.empty();
        if (spec != null && spec.hasBackupName()) {
            // the cache holds only Backups this operator created; one made by hand or by the Velero CLI is read directly
            named = velero.backup(spec.getBackupName()).or(() -> Optional.ofNullable(client.resources(Backup.class)
                    .inNamespace(config.systemNamespace()).withName(spec.getBackupName()).get()));
        }
        List<Backup> ofOwner = spec != null && spec.hasFromManagementBackup() ? velero.backupsOf(spec.getFromManagementBackup())
                : List.of();
        return SourceResolver.resolve(spec, named, ofOwner, pinned, config.systemNamespace());
    }

    @Override
    public ErrorStatusUpdateControl<ManagementRestore> updateErrorStatus(ManagementRestore mr,
            Context<ManagementRestore> context, Exception e) {
        LOG.warnf(e, "Reconciling ManagementRestore %s failed", mr.getMetadata().getName());
        // a copy: the status of the object given to a reconcile is the cached one's (ReconcileCopies)
        ManagementRestore report = Serialization.clone(mr);
        ManagementRestoreStatus status = report.getStatus() == null ? new ManagementRestoreStatus() : report.getStatus();
        String message = "reconcile failed (will retry): " + ApiErrors.concise(e);
        status.setError(message);
        status.setConditions(Conditions.set(status.getConditions(), RestoreStatusCalculator.READY, false, "ReconcileError",
                message, mr.getMetadata().getGeneration(), clock.instant()));
        report.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(report);
    }
}
