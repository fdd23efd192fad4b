package io.k0rdent.backup.upgrade;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.k0rdent.backup.api.ApiErrors;
import io.k0rdent.backup.cache.Informers;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.kcm.KcmApi;
import io.k0rdent.backup.metrics.WatchFailures;
import io.quarkus.scheduler.Scheduled;

/**
 * Watches kcm's Management objects at whichever version the cluster serves. kcm may be installed after this operator,
 * and an upgrade of kcm may change the served version: a periodic check (re)starts the watch, and listeners hear about
 * every Management change and about the watch starting, so nothing needs a restart.
 */
@ApplicationScoped
public class ManagementWatch {

    /** Counts the failures after which its watch lists again; set by CDI, uncounted where made by hand (tests). */
    @Inject
    WatchFailures watchFailures = WatchFailures.UNCOUNTED;

    public static final String KIND = "Management";
    public static final String PLURAL = "managements";

    private static final Logger LOG = Logger.getLogger(ManagementWatch.class);

    private final KubernetesClient client;
    private final KcmApi kcm;
    private final OperatorConfig config;
    private final List<Consumer<GenericKubernetesResource>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> startListeners = new CopyOnWriteArrayList<>();

    private volatile SharedIndexInformer<GenericKubernetesResource> informer;
    private volatile String version;
    private volatile boolean checked;
    private volatile boolean reportedMissing;

    public ManagementWatch(KubernetesClient client, KcmApi kcm, OperatorConfig config) {
        this.client = client;
        this.kcm = kcm;
        this.config = config;
    }

    /** Called with every Management added, changed or deleted. */
    public void onChange(Consumer<GenericKubernetesResource> listener) {
        listeners.add(listener);
    }

    /** Called whenever the watch (re)starts, e.g. once kcm's CRD appears. */
    public void onStarted(Runnable listener) {
        startListeners.add(listener);
    }

    public boolean isWatching() {
        if (!checked) {
            check();
        }
        return informer != null;
    }

    /** Every Management, as last seen; empty while kcm's Management API is not served. */
    public List<GenericKubernetesResource> managements() {
        return isWatching() ? informer.getStore().list() : List.of();
    }

    public Optional<GenericKubernetesResource> management(String name) {
        return isWatching() ? Optional.ofNullable(informer.getStore().getByKey(name)) : Optional.empty();
    }

    @Scheduled(every = "${kcm-backup.upgrade.management-check-interval:30s}",
            delayed = "${kcm-backup.upgrade.management-check-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void check() {
        checked = true;
        Optional<String> served;
        try {
            served = kcm.servedVersion(PLURAL);
        } catch (KubernetesClientException e) {
            LOG.warnf("Cannot tell whether kcm's Management API is served (will check again in %s): %s",
                    config.upgrade().managementCheckInterval(), ApiErrors.concise(e));
            return;
        }
        if (informer != null && served.isPresent() && served.get().equals(version)) {
            return;
        }
        if (served.isEmpty()) {
            if (informer != null) {
                LOG.warnf("kcm's Management API (%s.%s) is no longer served: stopped watching Managements", PLURAL, KcmApi.GROUP);
                stopInformer();
            } else if (!reportedMissing) {
                LOG.warnf("kcm's Management API (%s.%s) is not served: no backups are taken before kcm upgrades until kcm is "
                        + "installed; checking again every %s", PLURAL, KcmApi.GROUP, config.upgrade().managementCheckInterval());
            }
            reportedMissing = true;
            return;
        }
        if (informer != null) {
            LOG.infof("kcm now serves Management as %s instead of %s: restarting the watch", served.get(), version);
            stopInformer();
        }
        start(served.get());
    }

    private void start(String servedVersion) {
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(KcmApi.GROUP)
                .withVersion(servedVersion).withKind(KIND).withPlural(PLURAL).withNamespaced(false).build();
        SharedIndexInformer<GenericKubernetesResource> started = client.genericKubernetesResources(context).runnableInformer(0);
        Informers.keepWatching(started, PLURAL + "." + KcmApi.GROUP, watchFailures).addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                notifyListeners(obj);
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                notifyListeners(newObj);
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                notifyListeners(obj);
            }
        });
        try {
            started.run();
        } catch (KubernetesClientException e) {
            started.stop();
            LOG.warnf("Cannot watch kcm's Managements (%s) yet, will try again in %s: %s", servedVersion,
                    config.upgrade().managementCheckInterval(), ApiErrors.concise(e));
            return;
        }
        informer = started;
        version = servedVersion;
        reportedMissing = false;
        LOG.infof("Watching kcm's Managements at %s/%s", KcmApi.GROUP, servedVersion);
        startListeners.forEach(Runnable::run);
    }

    private void notifyListeners(GenericKubernetesResource management) {
        for (Consumer<GenericKubernetesResource> listener : listeners) {
            try {
                listener.accept(management);
            } catch (RuntimeException e) {
                // a listener's bug must not stop the informer from delivering the next change
                LOG.errorf(e, "Handling a change of Management %s failed", management.getMetadata().getName());
            }
        }
    }

    private void stopInformer() {
        SharedIndexInformer<GenericKubernetesResource> running = informer;
        informer = null;
        version = null;
        if (running != null) {
            running.stop();
        }
    }

    @PreDestroy
    synchronized void stop() {
        stopInformer();
    }
}
