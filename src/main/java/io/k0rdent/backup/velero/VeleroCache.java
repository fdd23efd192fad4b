package io.k0rdent.backup.velero;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.k0rdent.backup.api.ApiErrors;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupSpec;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.api.velero.Velero;
import io.k0rdent.backup.cache.Informers;
import io.k0rdent.backup.cache.LeanItemStore;
import io.k0rdent.backup.cache.SharedStrings;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.metrics.WatchFailures;
import io.quarkus.scheduler.Scheduled;

/**
 * Watches Velero's Backups and BackupStorageLocations in the system namespace, once Velero's API exists. Velero may be
 * installed after this operator (or not at all): until then every question answers "not installed", a periodic check
 * looks again, and listeners hear when it appears, so nothing needs a restart.
 */
@ApplicationScoped
public class VeleroCache {

    /** Counts the failures after which its watch lists again; set by CDI, uncounted where made by hand (tests). */
    @Inject
    WatchFailures watchFailures = WatchFailures.UNCOUNTED;

    private static final Logger LOG = Logger.getLogger(VeleroCache.class);
    private static final String BY_OWNER = "by-management-backup";
    /**
     * Backups per page of the (re)list: a Backup selects every cluster's objects, up to 1.5 MB at large fleets, and the
     * namespace keeps every Backup of every schedule until its TTL (an hourly one keeps 720). As one response, 720 Backups
     * of a fleet of 1,000 clusters (51 MiB) did not fit in the heap of the chart's 256 MiB limit.
     */
    static final long PAGE = 10;

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final List<Consumer<Backup>> backupListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<BackupStorageLocation>> locationListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> installListeners = new CopyOnWriteArrayList<>();

    private volatile SharedIndexInformer<Backup> backups;
    private volatile SharedIndexInformer<BackupStorageLocation> locations;
    private volatile boolean checked;

    public VeleroCache(KubernetesClient client, OperatorConfig config) {
        this.client = client;
        this.config = config;
    }

    /** Called with every Backup this operator created (added, changed or deleted). */
    public void onBackupChange(Consumer<Backup> listener) {
        backupListeners.add(listener);
    }

    /** Called with every BackupStorageLocation added, changed or deleted. */
    public void onStorageLocationChange(Consumer<BackupStorageLocation> listener) {
        locationListeners.add(listener);
    }

    /** Called once when Velero's API is found. */
    public void onInstalled(Runnable listener) {
        installListeners.add(listener);
    }

    public boolean isInstalled() {
        if (!checked) {
            check();
        }
        return backups != null && locations != null;
    }

    /** The Backup with this name, if it exists (whoever created it). */
    public Optional<Backup> backup(String name) {
        if (!isInstalled()) {
            return Optional.empty();
        }
        return Optional.ofNullable(backups.getStore().getByKey(config.systemNamespace() + "/" + name));
    }

    /** The Backups created for one ManagementBackup, by the owner label. */
    public List<Backup> backupsOf(String managementBackupName) {
        if (!isInstalled()) {
            return List.of();
        }
        return backups.getIndexer().byIndex(BY_OWNER, BackupFactory.ownerLabelValue(managementBackupName));
    }

    public Optional<BackupStorageLocation> storageLocation(String name) {
        if (!isInstalled()) {
            return Optional.empty();
        }
        return Optional.ofNullable(locations.getStore().getByKey(config.systemNamespace() + "/" + name));
    }

    public List<BackupStorageLocation> storageLocations() {
        return isInstalled() ? locations.getStore().list() : List.of();
    }

    /** Looks for Velero's API now (also run periodically) and starts watching once it is there. */
    @Scheduled(every = "${kcm-backup.velero-check-interval:30s}", delayed = "${kcm-backup.velero-check-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void check() {
        try {
            startWatchingIfServed();
        } finally {
            // set last: concurrent first callers wait on the lock instead of reading "not installed" too early
            checked = true;
        }
    }

    private void startWatchingIfServed() {
        if (backups != null && locations != null) {
            return;
        }
        if (!apiServed()) {
            LOG.debugf("Velero API %s is not served yet", Velero.API_VERSION);
            return;
        }
        String namespace = config.systemNamespace();
        LOG.infof("Velero API found: watching Backups and BackupStorageLocations in namespace %s", namespace);
        SharedIndexInformer<Backup> backupInformer = client.resources(Backup.class).inNamespace(namespace)
                .withLabel(Labels.MANAGEMENT_BACKUP).withLimit(PAGE).runnableInformer(0);
        Informers.keepWatching(backupInformer, "backups." + Velero.GROUP, watchFailures).itemStore(new LeanItemStore<>(VeleroCache::keepWhatIsRead));
        backupInformer.addIndexers(Map.of(BY_OWNER, b -> {
            Map<String, String> labels = b.getMetadata().getLabels();
            return labels == null ? List.of() : List.of(labels.get(Labels.MANAGEMENT_BACKUP));
        }));
        backupInformer.addEventHandler(notifying(backupListeners));
        SharedIndexInformer<BackupStorageLocation> locationInformer = client.resources(BackupStorageLocation.class)
                .inNamespace(namespace).runnableInformer(0);
        Informers.keepWatching(locationInformer, "backupstoragelocations." + Velero.GROUP,
                watchFailures).itemStore(new LeanItemStore<>());
        locationInformer.addEventHandler(notifying(locationListeners));
        backupInformer.run();
        locationInformer.run();
        backups = backupInformer;
        locations = locationInformer;
        installListeners.forEach(Runnable::run);
    }

    /**
     * A cached Backup keeps of its spec only the location and TTL: nothing here reads the rest once the Backup exists,
     * and the selection (the label selectors of every cluster's objects) is most of a Backup, up to the API server's
     * limit of about 1.5 MB each when the fleet is large; the cache holds every Backup kept of every ManagementBackup.
     * Its repeated strings are shared ({@link SharedStrings}).
     */
    static void keepWhatIsRead(Backup backup) {
        SharedStrings.inMetadata(backup.getMetadata());
        SharedStrings.inBackupStatus(backup.getStatus());
        BackupSpec spec = backup.getSpec();
        if (spec != null) {
            BackupSpec kept = new BackupSpec();
            kept.setStorageLocation(spec.getStorageLocation());
            kept.setTtl(spec.getTtl());
            backup.setSpec(kept);
        }
    }

    private boolean apiServed() {
        try {
            APIResourceList resources = client.getApiResources(Velero.API_VERSION);
            return resources != null && resources.getResources().stream().anyMatch(r -> "backups".equals(r.getName()))
                    && resources.getResources().stream().anyMatch(r -> "backupstoragelocations".equals(r.getName()));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warnf("Cannot tell whether Velero is installed: %s", ApiErrors.concise(e));
            }
            return false;
        }
    }

    /** An informer handler that hands every added, changed or deleted object to each listener. */
    static <T extends HasMetadata> ResourceEventHandler<T> notifying(List<Consumer<T>> listeners) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                listeners.forEach(l -> l.accept(obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                listeners.forEach(l -> l.accept(newObj));
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                listeners.forEach(l -> l.accept(obj));
            }
        };
    }

    @PreDestroy
    void stop() {
        if (backups != null) {
            backups.stop();
        }
        if (locations != null) {
            locations.stop();
        }
    }
}
