package io.k0rdent.backup.bench;

import static io.k0rdent.backup.test.OperatorProcess.freePort;
import static io.k0rdent.backup.test.OperatorProcess.stop;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupSpec;
import io.k0rdent.backup.config.ClientTuning;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.config.TunedHttpClientFactory;
import io.k0rdent.backup.sandbox.SandboxCluster;
import io.smallrye.config.WithDefault;

/**
 * How close the packaged operator gets to the API server's own write rate when 1,000 ManagementBackups share a slot.
 * In one run: the API server's raw rate (concurrent creates of bare Velero Backups from a client tuned like the
 * operator's), then the operator (a separate process with the image's JVM options and the chart's memory limit) over one
 * slot of N ManagementBackups scheduled {@code * * * * *}: backups/s and their ratio to the raw rate, API requests per
 * backup by kind (counted by the API server), slot to Backup creation, and Velero's Completed to the ManagementBackup's
 * status while the slot is served (this benchmark plays Velero: it completes every Backup as soon as it appears), resident
 * memory after the slot, and the time to delete the N ManagementBackups until the operator has forgotten their metrics.
 * <p>
 * Not a test: it asserts nothing and prints a table. Against an in-process fabric8 mock API server by default, or the
 * cluster of {@code KUBECONFIG} with {@code -Dbench.cluster=kubeconfig} (which must serve the CRDs of this operator and
 * of Velero, and let the user read {@code /metrics}); docs/development.md has the command.
 */
public final class ScheduleLatencyBenchmark {

    /** The benchmark's own requests carry this user agent; on the mock, every other request is the operator's. */
    static final String USER_AGENT = "kcm-backup-benchmark";
    static final String NS = SandboxCluster.NAMESPACE;
    /** Marks what this benchmark creates, so that it can delete all of it (also left over from an interrupted run). */
    static final String BENCH_LABEL = "kcm-backup-benchmark";

    private ScheduleLatencyBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(args.length > 0 ? Integer.parseInt(args[0]) : Integer.getInteger("bench.count", 1000));
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            // informers and the mock server's threads would keep the JVM (and Maven's exec:java) alive
            System.exit(1);
        }
    }

    static void run(int count) throws Exception {
        boolean real = "kubeconfig".equals(System.getProperty("bench.cluster", "mock"));
        List<String> args = new ArrayList<>(List.of("--jvm-opts",
                FootprintBenchmark.IMAGE_JVM_OPTIONS + " " + System.getProperty("bench.jvm-opts-append", ""),
                "--app", System.getProperty("bench.app", "target/quarkus-app")));
        if (Boolean.getBoolean("bench.log")) {
            // the operator's warnings (failed reconciles, conflicts) on this output
            args.add("--log");
        }
        String env = System.getProperty("bench.env");
        if (env != null) {
            // NAME=VALUE for the operator's environment, over the image's (MALLOC_ARENA_MAX=2)
            args.addAll(List.of("--env", env));
        }
        if (Boolean.getBoolean("bench.histogram")) {
            // after the slot: threads, memory by mapping, the heap and its biggest classes (the RSS is taken before the
            // full collection the histogram runs)
            args.add("--histogram");
        }
        FootprintBenchmark.Options options = FootprintBenchmark.Options.parse(args.toArray(String[]::new));
        if (!"false".equals(System.getProperty("bench.train"))) {
            // the class data sharing archive the image ships: the build's own holds only the classes of Quarkus' boot, and
            // the operator would load the others into metaspace, which is not what the pod does
            FootprintBenchmark.onMockCluster(options, (server, cluster) -> FootprintBenchmark.train(options, server, cluster));
        }
        // requests the mock server received from anyone but this benchmark: the operator's
        ApiRequests operatorOnMock = new ApiRequests();
        // over TLS like a real API server (the client's encryption is part of the operator's cost): by default with the
        // suite a Go API server negotiates with the operator (ChaCha20, which the operator offers first under C1), and this
        // JVM's clients offering it too, as the operator's settings; -Dbench.tls=aes for AES-GCM (what the operator
        // negotiated before it offered ChaCha20), -Dbench.tls=false for plain HTTP
        SandboxCluster.Transport transport = switch (System.getProperty("bench.tls", "chacha20")) {
            case "false" -> SandboxCluster.Transport.HTTP;
            case "aes" -> SandboxCluster.Transport.TLS;
            default -> SandboxCluster.Transport.TLS_CHACHA20;
        };
        if (transport == SandboxCluster.Transport.TLS_CHACHA20) {
            System.setProperty(TunedHttpClientFactory.CHACHA20_FIRST, "true");
        }
        SandboxCluster mock = real ? null : SandboxCluster.start(Path.of(System.getProperty("bench.dir", "target/bench")), request -> {
            if (!USER_AGENT.equals(request.getHeader("User-Agent"))) {
                operatorOnMock.count(request.getMethod(), request.getPath());
            }
        }, transport);
        Path kubeconfig = real ? Path.of(System.getenv("KUBECONFIG")) : mock.kubeconfig();
        ApiRequests own = new ApiRequests();
        // printed as it is measured, and again at the end
        List<String> table = new ArrayList<>() {
            @Override
            public boolean add(String row) {
                System.out.println(row);
                return super.add(row);
            }
        };
        try (KubernetesClient client = benchClient(kubeconfig, own)) {
            try (InputStream location = ScheduleLatencyBenchmark.class.getResourceAsStream("/seeds/storage-location.yaml")) {
                client.load(location).createOrReplace();
            }
            cleanUp(client);
            Map<String, Long> raw = rawCreateRate(client, count, Integer.getInteger("bench.raw-concurrency", 16));
            double rawRate = raw.get("rate") / 1000.0;
            table.add(row("API server: raw creates of bare Backups", "%.0f /s (%d concurrent, %d in %d ms; median of %d-%d ms)"
                    .formatted(rawRate, raw.get("concurrency"), count, raw.get("millis"), raw.get("fastest"), raw.get("slowest"))));
            if (!real) {
                table.add(row("  mock and client CPU per create", "%.1f ms (%d cores)".formatted(
                        raw.get("cpuMicrosPerCreate") / 1000.0, Runtime.getRuntime().availableProcessors())));
            }

            createManagementBackups(client, count);
            Slot slot = new Slot(client);
            int port = freePort();
            ProcessBuilder builder = FootprintBenchmark.operator(options, options.jvmOptions(), kubeconfig, port);
            if (!real && !Boolean.getBoolean("bench.operator-kubeconfig")) {
                // configured as the chart's pod is, without a kubeconfig; a real cluster is reached through its own, and
                // -Dbench.operator-kubeconfig=true gives the operator the mock's (no token, as a client certificate's)
                FootprintBenchmark.asInPod(builder, mock.url(), mock.certificateAuthority());
            }
            // logging as deployed (INFO: a line per event recorded) unless -Dbench.log-level says otherwise
            String logLevel = System.getProperty("bench.log-level");
            if (logLevel != null) {
                builder.environment().put("QUARKUS_LOG_LEVEL", logLevel);
                builder.environment().put("QUARKUS_LOG_CATEGORY__IO_K0RDENT_BACKUP__LEVEL", logLevel);
            }
            FootprintBenchmark.Started started = FootprintBenchmark.startAndAwaitReady(builder, port, options);
            Process operator = started.process();
            // the client re-reads a token-less kubeconfig (the sandbox's, a client certificate's) once a minute from its
            // start; a slot in the operator's first minute would not pay for that, the slots of its life do
            Instant steady = Instant.now().plusSeconds(65);
            try {
                if (!waitUntil(() -> slot.scheduled() == count, 600, "every ManagementBackup has a next attempt")) {
                    throw new IllegalStateException("the operator did not schedule every ManagementBackup");
                }
                // the slots of the start-up, if any, are over: nothing changes between slots; an operator that cannot
                // serve a slot within the minute never catches up, and is measured as it is
                boolean caughtUp = waitUntil(() -> slot.quietFor(3), 120, "the operator has caught up with earlier slots");
                if (!caughtUp) {
                    table.add(row("operator before the slot", "still busy with earlier slots (no 3 s without a change)"));
                }
                // the measured slot: the first whole minute at least 10 s after every object has been reconciled once, and
                // past the operator's first minute
                Instant earliest = Instant.now().plusSeconds(10);
                Instant measured = (earliest.isAfter(steady) ? earliest : steady).truncatedTo(ChronoUnit.MINUTES)
                        .plus(1, ChronoUnit.MINUTES);
                slot.measure(measured);
                System.out.println("operator ready; measuring the slot " + measured + " ...");
                waitUntil(() -> Instant.now().isAfter(measured.minusSeconds(2)), 120, "just before the slot");
                HttpClient http = HttpClient.newHttpClient();
                URI metrics = URI.create("http://127.0.0.1:" + port + "/q/metrics");
                double startedBefore = metricSum(http, metrics, "operator_sdk_reconciliations_started_total");
                double failedBefore = metricSum(http, metrics, "operator_sdk_reconciliations_failed_total");
                double droppedBefore = metricSum(http, metrics, "kcm_backup_events_dropped_total");
                Counts before = Counts.take(client, real, operatorOnMock, own);
                Map<String, Long> ownBefore = own.snapshot();
                double cpuBefore = FootprintBenchmark.cpuSeconds(operator.pid());
                double ownCpuBefore = FootprintBenchmark.cpuSeconds(ProcessHandle.current().pid());
                waitUntil(() -> slot.created.size() >= count, 600, count + " backups of the slot created");
                waitUntil(() -> slot.mirrored.size() >= count, 600, count + " Completed statuses mirrored");
                long served = System.currentTimeMillis() - measured.toEpochMilli();
                Map<String, Long> ownDuring = ApiRequests.difference(own.snapshot(), ownBefore);
                Counts after = Counts.take(client, real, operatorOnMock, own);
                double reconciles = metricSum(http, metrics, "operator_sdk_reconciliations_started_total") - startedBefore;
                double failed = metricSum(http, metrics, "operator_sdk_reconciliations_failed_total") - failedBefore;
                double cpuSlot = FootprintBenchmark.cpuSeconds(operator.pid()) - cpuBefore;
                double ownCpuSlot = FootprintBenchmark.cpuSeconds(ProcessHandle.current().pid()) - ownCpuBefore;

                long lastCreated = slot.created.values().stream().mapToLong(Long::longValue).max().orElse(0);
                double rate = slot.created.size() * 1000.0 / Math.max(1, lastCreated);
                table.add(row("operator: backups of one slot", "%.0f /s (%d, the last %d ms after the slot)"
                        .formatted(rate, slot.created.size(), lastCreated)));
                table.add(row("operator / raw", "%.2f".formatted(rate / rawRate)));
                table.add(row("slot -> Backup created", percentiles(slot.created.values())));
                if (slot.late.get() > 0) {
                    table.add(row("  of them for a later slot (too late)", Integer.toString(slot.late.get())));
                }
                table.add(row("Velero Completed -> status shows it", percentiles(slot.mirrored.values())));
                slot.slowestMirrored(3).forEach(line -> table.add(row("  slowest", line)));
                Map<String, Long> requests = after.operatorSince(before);
                long total = requests.values().stream().mapToLong(Long::longValue).sum();
                table.add(row("API requests per backup (slot, mirroring)", "%.2f (%d in all)"
                        .formatted(total / (double) count, total)));
                requests.forEach((kind, n) -> table.add(row("  " + kind, "%.2f".formatted(n / (double) count))));
                // what the API server wrote for the slot, against what it writes when that is all it does
                long writes = ApiRequests.writes(requests) + ApiRequests.writes(ownDuring);
                double writeRate = writes * 1000.0 / Math.max(1, served);
                table.add(row("API writes of the slot (operator and Velero)", "%.0f /s (%d until all mirrored, %d ms), %.2f of raw"
                        .formatted(writeRate, writes, served, writeRate / rawRate)));
                // each backup of the slot takes several writes (the Backup, the ManagementBackup's status when it is
                // created and when Velero completes it, Velero's own, events): were each as costly as a raw create,
                // backups/s would be the raw rate divided by them. The ratio above against this one is how close the
                // slot comes to the server's write rate (updates cost it a little less than creates)
                table.add(row("  operator / raw were each write a raw create", "%.2f (%.2f writes per backup)"
                        .formatted(count / (double) writes, writes / (double) count)));
                // failed ones are retried after the retry interval (2 s at first): a conflict shows as a late mirroring
                table.add(row("reconciles of the slot", "%.2f per backup, %.0f failed".formatted(reconciles / count, failed)));
                table.add(row("operator CPU over the slot", "%.1f s (%.1f ms per backup)"
                        .formatted(cpuSlot, cpuSlot * 1000 / count)));
                // on the mock, the API server's share: the operator's writes, its watches, and this benchmark's Velero
                table.add(row(real ? "benchmark CPU over the slot" : "mock, Velero stand-in and watchers CPU over the slot",
                        "%.1f s (%.1f ms per backup)".formatted(ownCpuSlot, ownCpuSlot * 1000 / count)));
                Thread.sleep(5_000);
                // events go after the slot's writes, one at a time, from a bounded queue (client-go's recorder drops
                // beyond 1,000 queued too); those still queued 5 s after the slot was served are not counted as dropped
                table.add(row("events of the slot dropped", "%.0f".formatted(
                        metricSum(http, metrics, "kcm_backup_events_dropped_total") - droppedBefore)));
                table.add(row("operator RSS after the slot", "%.1f MiB (peak %.1f MiB)".formatted(
                        FootprintBenchmark.rssKiB(operator.pid(), "VmRSS") / 1024.0,
                        FootprintBenchmark.rssKiB(operator.pid(), "VmHWM") / 1024.0)));
                FootprintBenchmark.inspect(options, operator.pid(), count + " ManagementBackups after the slot");

                slot.stop();
                double cpuBeforeDelete = FootprintBenchmark.cpuSeconds(operator.pid());
                System.out.println("deleting the ManagementBackups at " + Instant.now() + " ...");
                long deleteStart = System.nanoTime();
                client.resources(ManagementBackup.class).withLabel(BENCH_LABEL).delete();
                long deleted = (System.nanoTime() - deleteStart) / 1_000_000;
                waitUntil(() -> seriesOfBench(http, metrics) == 0, 300, "the operator forgot the deleted ManagementBackups");
                long forgotten = (System.nanoTime() - deleteStart) / 1_000_000;
                table.add(row("delete " + count + " ManagementBackups", "%d ms to delete, %d ms until their metrics are gone; "
                        .formatted(deleted, forgotten) + "%.1f s operator CPU"
                        .formatted(FootprintBenchmark.cpuSeconds(operator.pid()) - cpuBeforeDelete)));
            } finally {
                stop(operator, java.time.Duration.ofSeconds(20));
                slot.stop();
                cleanUp(client);
            }
        } finally {
            if (mock != null) {
                mock.close();
            }
        }
        System.out.println();
        System.out.println("cluster: " + (real ? "KUBECONFIG=" + kubeconfig
                : "fabric8 mock API server (in this JVM, " + transport + ")")
                + "; " + count + " ManagementBackups, schedule \"* * * * *\"");
        table.forEach(System.out::println);
    }

    /** A client configured like the operator's ({@link ClientTuning}), whose requests are counted in {@code own}. */
    static KubernetesClient benchClient(Path kubeconfig, ApiRequests own) throws Exception {
        Config config = Config.fromKubeconfig(kubeconfig.toFile());
        config.setUserAgent(USER_AGENT);
        ClientTuning.tune(config, Integer.parseInt(OperatorConfig.class.getMethod("maxConcurrentRequests")
                .getAnnotation(WithDefault.class).value()), java.time.Clock.systemUTC());
        Interceptor counter = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, io.fabric8.kubernetes.client.http.HttpRequest request, RequestTags tags) {
                URI uri = request.uri();
                own.count(request.method(), uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            }
        };
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", counter)).build();
    }

    /**
     * Creates {@code count} bare Velero Backups from {@code concurrency} threads and deletes them, three times after a
     * warm-up of as many: the median run (a single one varied by a third between runs on the same machine, the JIT of
     * both client and mock still at work), and the CPU this JVM spent per create in it.
     */
    static Map<String, Long> rawCreateRate(KubernetesClient client, int count, int concurrency) throws Exception {
        createBareBackups(client, "bench-warmup-", count, concurrency);
        client.resources(Backup.class).inNamespace(NS).withLabel(BENCH_LABEL).delete();
        List<long[]> runs = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            double cpu = FootprintBenchmark.cpuSeconds(ProcessHandle.current().pid());
            long start = System.nanoTime();
            createBareBackups(client, "bench-raw-", count, concurrency);
            long millis = (System.nanoTime() - start) / 1_000_000;
            long cpuMicros = (long) ((FootprintBenchmark.cpuSeconds(ProcessHandle.current().pid()) - cpu) * 1_000_000);
            client.resources(Backup.class).inNamespace(NS).withLabel(BENCH_LABEL).delete();
            runs.add(new long[] {millis, cpuMicros});
        }
        runs.sort(Comparator.comparingLong(r -> r[0]));
        long[] median = runs.get(1);
        return Map.of("rate", count * 1_000_000L / Math.max(1, median[0]), "concurrency", (long) concurrency,
                "millis", median[0], "cpuMicrosPerCreate", median[1] / count, "slowest", runs.get(2)[0],
                "fastest", runs.get(0)[0]);
    }

    private static void createBareBackups(KubernetesClient client, String prefix, int count, int concurrency)
            throws Exception {
        inParallel(count, concurrency, i -> {
            Backup backup = new Backup();
            backup.setMetadata(new ObjectMetaBuilder().withName(prefix + i).withNamespace(NS)
                    .addToLabels(BENCH_LABEL, "true").build());
            backup.setSpec(new BackupSpec());
            client.resource(backup).create();
        });
    }

    static void createManagementBackups(KubernetesClient client, int count) throws Exception {
        long start = System.nanoTime();
        inParallel(count, 16, i -> {
            ManagementBackup mb = new ManagementBackup();
            mb.getMetadata().setName(String.format("bench-%04d", i));
            mb.getMetadata().setLabels(Map.of(BENCH_LABEL, "true"));
            mb.getSpec().setSchedule("* * * * *");
            client.resource(mb).create();
        });
        System.out.printf("created %d ManagementBackups in %d ms%n", count, (System.nanoTime() - start) / 1_000_000);
    }

    /** Removes what this benchmark created: ManagementBackups and Velero Backups, bare or created for them. */
    static void cleanUp(KubernetesClient client) {
        client.resources(ManagementBackup.class).withLabel(BENCH_LABEL).delete();
        client.resources(Backup.class).inNamespace(NS).withLabel(BENCH_LABEL).delete();
        client.resources(Backup.class).inNamespace(NS).withLabel(Labels.MANAGEMENT_BACKUP).list().getItems().stream()
                .filter(b -> b.getMetadata().getName().startsWith("bench-"))
                .forEach(b -> client.resource(b).delete());
    }

    interface Task {
        void run(int i) throws Exception;
    }

    static void inParallel(int count, int concurrency, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    task.run(n);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The sum of the samples of {@code name} at the operator's /q/metrics (all its series); 0 when it has none yet. */
    private static double metricSum(HttpClient http, URI metrics, String name) throws Exception {
        return http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofLines()).body()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Series at the operator's /q/metrics that name one of this benchmark's ManagementBackups; -1 while it cannot tell. */
    private static long seriesOfBench(HttpClient http, URI metrics) {
        try {
            return http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofLines()).body()
                    .filter(l -> l.contains("managementbackup=\"bench-")).count();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * The measured slot, watched from the benchmark's side: which ManagementBackups wait for it, when the Backups of the
     * slot appear, and, playing Velero, completes each Backup at once and times until its ManagementBackup shows it.
     */
    static final class Slot {
        /** By Backup name: from the slot until the first Backup of each ManagementBackup appeared. */
        final Map<String, Long> created = new ConcurrentHashMap<>();
        /** ManagementBackups whose first Backup was for a later slot than the measured one. */
        final AtomicInteger late = new AtomicInteger();
        private final Set<String> owners = ConcurrentHashMap.newKeySet();
        /**
         * Backups of the slot or a later one: the mirroring of each is timed (an operator that falls behind shows the
         * later Backup of a ManagementBackup before the one of the measured slot).
         */
        private final Set<String> sinceSlot = ConcurrentHashMap.newKeySet();
        final Map<String, Long> mirrored = new ConcurrentHashMap<>();
        private final Map<String, Long> completedAt = new ConcurrentHashMap<>();
        private final ExecutorService velero = Executors.newFixedThreadPool(8);
        private final SharedIndexInformer<ManagementBackup> mbs;
        private final SharedIndexInformer<Backup> backups;
        private volatile Instant measured;
        private volatile long lastChange = System.nanoTime();

        Slot(KubernetesClient client) {
            mbs = client.resources(ManagementBackup.class).withLabel(BENCH_LABEL).inform(onChange(mb -> {
                lastChange = System.nanoTime();
                var s = mb.getStatus();
                if (s == null || s.getLastBackupName() == null || s.getLastBackup() == null
                        || !"Completed".equals(s.getLastBackup().getPhase())) {
                    return;
                }
                Long completed = completedAt.get(s.getLastBackupName());
                if (completed != null && sinceSlot.contains(s.getLastBackupName())) {
                    mirrored.putIfAbsent(s.getLastBackupName(), System.currentTimeMillis() - completed);
                }
            }));
            backups = client.resources(Backup.class).inNamespace(NS).withLabel(Labels.MANAGEMENT_BACKUP)
                    .inform(onChange(b -> {
                        String name = b.getMetadata().getName();
                        Instant slot = measured;
                        String annotated = b.getMetadata().getAnnotations() == null ? null
                                : b.getMetadata().getAnnotations().get(Labels.SLOT_ANNOTATION);
                        String owner = b.getMetadata().getAnnotations() == null ? null
                                : b.getMetadata().getAnnotations().get(Labels.MANAGEMENT_BACKUP);
                        // the first Backup of each ManagementBackup for the slot, or for a later one when the operator
                        // was so late that the next slot was due when it got to it (timed from the measured slot)
                        if (slot != null && annotated != null && !Instant.parse(annotated).isBefore(slot)) {
                            sinceSlot.add(name);
                        }
                        if (slot != null && annotated != null && owner != null && !Instant.parse(annotated).isBefore(slot)
                                && owners.add(owner)) {
                            created.put(name, System.currentTimeMillis() - slot.toEpochMilli());
                            if (Instant.parse(annotated).isAfter(slot)) {
                                late.incrementAndGet();
                            }
                        }
                        // the operator creates its Backups in phase New, as Velero's clients do
                        if (b.getStatus() == null || !"Completed".equals(b.getStatus().getPhase())) {
                            velero.submit(() -> complete(client, b));
                        }
                    }));
        }

        /**
         * Velero's side: the Backup Completed, timed from just before the patch is sent. Patched as seen, without reading
         * it first (as Velero's controllers patch from their cache; {@code withName(..).patch} would GET it before).
         */
        private void complete(KubernetesClient client, Backup backup) {
            if (completedAt.putIfAbsent(backup.getMetadata().getName(), System.currentTimeMillis()) != null) {
                return;
            }
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            client.resource(backup).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"status\":{\"phase\":\"Completed\",\"startTimestamp\":\"%s\",\"completionTimestamp\":\"%s\","
                            .formatted(now, now) + "\"progress\":{\"itemsBackedUp\":1,\"totalItems\":1}}}");
        }

        void measure(Instant slot) {
            measured = slot;
        }

        /** The {@code n} Backups whose Completed took longest to show: when each appeared, completed, was mirrored. */
        List<String> slowestMirrored(int n) {
            long slot = measured.toEpochMilli();
            return mirrored.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                    .map(e -> "%s: created +%d ms, completed +%d ms, shown %d ms later".formatted(e.getKey(),
                            created.getOrDefault(e.getKey(), -1L), completedAt.get(e.getKey()) - slot, e.getValue()))
                    .toList();
        }

        /** Whether no ManagementBackup changed for {@code seconds}: the operator has caught up. */
        boolean quietFor(int seconds) {
            return System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(seconds);
        }

        /** ManagementBackups that have a next attempt. */
        long scheduled() {
            return mbs.getStore().list().stream().filter(m -> m.getStatus() != null && m.getStatus().getNextAttempt() != null)
                    .count();
        }

        void stop() {
            mbs.stop();
            backups.stop();
            velero.shutdownNow();
        }
    }

    /** Request counts at one moment: the mock's count of the operator's, or the API server's and the benchmark's own. */
    record Counts(Map<String, Long> server, Map<String, Long> own) {
        static Counts take(KubernetesClient client, boolean real, ApiRequests operatorOnMock, ApiRequests own) {
            if (!real) {
                return new Counts(operatorOnMock.snapshot(), Map.of());
            }
            Map<String, Long> ownNow = own.snapshot();
            return new Counts(ApiRequests.fromServerMetrics(client.raw("/metrics")), ownNow);
        }

        /** The operator's requests between {@code earlier} and this: the server's count less the benchmark's own. */
        Map<String, Long> operatorSince(Counts earlier) {
            Map<String, Long> result = new TreeMap<>(ApiRequests.difference(server, earlier.server));
            ApiRequests.difference(own, earlier.own).forEach((kind, n) -> result.merge(kind, -n, Long::sum));
            result.values().removeIf(n -> n <= 0);
            return result;
        }
    }

    static String row(String what, String value) {
        return String.format("%-46s %s", what, value);
    }

    static String percentiles(Collection<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return "p50 %d ms, p99 %d ms, max %d ms (n=%d)".formatted(percentile(sorted, 50), percentile(sorted, 99),
                sorted.get(sorted.size() - 1), sorted.size());
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    /** Polls {@code condition} until it holds or {@code timeoutSeconds} passed; whether it held. */
    static boolean waitUntil(BooleanSupplier condition, int timeoutSeconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long lastReport = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                System.out.println("  timed out waiting until " + what);
                return false;
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(15)) {
                System.out.println("  still waiting until " + what + " ...");
                lastReport = System.nanoTime();
            }
            // a benchmark is no test: polling what the informers already hold, or the operator's metrics, every 200 ms
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return true;
    }

    static <T> ResourceEventHandler<T> onChange(Consumer<T> action) {
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
