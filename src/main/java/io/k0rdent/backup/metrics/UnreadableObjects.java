package io.k0rdent.backup.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.PartlyRead;
import io.k0rdent.backup.api.ReadProblem;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.api.velero.DeleteBackupRequest;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.config.TolerantReading;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * Reports the objects the operator's client read with fields it could not hold ({@link TolerantReading}): one log line
 * and one count per object and set of such fields, however often it is read again (by a list, a watch event, the answer
 * to a write, a new version that changed something else).
 */
@Singleton
public class UnreadableObjects implements TolerantReading.Sink {

    private static final Logger LOG = Logger.getLogger(UnreadableObjects.class);
    static final String FOUND = "kcm.backup.unreadable.found";
    static final String HELD = "kcm.backup.unreadable.objects";
    public static final String KIND = "kind";
    private static final String DESCRIPTION = "Objects read with fields the operator cannot hold, once per object and set of "
            + "such fields, by kind; those fields are ignored, and an object of this operator's own kinds is held until "
            + "they are corrected";
    /** Objects remembered with the fields last reported; past this, the oldest is forgotten (and may be logged again). */
    static final int REMEMBERED = 1_024;

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, String> reported = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * On the registry {@code /q/metrics} exports, as {@link BackupMetrics}: this bean is made with the Kubernetes client,
     * early in start-up, and what it counted on the composite registry then never reached the export.
     */
    public UnreadableObjects(PrometheusMeterRegistry registry) {
        this.registry = registry;
        // the kinds the operator reads into typed models exist from the start at 0, so that increase() sees the first one
        List.of(ManagementBackup.class, ManagementRestore.class, Backup.class, Restore.class, BackupStorageLocation.class,
                DeleteBackupRequest.class).forEach(type -> counter(HasMetadata.getKind(type)));
    }

    @Override
    public void unreadable(HasMetadata object, List<ReadProblem> problems) {
        String kind = HasMetadata.getKind(object.getClass());
        String namespace = object.getMetadata() == null ? null : object.getMetadata().getNamespace();
        String name = object.getMetadata() == null ? null : object.getMetadata().getName();
        String version = object.getMetadata() == null ? null : object.getMetadata().getResourceVersion();
        String key = kind + "/" + namespace + "/" + name;
        String fields = problems.stream().map(ReadProblem::toString).collect(Collectors.joining("; "));
        synchronized (reported) {
            if (fields.equals(reported.get(key))) {
                return;
            }
            reported.put(key, fields);
        }
        counter(kind).increment();
        String consequence = object instanceof PartlyRead
                ? "it is held until they are corrected (its events and, where it can be written, its status say so)"
                : "they are ignored and the rest of it is used";
        LOG.warnf("%s %s%s (resourceVersion %s) has fields the operator cannot read: %s; %s", kind,
                namespace == null ? "" : namespace + "/", name, version, fields, consequence);
    }

    /** How many objects (and sets of fields) of {@code kind} were found unreadable. */
    public double count(String kind) {
        return counter(kind).count();
    }

    /**
     * Exports how many of the objects of one of this operator's kinds are held now, counted at each scrape among
     * {@code cached} (the objects as the operator's cache holds them).
     */
    public void countHeld(Class<? extends HasMetadata> kind, Supplier<Stream<? extends PartlyRead>> cached) {
        Gauge.builder(HELD, () -> cached.get().filter(PartlyRead::hasReadProblems).count())
                .tag(KIND, HasMetadata.getKind(kind))
                .description("Objects of this operator's kinds held because some of their fields cannot be read")
                .strongReference(true).register(registry);
    }

    private Counter counter(String kind) {
        return counters.computeIfAbsent(kind, k -> Counter.builder(FOUND).tag(KIND, k).description(DESCRIPTION)
                .register(registry));
    }
}
