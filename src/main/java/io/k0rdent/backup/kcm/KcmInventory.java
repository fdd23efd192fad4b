package io.k0rdent.backup.kcm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.k0rdent.backup.api.ApiErrors;
import io.k0rdent.backup.cache.Informers;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.metrics.WatchFailures;
import io.quarkus.scheduler.Scheduled;

/**
 * What kcm manages right now: the ClusterDeployments and the CAPI providers of the templates they use, kept by informers
 * that hold only those fields, so that taking a backup costs no list call and memory grows by a small record per
 * cluster. kcm may be installed after this operator, or change the served version in an upgrade: a periodic check
 * (re)starts the informers, and listeners hear of every change that alters what a backup selects.
 */
@ApplicationScoped
public class KcmInventory {

    /** Counts the failures after which its watch lists again; set by CDI, uncounted where made by hand (tests). */
    @Inject
    WatchFailures watchFailures = WatchFailures.UNCOUNTED;

    static final String DEPLOYMENT_KIND = "ClusterDeployment";
    static final String DEPLOYMENTS = "clusterdeployments";
    static final String TEMPLATE_KIND = "ClusterTemplate";
    static final String TEMPLATES = "clustertemplates";
    /** Objects per page of an informer's (re)list: a fleet of 50,000 is never one response in memory. */
    static final long PAGE = 500;

    private static final Logger LOG = Logger.getLogger(KcmInventory.class);

    /** A ClusterDeployment and the providers its ClusterTemplate requires. */
    public record ClusterInUse(String namespace, String name, String template, List<String> providers) {
    }

    /** What the backup needs of a ClusterDeployment. */
    record Deployment(String namespace, String name, String template) implements CompactStore.Named {
    }

    /** What the backup needs of a ClusterTemplate. */
    record Template(String namespace, String name, List<String> providers) implements CompactStore.Named {
    }

    private final KubernetesClient client;
    private final KcmApi api;
    private final OperatorConfig config;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Watched<Deployment> deployments;
    private final Watched<Template> templates;
    private volatile boolean checked;
    /** Counts the changes listeners heard of: the list built at one count serves every backup until the next. */
    private final AtomicLong changes = new AtomicLong();
    private volatile Built built;

    /** The list {@link #clustersInUse()} built, and the count of changes it was built at. */
    private record Built(long change, List<ClusterInUse> clusters) {
    }

    public KcmInventory(KubernetesClient client, KcmApi api, OperatorConfig config) {
        this.client = client;
        this.api = api;
        this.config = config;
        this.deployments = new Watched<>(DEPLOYMENT_KIND, DEPLOYMENTS, KcmInventory::deployment);
        this.templates = new Watched<>(TEMPLATE_KIND, TEMPLATES, KcmInventory::template);
    }

    /**
     * What the backup needs of a ClusterDeployment. Read from an untyped object, value by value: a field of another shape
     * (a newer kcm) reads as absent, never as an error that would stop the watch.
     */
    static Deployment deployment(GenericKubernetesResource cd, UnaryOperator<String> share) {
        return new Deployment(share.apply(cd.getMetadata().getNamespace()), cd.getMetadata().getName(),
                share.apply(cd.get("spec", "template") instanceof String template ? template : null));
    }

    /** What the backup needs of a ClusterTemplate, read as {@link #deployment} is. */
    static Template template(GenericKubernetesResource t, UnaryOperator<String> share) {
        return new Template(share.apply(t.getMetadata().getNamespace()), t.getMetadata().getName(),
                stringList(t.get("status", "providers")));
    }

    /** Called after every change of what kcm manages that changes what a backup selects, and when a watch starts. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * What kcm manages, as the informers last heard, sorted by namespace and name; the same list (the same object) until
     * the inventory changes, so that the many backups of one slot share it. Empty while kcm's kinds are not served;
     * fails while they are served but cannot be watched (e.g. not permitted), since a backup without the clusters it
     * should contain is worse than a retried one.
     */
    public List<ClusterInUse> clustersInUse() {
        if (!checked || deployments.failure != null || templates.failure != null) {
            check();
        }
        Optional<CompactStore<Deployment>> byName = deployments.require();
        Optional<CompactStore<Template>> byTemplate = templates.require();
        // the count first: a list built from stores that changed meanwhile is kept under the older count, and rebuilt
        long change = changes.get();
        Built current = built;
        if (current != null && current.change() == change) {
            return current.clusters();
        }
        List<Deployment> cds = byName.map(s -> s.records().toList()).orElse(List.of());
        List<ClusterInUse> result = new ArrayList<>(cds.size());
        for (Deployment cd : cds) {
            Template template = cd.template() == null ? null
                    : byTemplate.map(s -> s.record(cd.namespace(), cd.template())).orElse(null);
            result.add(new ClusterInUse(cd.namespace(), cd.name(), cd.template(),
                    template == null ? List.of() : template.providers()));
        }
        result.sort(Comparator.comparing(ClusterInUse::namespace).thenComparing(ClusterInUse::name));
        List<ClusterInUse> clusters = List.copyOf(result);
        built = new Built(change, clusters);
        return clusters;
    }

    /** Looks at which versions of kcm's kinds are served (also run periodically) and (re)starts the informers to match. */
    @Scheduled(every = "${kcm-backup.inventory-check-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void check() {
        try {
            deployments.check();
            templates.check();
        } finally {
            checked = true;
        }
    }

    private void notifyListeners() {
        changes.incrementAndGet();
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                // a listener's bug must not stop the informer from delivering the next change
                LOG.errorf(e, "Handling a change of kcm's inventory failed");
            }
        }
    }

    @PreDestroy
    synchronized void stop() {
        deployments.stop();
        templates.stop();
    }

    /** One kcm kind, watched at its served version. */
    private final class Watched<R extends CompactStore.Named> {

        private final String kind;
        private final String plural;
        private final BiFunction<GenericKubernetesResource, UnaryOperator<String>, R> compact;
        private volatile SharedIndexInformer<GenericKubernetesResource> informer;
        private volatile CompactStore<R> store;
        private volatile String version;
        private volatile String failure;
        private volatile boolean reportedMissing;

        Watched(String kind, String plural, BiFunction<GenericKubernetesResource, UnaryOperator<String>, R> compact) {
            this.kind = kind;
            this.plural = plural;
            this.compact = compact;
        }

        /** The records while watching; empty while the kind is not served. */
        Optional<CompactStore<R>> require() {
            String failed = failure;
            if (failed != null) {
                throw new IllegalStateException("kcm's " + plural + " are served but cannot be watched: " + failed);
            }
            return Optional.ofNullable(store);
        }

        void check() {
            Optional<String> served;
            try {
                served = api.servedVersion(plural);
            } catch (KubernetesClientException e) {
                failure = "cannot tell which version of " + plural + " is served: " + ApiErrors.concise(e);
                LOG.warnf("Cannot tell whether kcm's %s are served (will check again in %s): %s", plural,
                        config.inventoryCheckInterval(), ApiErrors.concise(e));
                return;
            }
            if (informer != null && served.isPresent() && served.get().equals(version)) {
                return;
            }
            if (served.isEmpty()) {
                failure = null;
                if (informer != null) {
                    LOG.warnf("kcm's %s.%s are no longer served: backups select no clusters until they are", plural,
                            KcmApi.GROUP);
                    stop();
                    notifyListeners();
                } else if (!reportedMissing) {
                    LOG.infof("kcm's %s.%s are not served: backups select no clusters until they are; checking again every %s",
                            plural, KcmApi.GROUP, config.inventoryCheckInterval());
                }
                reportedMissing = true;
                return;
            }
            if (informer != null) {
                LOG.infof("kcm now serves %s as %s instead of %s: restarting the watch", plural, served.get(), version);
                stop();
            }
            start(served.get());
        }

        private void start(String servedVersion) {
            ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(KcmApi.GROUP)
                    .withVersion(servedVersion).withKind(kind).withPlural(plural).withNamespaced(true).build();
            // the adds of the first list are one change, announced once the watch is up
            AtomicBoolean listed = new AtomicBoolean();
            CompactStore<R> started = new CompactStore<>(compact, () -> {
                if (listed.get()) {
                    notifyListeners();
                }
            });
            SharedIndexInformer<GenericKubernetesResource> watching = client.genericKubernetesResources(context).inAnyNamespace()
                    .withLimit(PAGE).runnableInformer(0);
            Informers.keepWatching(watching, plural + "." + KcmApi.GROUP, watchFailures).removeNamespaceIndex();
            watching.itemStore(started);
            try {
                // returns once the first list is in the store: a backup never sees half a fleet
                watching.run();
            } catch (KubernetesClientException e) {
                watching.stop();
                failure = ApiErrors.concise(e);
                LOG.warnf("Cannot watch kcm's %s (%s) yet, will try again in %s: %s", plural, servedVersion,
                        config.inventoryCheckInterval(), ApiErrors.concise(e));
                return;
            }
            informer = watching;
            store = started;
            version = servedVersion;
            failure = null;
            reportedMissing = false;
            listed.set(true);
            LOG.infof("Watching kcm's %s at %s/%s: %d", plural, KcmApi.GROUP, servedVersion, started.size());
            notifyListeners();
        }

        void stop() {
            SharedIndexInformer<GenericKubernetesResource> running = informer;
            informer = null;
            store = null;
            version = null;
            if (running != null) {
                running.stop();
            }
        }
    }

    private static List<String> stringList(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return List.copyOf(list.stream().filter(String.class::isInstance).map(String.class::cast).toList());
    }
}
