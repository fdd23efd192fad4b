package io.k0rdent.backup.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.k0rdent.backup.api.ApiErrors;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.cache.ManagementBackupStore;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.ha.Leadership;
import io.k0rdent.backup.kcm.KcmInventory;
import io.k0rdent.backup.metrics.BackupMetrics;
import io.k0rdent.backup.metrics.UnreadableObjects;
import io.k0rdent.backup.restore.BackupHold;
import io.k0rdent.backup.status.Conditions;
import io.k0rdent.backup.status.Outcome;
import io.k0rdent.backup.status.StatusCalculator;
import io.k0rdent.backup.status.StatusEvents;
import io.k0rdent.backup.status.StatusRebuilder;
import io.k0rdent.backup.upgrade.PreUpgradeBackups;
import io.k0rdent.backup.velero.BackupDecider;
import io.k0rdent.backup.velero.BackupDecider.Decision;
import io.k0rdent.backup.velero.RestoreCache;
import io.k0rdent.backup.velero.StorageLocationCheck;
import io.k0rdent.backup.velero.VeleroCache;

/**
 * Reconciles ManagementBackups: observes Velero, lets {@link BackupDecider} decide, creates the Backup, and writes the
 * status {@link StatusCalculator} computes. It is woken at each slot by its own reschedule, by every change of one of
 * its Velero Backups or of a storage location, and, while a Backup of it stands refused, by changes of kcm's inventory.
 */
@ControllerConfiguration(name = ManagementBackupReconciler.NAME,
        // a retry request on a pre-upgrade backup is an annotation, which does not change the generation
        generationAwareEventProcessing = false,
        informer = @Informer(itemStore = ManagementBackupStore.class),
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class ManagementBackupReconciler implements Reconciler<ManagementBackup> {

    public static final String NAME = "managementbackup";
    /** Event reason: the object as stored is not valid for the installed CRD, so no write of it succeeds. */
    public static final String INVALID_FOR_CRD = "InvalidForCrd";
    private static final Logger LOG = Logger.getLogger(ManagementBackupReconciler.class);

    private final KubernetesClient client;
    private final VeleroCache velero;
    private final BackupCreator creator;
    private final EventRecorder events;
    private final OperatorConfig config;
    private final Clock clock;
    private final Wakeups wakeups;
    private final RestoreCache restores;
    private final RetentionEnforcer retention;
    private final UpgradeBackupDriver upgrades;
    @Inject
    BackupMetrics metrics;
    @Inject
    Leadership leadership;
    @Inject
    KcmInventory inventory;
    @Inject
    UpgradeWatch upgradeWatch;
    @Inject
    UnreadableHold unreadable;
    @Inject
    UnreadableObjects unreadableObjects;

    public ManagementBackupReconciler(KubernetesClient client, VeleroCache velero, BackupCreator creator, EventRecorder events,
            OperatorConfig config, Clock clock, Wakeups wakeups, RestoreCache restores, RetentionEnforcer retention,
            UpgradeBackupDriver upgrades) {
        this.client = client;
        this.velero = velero;
        this.creator = creator;
        this.events = events;
        this.config = config;
        this.clock = clock;
        this.wakeups = wakeups;
        this.restores = restores;
        this.retention = retention;
        this.upgrades = upgrades;
    }

    @Override
    public List<EventSource<?, ManagementBackup>> prepareEventSources(EventSourceContext<ManagementBackup> context) {
        SimpleInboundEventSource<ManagementBackup> source = new SimpleInboundEventSource<>("velero");
        Runnable wakeAll = () -> context.getPrimaryCache().list()
                .forEach(mb -> source.propagateEvent(ResourceID.fromResource(mb)));
        // Velero's progress goes ahead of the queue: behind a slot's creations, Completed would wait for all of them; so
        // does a pending kcm upgrade, which the gate may hold until its backup is done
        Consumer<ResourceID> wakeAhead = id -> ReconcileQueue.ahead(id, () -> source.propagateEvent(id));
        velero.onBackupChange(backup -> {
            if (!creator.isOwnCreationEcho(backup)) {
                ownerOf(backup).map(ResourceID::new).ifPresent(wakeAhead);
            }
        });
        velero.onStorageLocationChange(location -> context.getPrimaryCache().list()
                .filter(mb -> usesLocation(mb, location.getMetadata().getName()))
                .forEach(mb -> source.propagateEvent(ResourceID.fromResource(mb))));
        velero.onInstalled(wakeAll);
        // a refused Backup is sent again once what it selects changes; the others read the inventory at their next slot
        inventory.onChange(() -> context.getPrimaryCache().list()
                .filter(mb -> mb.getStatus() != null && mb.getStatus().getRefusal() != null)
                .forEach(mb -> source.propagateEvent(ResourceID.fromResource(mb))));
        // backups held while a restore ran may go once none runs
        restores.onRestoreChange(restore -> {
            if (restores.running().isEmpty()) {
                wakeAll.run();
            }
        });
        wakeups.register(source::propagateEvent, wakeAll);
        unreadableObjects.countHeld(ManagementBackup.class, () -> context.getPrimaryCache().list());
        upgradeWatch.attach(context.getPrimaryCache(), wakeAhead);
        return List.of(source);
    }

    private static Optional<String> ownerOf(Backup backup) {
        Map<String, String> annotations = backup.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(Labels.MANAGEMENT_BACKUP));
    }

    /** A location change matters to those naming it, and to those using the default (which may have moved). */
    private static boolean usesLocation(ManagementBackup mb, String location) {
        return mb.getSpec() == null || !mb.getSpec().hasStorageLocation() || location.equals(mb.getSpec().getStorageLocation());
    }

    @Override
    public UpdateControl<ManagementBackup> reconcile(ManagementBackup mb, Context<ManagementBackup> context) {
        if (!leadership.isLeader()) {
            // a standby: the lease holder reconciles; this replica catches up on everything when it acquires the lease
            return UpdateControl.noUpdate();
        }
        // first, so that a failure of this object's own backup does not hold the pre-upgrade backup of a pending upgrade;
        // a failure of the watch is raised once this object's own backup is taken care of, then retried and reported in
        // the status like any other
        RuntimeException upgradeFailure = null;
        try {
            upgradeWatch.reconcile(mb, context.getPrimaryCache());
        } catch (RuntimeException e) {
            upgradeFailure = e;
        }
        UpdateControl<ManagementBackup> control = reconcileBackup(mb, context);
        if (upgradeFailure != null) {
            throw upgradeFailure;
        }
        return control;
    }

    private UpdateControl<ManagementBackup> reconcileBackup(ManagementBackup mb, Context<ManagementBackup> context) {
        if (heldAsUnreadable(mb)) {
            return UpdateControl.noUpdate();
        }
        Instant now = clock.instant();
        mb = ensureComponentLabel(mb);
        // the answer to the label patch is the object as it is now: a status written meanwhile may be unreadable
        if (heldAsUnreadable(mb)) {
            return UpdateControl.noUpdate();
        }

        boolean installed = velero.isInstalled();
        String name = mb.getMetadata().getName();
        StorageLocationCheck location = installed
                ? StorageLocationCheck.of(mb.getSpec() == null ? null : mb.getSpec().getStorageLocation(),
                        velero.storageLocations(), config.systemNamespace())
                : new StorageLocationCheck(false, true, "VeleroNotInstalled", "Velero is not installed");
        List<Backup> own = velero.backupsOf(name);
        ManagementBackupStatus stored = mb.getStatus();
        // restored objects come back without their status: rebuild it from the Backups, so schedules go on where they were
        Optional<ManagementBackupStatus> rebuilt = StatusRebuilder.rebuild(mb, own);
        rebuilt.ifPresent(mb::setStatus);
        Optional<String> restoring = BackupHold.reason(restores.running());
        Decision decision = BackupHold.hold(
                BackupDecider.decide(mb, new BackupDecider.Observation(installed, location, own), now), restoring);
        // a pre-upgrade backup follows its own state machine, which decides whether and when its Velero Backup is created
        UpgradeBackupDriver.UpgradeStep upgrade = PreUpgradeBackups.isPreUpgradeBackup(mb)
                ? upgrades.step(mb, decision, restoring, now)
                : null;
        if (upgrade != null) {
            decision = upgrade.decision();
        }

        Outcome outcome = Outcome.NOTHING;
        if (decision.action() instanceof BackupDecider.Create create) {
            outcome = upgrade == null ? creator.create(mb, create, now) : creator.create(mb, create, now, upgrade.backupAnnotations());
        } else if (decision.action() instanceof BackupDecider.Skip skip) {
            outcome = Outcome.skipped(skip.slot(), skip.reason());
        }

        ManagementBackupStatus old = mb.getStatus();
        String lastName = outcome.backupName() != null ? outcome.backupName() : old == null ? null : old.getLastBackupName();
        Optional<Backup> last = lastName == null ? Optional.empty() : velero.backup(lastName);
        ManagementBackupStatus updated;
        if (upgrade == null) {
            updated = StatusCalculator.next(mb, decision, location, outcome, last, now);
        } else {
            updated = upgrade.complete(StatusCalculator.next(upgrade.basis(), decision, location, outcome, upgrade.currentBackup(),
                    now), outcome, now);
        }
        updated.setRetention(retention.apply(mb, own, old == null ? null : old.getRetention(), restoring.isPresent()));
        if (!updated.equals(stored)) {
            // replaces the whole status (so cleared fields go) at the resourceVersion it was computed from: a concurrent
            // change fails it with a conflict and the reconcile is retried on fresh data. mb is the operator SDK's copy
            // (or the answer of the label patch), not the cached object, so it is written as it is
            mb.setStatus(updated);
            try {
                context.resourceOperations().updatePrimaryStatus(mb);
            } catch (KubernetesClientException e) {
                if (!invalidForCrd(mb, e)) {
                    throw e;
                }
                // what was done stands (a Backup is found again by its name); the status is tried again at the next wake
                return wakeAt(decision, upgrade, updated, now);
            }
        }
        ManagementBackup subject = mb;
        rebuilt.ifPresent(r -> events.normal(subject, "StatusRebuilt", "Status rebuilt from Velero backup "
                + r.getLastBackupName()));
        StatusEvents.between(old, updated, outcome).forEach(e -> events.record(subject, e.warning() ? "Warning" : "Normal",
                e.reason(), e.message()));
        if (upgrade != null) {
            upgrades.recorded(subject, old, updated);
        }
        // after the status write: a reconcile that failed to write counts nothing and its retry counts once
        metrics.reconciled(subject, old, updated, outcome, own);

        return wakeAt(decision, upgrade, updated, now);
    }

    /** No update of the object; woken again at the next slot, or at a pre-upgrade backup's deadline. */
    private static UpdateControl<ManagementBackup> wakeAt(Decision decision, UpgradeBackupDriver.UpgradeStep upgrade,
            ManagementBackupStatus updated, Instant now) {
        UpdateControl<ManagementBackup> control = UpdateControl.noUpdate();
        Optional<Instant> next = decision.blocker().isPresent() ? Optional.empty() : decision.nextAttempt();
        if (upgrade != null) {
            // its deadline, so that a backup Velero never answers ends in Timeout
            next = upgrade.wakeAt(updated, now);
        }
        if (next.isPresent()) {
            Duration wait = Duration.between(now, next.get());
            control.rescheduleAfter(wait.isNegative() ? Duration.ZERO : wait);
        }
        return control;
    }

    /** An object with fields it cannot read is only reported on ({@link UnreadableHold}). */
    private boolean heldAsUnreadable(ManagementBackup mb) {
        if (!mb.hasReadProblems()) {
            return false;
        }
        unreadable.hold(mb, mb.getStatus(), StatusCalculator.READY,
                "it takes no scheduled or on-demand backups and deletes none");
        return true;
    }

    /** Every ManagementBackup carries the kcm component label, so that it is itself in every backup. */
    private ManagementBackup ensureComponentLabel(ManagementBackup mb) {
        Map<String, String> labels = mb.getMetadata().getLabels();
        if (labels != null && Labels.COMPONENT_KCM.equals(labels.get(Labels.COMPONENT))) {
            return mb;
        }
        try {
            return client.resources(ManagementBackup.class).withName(mb.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"labels\":{\"" + Labels.COMPONENT + "\":\"" + Labels.COMPONENT_KCM + "\"}}}");
        } catch (KubernetesClientException e) {
            if (!invalidForCrd(mb, e)) {
                throw e;
            }
            return mb;
        }
    }

    /**
     * Whether a write of {@code mb} failed because the object as stored is not valid for the installed CRD (a value an
     * earlier CRD allowed, such as a {@code retention.keepLast} past today's maximum): an API server without validation
     * ratcheting then refuses every write of it, labels and status included, until the user corrects it. Backups go on;
     * a Warning event (repeats counted on one Event) says what to correct, instead of a retry that cannot succeed.
     */
    private boolean invalidForCrd(ManagementBackup mb, KubernetesClientException e) {
        if (e.getCode() != 422) {
            return false;
        }
        events.warning(mb, INVALID_FOR_CRD, "the API server refuses every write of this ManagementBackup (its status "
                + "included) until it is corrected: " + ApiErrors.concise(e));
        return true;
    }

    @Override
    public ErrorStatusUpdateControl<ManagementBackup> updateErrorStatus(ManagementBackup mb, Context<ManagementBackup> context,
            Exception e) {
        LOG.warnf(e, "Reconciling ManagementBackup %s failed", mb.getMetadata().getName());
        ManagementBackupStatus status = mb.getStatus() == null ? new ManagementBackupStatus() : mb.getStatus().shallowCopy();
        String message = "reconcile failed (will retry): " + ApiErrors.concise(e);
        status.setError(message);
        status.setConditions(Conditions.set(status.getConditions(), StatusCalculator.READY, false, "ReconcileError", message,
                mb.getMetadata().getGeneration(), clock.instant()));
        // written like every other status (whole status at the read resourceVersion): a merge patch of a status the object
        // does not have yet is not reliably applied; failing to report must not stop the retry either
        try {
            ManagementBackup replacement = Serialization.clone(mb);
            replacement.setStatus(status);
            context.resourceOperations().updatePrimaryStatus(replacement);
        } catch (RuntimeException reportFailure) {
            LOG.debugf("Could not report the failure on ManagementBackup %s: %s", mb.getMetadata().getName(),
                    reportFailure.getMessage());
        }
        return ErrorStatusUpdateControl.noStatusUpdate();
    }
}
