package io.k0rdent.backup.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.k0rdent.backup.api.ApiErrors;
import io.k0rdent.backup.metrics.EventMetrics;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Records Kubernetes events on the objects this operator manages, where a real API server accepts them and
 * {@code kubectl describe} finds them: a namespaced object's in its namespace, a cluster-scoped object's in
 * {@code default}. Identical events are aggregated into one Event object with a growing {@code count}. Recording never
 * waits for the API server: events are queued and written by one thread; when the queue is full they are dropped and
 * counted.
 */
@ApplicationScoped
public class EventRecorder {

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    static final String COMPONENT = "kcm-backup-operator";
    /** Where client-go's recorder, and therefore kubectl users, put the events of cluster-scoped objects. */
    static final String CLUSTER_SCOPED_NAMESPACE = "default";
    static final int QUEUE_CAPACITY = 1000;
    /**
     * Normal events are queued up to this depth only: the rest of the queue is kept for warnings, so that a backup that
     * fails while a slot of a thousand is being recorded is not crowded out by their "created" and "completed".
     */
    static final int NORMAL_LIMIT = QUEUE_CAPACITY * 3 / 4;
    /** As many distinct events as client-go's correlator remembers. */
    static final int AGGREGATION_CAPACITY = 4096;
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

    /** Resolved once: each {@code client.v1()} makes a new group client (about 1 % of the CPU of a slot of 1,000). */
    private final MixedOperation<Event, EventList, Resource<Event>> events;
    private final Clock clock;
    private final EventMetrics metrics;
    private final ExecutorService writer;
    private final EventAggregation aggregation = new EventAggregation(AGGREGATION_CAPACITY);
    /** Whether the last write failed: only the first failure of a run of them is logged as a warning. */
    private final AtomicBoolean failing = new AtomicBoolean();
    private final int normalLimit;
    /** Events handed to the writer and not yet taken up by it. */
    private final AtomicInteger queued = new AtomicInteger();

    @Inject
    public EventRecorder(KubernetesClient client, Clock clock, EventMetrics metrics) {
        this(client, clock, metrics, singleWriter(QUEUE_CAPACITY), NORMAL_LIMIT);
    }

    /** With the executor that writes the events: one thread in production, a controllable one in tests. */
    EventRecorder(KubernetesClient client, Clock clock, EventMetrics metrics, ExecutorService writer) {
        this(client, clock, metrics, writer, Integer.MAX_VALUE);
    }

    /** As above, queueing Normal events only while fewer than {@code normalLimit} wait. */
    EventRecorder(KubernetesClient client, Clock clock, EventMetrics metrics, ExecutorService writer, int normalLimit) {
        this.events = client.v1().events();
        this.clock = clock;
        this.metrics = metrics;
        this.writer = writer;
        this.normalLimit = normalLimit;
    }

    /** One daemon thread, started on the first event and ended after a minute without one, behind a bounded queue. */
    static ExecutorService singleWriter(int capacity) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(capacity),
                task -> {
                    Thread thread = new Thread(task, "kcm-backup-events");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    public void normal(HasMetadata object, String reason, String message) {
        record(object, "Normal", reason, message);
    }

    public void warning(HasMetadata object, String reason, String message) {
        record(object, "Warning", reason, message);
    }

    public void record(HasMetadata object, String type, String reason, String message) {
        // the reference is taken now: the caller goes on changing the object it passed
        String namespace = object.getMetadata().getNamespace();
        EventAggregation.Key key = new EventAggregation.Key(namespace == null || namespace.isEmpty() ? null : namespace,
                object.getApiVersion(), object.getKind(), object.getMetadata().getName(), object.getMetadata().getUid(), type,
                reason, message, COMPONENT);
        String resourceVersion = object.getMetadata().getResourceVersion();
        Instant now = clock.instant();
        LOG.infof("%s %s: %s %s", key.kind(), key.name(), reason, message);
        if ("Normal".equals(type) && queued.get() >= normalLimit) {
            metrics.queueFull();
            LOG.debugf("Dropped event %s on %s %s: the event queue is full of normal events", reason, key.kind(), key.name());
            return;
        }
        queued.incrementAndGet();
        try {
            writer.execute(() -> {
                queued.decrementAndGet();
                write(key, resourceVersion, now);
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            metrics.queueFull();
            LOG.debugf("Dropped event %s on %s %s: the event queue is full or stopped", reason, key.kind(), key.name());
        }
    }

    /** The namespace a real API server accepts the events of an object in. */
    static String eventNamespace(EventAggregation.Key key) {
        return key.namespace() == null ? CLUSTER_SCOPED_NAMESPACE : key.namespace();
    }

    private void write(EventAggregation.Key key, String resourceVersion, Instant now) {
        EventAggregation.Write write = aggregation.occurred(key, now);
        try {
            if (!write.creates()) {
                try {
                    patch(key, write);
                    succeeded();
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                    write = aggregation.restart(key, now);
                }
            }
            create(key, resourceVersion, write);
            succeeded();
        } catch (KubernetesClientException e) {
            if (write.creates()) {
                aggregation.forget(key);
            }
            failed(key, e);
        }
    }

    private void create(EventAggregation.Key key, String resourceVersion, EventAggregation.Write write) {
        String namespace = eventNamespace(key);
        events.inNamespace(namespace).resource(new EventBuilder()
                .withNewMetadata().withName(write.name()).withNamespace(namespace).endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(key.apiVersion()).withKind(key.kind()).withName(key.name())
                .withNamespace(key.namespace()).withUid(key.uid()).withResourceVersion(resourceVersion)
                .endInvolvedObject()
                .withType(key.type()).withReason(key.reason()).withMessage(key.message())
                .withFirstTimestamp(timestamp(write.first())).withLastTimestamp(timestamp(write.last()))
                .withCount(write.count())
                .withNewSource().withComponent(key.component()).endSource()
                .withReportingComponent(key.component())
                .build()).create();
    }

    /** Patches by name alone: through {@code withName} the client would read the event first, which RBAC does not grant. */
    private void patch(EventAggregation.Key key, EventAggregation.Write write) {
        String namespace = eventNamespace(key);
        events.inNamespace(namespace)
                .resource(new EventBuilder().withNewMetadata().withName(write.name()).withNamespace(namespace).endMetadata()
                        .build())
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"count\":" + write.count() + ",\"lastTimestamp\":\"" + timestamp(write.last()) + "\"}");
    }

    private static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private void succeeded() {
        if (failing.getAndSet(false)) {
            LOG.info("Recording events again");
        }
    }

    /** An event is a courtesy: losing one must not fail anything, nor flood the log while the API server refuses. */
    private void failed(EventAggregation.Key key, KubernetesClientException e) {
        metrics.writeFailed();
        String line = String.format("Could not record event %s on %s %s in namespace %s: %s", key.reason(), key.kind(),
                key.name(), eventNamespace(key), ApiErrors.concise(e));
        if (failing.getAndSet(true)) {
            LOG.debug(line);
        } else {
            LOG.warn(line + " (until an event is recorded again, further failures are logged at DEBUG)");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        close(FLUSH_TIMEOUT);
    }

    /** Writes what is queued for at most {@code timeout}, then drops (and counts) the rest. */
    void close(Duration timeout) {
        writer.shutdown();
        try {
            if (writer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = writer.shutdownNow().size();
        for (int i = 0; i < left; i++) {
            metrics.queueFull();
        }
        LOG.infof("Stopped with %d events not recorded", left);
    }
}
