package io.k0rdent.backup.controller;

import java.util.List;

import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.cache.LeanItemStore;
import io.k0rdent.backup.ha.Leadership;
import io.k0rdent.backup.upgrade.ManagementView;
import io.k0rdent.backup.upgrade.ManagementWatch;
import io.k0rdent.backup.upgrade.PreUpgradeBackups;
import io.k0rdent.backup.upgrade.UpgradeStats;

/**
 * The upgrade watch: for each scheduled ManagementBackup with {@code performOnManagementUpgrade}, creates the pre-upgrade
 * ManagementBackup {@code <name>-<installed release>} while a kcm Management is upgrading. It only creates; the
 * ManagementBackup controller takes it from there. Woken by every change of a Management.
 */
@ControllerConfiguration(name = UpgradeWatchReconciler.NAME, informer = @Informer(itemStore = LeanItemStore.class))
public class UpgradeWatchReconciler implements Reconciler<ManagementBackup> {

    public static final String NAME = "upgradewatch";

    private final ManagementWatch managements;
    private final PreUpgradeBackupStarter starter;
    private final UpgradeStats stats;
    @Inject
    Leadership leadership;

    public UpgradeWatchReconciler(ManagementWatch managements, PreUpgradeBackupStarter starter, UpgradeStats stats) {
        this.managements = managements;
        this.starter = starter;
        this.stats = stats;
    }

    @Override
    public List<EventSource<?, ManagementBackup>> prepareEventSources(EventSourceContext<ManagementBackup> context) {
        SimpleInboundEventSource<ManagementBackup> source = new SimpleInboundEventSource<>("managements");
        Runnable wakeFlagged = () -> context.getPrimaryCache().list().filter(PreUpgradeBackups::performsOnUpgrade)
                .forEach(mb -> source.propagateEvent(ResourceID.fromResource(mb)));
        managements.onChange(management -> {
            stats.managementChanged(ManagementView.of(management));
            wakeFlagged.run();
        });
        managements.onStarted(wakeFlagged);
        stats.countFrom(() -> context.getPrimaryCache().list().filter(PreUpgradeBackups::isPreUpgradeBackup).toList());
        return List.of(source);
    }

    @Override
    public UpdateControl<ManagementBackup> reconcile(ManagementBackup mb, Context<ManagementBackup> context) {
        if (!leadership.isLeader()) {
            // a standby: the lease holder reconciles; this replica catches up on everything when it acquires the lease
            return UpdateControl.noUpdate();
        }
        // without kcm's Management API there is nothing to watch yet; the watch logs it, and wakes us once it starts
        if (!PreUpgradeBackups.performsOnUpgrade(mb) || !managements.isWatching()) {
            return UpdateControl.noUpdate();
        }
        for (GenericKubernetesResource management : managements.managements()) {
            ManagementView view = ManagementView.of(management);
            if (!view.upgradePending()) {
                continue;
            }
            ManagementBackup desired = PreUpgradeBackups.desired(mb, view.statusRelease());
            if (context.getPrimaryCache().get(ResourceID.fromResource(desired)).isEmpty()) {
                starter.start(desired, management, view.statusRelease(), view.specRelease());
            }
        }
        return UpdateControl.noUpdate();
    }
}
