package io.k0rdent.backup.controller;

import java.time.Clock;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.ha.Leadership;
import io.k0rdent.backup.kcm.KcmApi;
import io.k0rdent.backup.kcm.KcmInventory;
import io.k0rdent.backup.metrics.BackupMetrics;
import io.k0rdent.backup.metrics.EventMetrics;
import io.k0rdent.backup.metrics.UnreadableObjects;
import io.k0rdent.backup.upgrade.ManagementWatch;
import io.k0rdent.backup.upgrade.UpgradeStats;
import io.k0rdent.backup.velero.RestoreCache;
import io.k0rdent.backup.velero.VeleroCache;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/** The ManagementBackup reconciler wired by hand, as CDI wires it, for a second operator instance in one JVM. */
public final class StandaloneReconciler {

    private StandaloneReconciler() {
    }

    /** A reconciler and the wakeups of its event source. */
    public record Wired(ManagementBackupReconciler reconciler, Wakeups wakeups) {
    }

    /** @param leadership whether the reconciler may act, as the replica's election decides */
    public static Wired create(KubernetesClient client, OperatorConfig config, Clock clock, BackupMetrics metrics,
            Leadership leadership) {
        VeleroCache velero = new VeleroCache(client, config);
        KcmApi kcm = new KcmApi(client, clock, config);
        KcmInventory inventory = new KcmInventory(client, kcm, config);
        BackupCreator creator = new BackupCreator(client, inventory, velero, config);
        creator.metrics = metrics;
        Wakeups wakeups = new Wakeups();
        EventRecorder events = new EventRecorder(client, clock, new EventMetrics(new SimpleMeterRegistry()));
        UpgradeStats stats = new UpgradeStats();
        UpgradeBackupDriver upgrades = new UpgradeBackupDriver(client, velero, events, config, stats);
        upgrades.metrics = metrics;
        ManagementBackupReconciler reconciler = new ManagementBackupReconciler(client, velero, creator, events, config, clock,
                wakeups, new RestoreCache(client, config, velero), new RetentionEnforcer(client, config, events),
                upgrades);
        reconciler.metrics = metrics;
        reconciler.leadership = leadership;
        reconciler.inventory = inventory;
        reconciler.unreadable = new UnreadableHold(client, events, clock);
        reconciler.unreadableObjects = new UnreadableObjects(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        // the Management watch is not started: this instance watches no upgrades, as if kcm's Management API were missing
        reconciler.upgradeWatch = new UpgradeWatch(new ManagementWatch(client, kcm, config),
                new PreUpgradeBackupStarter(client, events), stats);
        return new Wired(reconciler, wakeups);
    }
}
