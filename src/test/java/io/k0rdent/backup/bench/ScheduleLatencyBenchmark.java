package io.k0rdent.backup.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStatus;
import io.k0rdent.backup.sandbox.SandboxCluster;

/**
 * Measures, with the packaged operator against an in-process mock API server, how long after its slot a scheduled
 * backup is created and how long after Velero's status change the ManagementBackup shows it. All N ManagementBackups share
 * one hourly schedule whose slot is a few minutes after start, so that slot arrives as one burst: the worst case.
 *
 * <pre>./mvnw -B package -DskipTests && ./mvnw -B exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.k0rdent.backup.bench.ScheduleLatencyBenchmark [-Dexec.args=1000]</pre>
 */
public final class ScheduleLatencyBenchmark {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (SandboxCluster cluster = SandboxCluster.start(Path.of("target", "bench"))) {
            KubernetesClient client = cluster.client();
            cluster.apply("/seeds/storage-location.yaml");
            // the measured slot: far enough ahead for start-up (and its own requests) to have settled
            Instant slot = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(startupMinutes(count), ChronoUnit.MINUTES);
            String schedule = slot.atZone(java.time.ZoneOffset.UTC).getMinute() + " * * * *";
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int i = 0; i < count; i++) {
                ManagementBackup mb = new ManagementBackup();
                mb.getMetadata().setName(String.format("bench-%04d", i));
                mb.getSpec().setSchedule(schedule);
                pool.submit(() -> client.resource(mb).create());
            }
            pool.shutdown();
            pool.awaitTermination(2, TimeUnit.MINUTES);
            System.out.printf("created %d ManagementBackups with schedule \"%s\" in %d ms (the mock API server's pace)%n",
                    count, schedule, (System.nanoTime() - started) / 1_000_000);

            Map<String, Long> createdAfterSlotMillis = new ConcurrentHashMap<>();
            SharedIndexInformer<Backup> backups = client.resources(Backup.class).inNamespace(SandboxCluster.NAMESPACE)
                    .inform(onAdd(b -> {
                        Instant backupSlot = Instant.parse(b.getMetadata().getAnnotations().get(Labels.SLOT_ANNOTATION));
                        if (backupSlot.equals(slot)) {
                            createdAfterSlotMillis.putIfAbsent(b.getMetadata().getName(),
                                    Duration.between(slot, Instant.now()).toMillis());
                        }
                    }));

            Process operator = io.k0rdent.backup.sandbox.Run.runOperator(Map.of(
                    "KUBECONFIG", cluster.kubeconfig().toAbsolutePath().toString(),
                    "QUARKUS_LOG_LEVEL", "WARN", "QUARKUS_LOG_CATEGORY__IO_K0RDENT_BACKUP__LEVEL", "WARN"));
            try {
                waitUntil(() -> client.resources(ManagementBackup.class).list().getItems().stream()
                        .filter(m -> m.getStatus() != null && m.getStatus().getNextAttempt() != null).count() == count,
                        Duration.ofMinutes(3), "every ManagementBackup has a next attempt");
                if (Instant.now().isAfter(slot.minusSeconds(5))) {
                    throw new IllegalStateException("start-up took until " + Instant.now() + ", past the slot " + slot);
                }
                System.out.println("operator ready; measuring the slot " + slot + " ...");
                waitUntil(() -> createdAfterSlotMillis.size() >= count, Duration.ofSeconds(300), count + " backups created");
                report("slot -> Velero Backup created", createdAfterSlotMillis.values());

                // Velero's side: complete every backup, time until the ManagementBackup's status shows it
                Map<String, Long> completedAt = new ConcurrentHashMap<>();
                Map<String, Long> mirroredAfterMillis = new ConcurrentHashMap<>();
                SharedIndexInformer<ManagementBackup> mbs = client.resources(ManagementBackup.class).inform(onChange(m -> {
                    var s = m.getStatus();
                    if (s != null && s.getLastBackup() != null && "Completed".equals(s.getLastBackup().getPhase())) {
                        Long t = completedAt.get(s.getLastBackupName());
                        if (t != null) {
                            mirroredAfterMillis.putIfAbsent(s.getLastBackupName(), System.currentTimeMillis() - t);
                        }
                    }
                }));
                ExecutorService velero = Executors.newFixedThreadPool(4);
                for (String name : new ArrayList<>(createdAfterSlotMillis.keySet())) {
                    velero.submit(() -> {
                        completedAt.put(name, System.currentTimeMillis());
                        client.resources(Backup.class).inNamespace(SandboxCluster.NAMESPACE).withName(name).edit(b -> {
                            BackupStatus status = b.getStatus() == null ? new BackupStatus() : b.getStatus();
                            status.setPhase("Completed");
                            b.setStatus(status);
                            return b;
                        });
                    });
                }
                velero.shutdown();
                waitUntil(() -> mirroredAfterMillis.size() >= count, Duration.ofMinutes(2), count + " statuses mirrored");
                report("Velero status change -> ManagementBackup status", mirroredAfterMillis.values());
                mbs.stop();
            } finally {
                backups.stop();
                operator.destroy();
                operator.waitFor(10, TimeUnit.SECONDS);
            }
        }
        System.exit(0);
    }

    /** Whole minutes to leave for creating the objects and the operator's start-up. */
    static int startupMinutes(int count) {
        return 2 + count / 500;
    }

    static void report(String what, java.util.Collection<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf("%-48s n=%d p50=%d ms p99=%d ms max=%d ms%n", what, sorted.size(), percentile(sorted, 50),
                percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting until " + what);
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(15)) {
                System.out.println("  still waiting until " + what + " ...");
                lastReport = System.nanoTime();
            }
            // polling (a benchmark is no test): coarse enough not to load the single-threaded mock server
            TimeUnit.MILLISECONDS.sleep(1000);
        }
    }

    static <T> ResourceEventHandler<T> onAdd(java.util.function.Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                action.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            }
        };
    }

    static <T> ResourceEventHandler<T> onChange(java.util.function.Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                action.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                action.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            }
        };
    }
}
