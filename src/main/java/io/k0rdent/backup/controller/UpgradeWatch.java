package io.k0rdent.backup.controller;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.upgrade.ManagementView;
import io.k0rdent.backup.upgrade.ManagementWatch;
import io.k0rdent.backup.upgrade.PreUpgradeBackups;
import io.k0rdent.backup.upgrade.UpgradeStats;

/**
 * The upgrade watch: for each scheduled ManagementBackup with {@code performOnManagementUpgrade}, creates the pre-upgrade
 * ManagementBackup {@code <name>-<installed release>} while a kcm Management is upgrading. It only creates; the
 * ManagementBackup controller takes it from there.
 * <p>
 * It runs inside the ManagementBackup controller's reconcile of each flagged object, on that controller's cache, and every
 * change of a Management wakes the flagged objects. (A controller of its own on ManagementBackup had a second informer
 * of every ManagementBackup: each status write was sent, parsed and held twice.) A failed creation fails that reconcile,
 * which the controller retries with its backoff and reports in the object's status.
 */
@ApplicationScoped
public class UpgradeWatch {

    private final ManagementWatch managements;
    private final PreUpgradeBackupStarter starter;
    private final UpgradeStats stats;

    public UpgradeWatch(ManagementWatch managements, PreUpgradeBackupStarter starter, UpgradeStats stats) {
        this.managements = managements;
        this.starter = starter;
        this.stats = stats;
    }

    /** Wakes, through {@code wake}, every flagged ManagementBackup of {@code cache} when a Management changes. */
    void attach(IndexedResourceCache<ManagementBackup> cache, Consumer<ResourceID> wake) {
        Runnable wakeFlagged = () -> cache.list().filter(PreUpgradeBackups::performsOnUpgrade)
                .forEach(mb -> wake.accept(ResourceID.fromResource(mb)));
        managements.onChange(management -> {
            stats.managementChanged(ManagementView.of(management));
            wakeFlagged.run();
        });
        managements.onStarted(wakeFlagged);
        stats.countFrom(() -> cache.list().filter(PreUpgradeBackups::isPreUpgradeBackup).toList());
    }

    /**
     * For a flagged {@code mb}: starts the pre-upgrade backup of each Management whose upgrade is pending, unless
     * {@code cache} already has it. Without kcm's Management API there is nothing to watch yet; the watch logs it, and
     * wakes the flagged objects once it starts.
     */
    void reconcile(ManagementBackup mb, IndexedResourceCache<ManagementBackup> cache) {
        if (!PreUpgradeBackups.performsOnUpgrade(mb) || !managements.isWatching()) {
            return;
        }
        for (GenericKubernetesResource management : managements.managements()) {
            ManagementView view = ManagementView.of(management);
            if (!view.upgradePending()) {
                continue;
            }
            ManagementBackup desired = PreUpgradeBackups.desired(mb, view.statusRelease());
            if (cache.get(ResourceID.fromResource(desired)).isEmpty()) {
                starter.start(desired, management, view.statusRelease(), view.specRelease());
            }
        }
    }
}
