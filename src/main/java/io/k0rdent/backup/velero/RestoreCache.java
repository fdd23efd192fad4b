package io.k0rdent.backup.velero;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.k0rdent.backup.api.ApiErrors;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.api.velero.Velero;
import io.k0rdent.backup.cache.Informers;
import io.k0rdent.backup.cache.LeanItemStore;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.metrics.WatchFailures;

/**
 * Watches the Velero Restores this operator created (by the management-restore label) in the system namespace. It starts
 * on first use once {@link VeleroCache} has found Velero's API, so Velero may be installed after this operator.
 */
@ApplicationScoped
public class RestoreCache {

    /** Counts the failures after which its watch lists again; set by CDI, uncounted where made by hand (tests). */
    @Inject
    WatchFailures watchFailures = WatchFailures.UNCOUNTED;

    private static final Logger LOG = Logger.getLogger(RestoreCache.class);

    private final KubernetesClient client;
    private final OperatorConfig config;
    private final VeleroCache velero;
    private final List<Consumer<Restore>> listeners = new CopyOnWriteArrayList<>();
    private final Object startLock = new Object();

    private volatile SharedIndexInformer<Restore> restores;

    public RestoreCache(KubernetesClient client, OperatorConfig config, VeleroCache velero) {
        this.client = client;
        this.config = config;
        this.velero = velero;
    }

    /** Called with every Velero Restore this operator created (added, changed or deleted). */
    public void onRestoreChange(Consumer<Restore> listener) {
        listeners.add(listener);
    }

    /** Whether Velero's Backups and Restores are served (and watched from now on). */
    public boolean isInstalled() {
        // asked before taking our lock: VeleroCache runs its listeners under its own lock
        if (!velero.isInstalled()) {
            return false;
        }
        if (restores != null) {
            return true;
        }
        synchronized (startLock) {
            if (restores == null && restoresServed()) {
                LOG.infof("Watching Velero Restores in namespace %s", config.systemNamespace());
                SharedIndexInformer<Restore> informer = client.resources(Restore.class).inNamespace(config.systemNamespace())
                        .withLabel(Labels.MANAGEMENT_RESTORE).runnableInformer(0);
                Informers.keepWatching(informer, "restores." + Velero.GROUP, watchFailures).itemStore(new LeanItemStore<>());
                informer.addEventHandler(VeleroCache.notifying(listeners));
                informer.run();
                restores = informer;
            }
        }
        return restores != null;
    }

    /**
     * The Velero Restore with this name. Falls back to the API server when the watch has not seen it yet, so a Restore
     * just created is never mistaken for one that was deleted.
     */
    public Optional<Restore> restore(String name) {
        if (!isInstalled()) {
            return Optional.empty();
        }
        Restore cached = restores.getStore().getByKey(config.systemNamespace() + "/" + name);
        if (cached != null) {
            return Optional.of(cached);
        }
        return Optional.ofNullable(client.resources(Restore.class).inNamespace(config.systemNamespace()).withName(name).get());
    }

    /**
     * The Velero Restores this operator created that Velero has not finished, oldest first. While one runs, new backups
     * and retention deletions wait: a backup would capture a half-restored cluster.
     */
    public List<Restore> running() {
        if (!isInstalled()) {
            return List.of();
        }
        return restores.getStore().list().stream()
                .filter(r -> !Velero.isTerminal(r.phase()))
                .sorted(Comparator.comparing((Restore r) -> String.valueOf(r.getMetadata().getCreationTimestamp()))
                        .thenComparing(r -> r.getMetadata().getName()))
                .toList();
    }

    private boolean restoresServed() {
        try {
            APIResourceList resources = client.getApiResources(Velero.API_VERSION);
            return resources != null && resources.getResources().stream().anyMatch(r -> "restores".equals(r.getName()));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warnf("Cannot tell whether Velero serves Restores: %s", ApiErrors.concise(e));
            }
            return false;
        }
    }

    @PreDestroy
    void stop() {
        if (restores != null) {
            restores.stop();
        }
    }
}
