package io.k0rdent.backup.bench;

import static io.k0rdent.backup.test.OperatorProcess.freePort;
import static io.k0rdent.backup.test.OperatorProcess.status;
import static io.k0rdent.backup.test.OperatorProcess.stop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupSpec;
import io.k0rdent.backup.api.velero.BackupStatus;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.VeleroSimulator;
import io.k0rdent.backup.test.strict.StrictApiServer;

/**
 * Measures the packaged operator (JVM mode, {@code target/quarkus-app}) the way it runs in its pod: time from process
 * start to a ready probe, and resident memory idle and with many ManagementBackups. The API server is a fabric8 mock
 * server in this JVM, with the real CRDs; the operator reaches it through a kubeconfig, with leader election on.
 * <p>
 * Not a test: it asserts nothing and prints numbers. Run it after {@code ./mvnw package} (docs/operations.md):
 * <pre>
 * ./mvnw -B -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.k0rdent.backup.bench.FootprintBenchmark \
 *     [-Dexec.args="--objects 1000 --starts 5 --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --jvm-opts '-Xmx96m'"]
 * </pre>
 */
public final class FootprintBenchmark {

    /**
     * The JVM options of the container image (src/main/docker/Dockerfile.jvm), plus {@code -XX:MaxRAM=256m}: the heap the
     * JVM sizes from the chart's memory limit (256Mi) inside the pod, here outside of any container.
     */
    static final String IMAGE_JVM_OPTIONS = "-XX:SharedArchiveFile=app-cds.jsa -XX:+UseSerialGC -Xmn4m "
            + "-XX:TieredStopAtLevel=1 "
            + "-XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000 -XX:Tier3CompileThreshold=20000 "
            + "-Xss512k -XX:MaxRAMPercentage=40 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:-UsePerfData "
            + "-XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager -XX:MaxRAM=256m";

    /** The environment the image sets for the JVM. */
    static final Map<String, String> IMAGE_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");
    static final String NS = "kcm-system";
    /** The class data sharing archive, next to quarkus-run.jar, where the image and the options above expect it. */
    static final String ARCHIVE = "app-cds.jsa";

    private FootprintBenchmark() {
    }

    record Options(int objects, int starts, boolean train, String java, List<String> jvmOptions, Path jar,
            boolean histogram, Map<String, String> env, boolean log, int keptBackups, int selectionBytes) {
        static Options parse(String[] args) {
            int objects = 1000;
            int starts = 5;
            int keptBackups = 0;
            // the selection of 10,000 ClusterDeployments (docs/concepts.md)
            int selectionBytes = 722_648;
            boolean train = true;
            Path app = Path.of("target", "quarkus-app");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String jvm = IMAGE_JVM_OPTIONS;
            boolean histogram = false;
            boolean log = false;
            Map<String, String> env = new HashMap<>(IMAGE_ENVIRONMENT);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--objects" -> objects = Integer.parseInt(args[++i]);
                    case "--starts" -> starts = Math.max(1, Integer.parseInt(args[++i]));
                    case "--no-train" -> train = false;
                    case "--app" -> app = Path.of(args[++i]);
                    case "--java" -> java = args[++i];
                    case "--jvm-opts" -> jvm = args[++i];
                    case "--histogram" -> histogram = true;
                    case "--log" -> log = true;
                    case "--kept-backups" -> keptBackups = Integer.parseInt(args[++i]);
                    case "--selection-bytes" -> selectionBytes = Integer.parseInt(args[++i]);
                    case "--env" -> {
                        String[] pair = args[++i].split("=", 2);
                        env.put(pair[0], pair[1]);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; known: --objects N, --starts N, --no-train, --app DIR, --java PATH,"
                            + " --jvm-opts 'OPTIONS', --env NAME=VALUE, --histogram, --log, --kept-backups N,"
                            + " --selection-bytes B");
                }
            }
            List<String> jvmOptions = jvm.isBlank() ? List.of() : Arrays.asList(jvm.trim().split("\\s+"));
            return new Options(objects, starts, train, java, jvmOptions, app.resolve("quarkus-run.jar"),
                    histogram, env, log, keptBackups, selectionBytes);
        }
    }

    public static void main(String[] args) {
        try {
            measure(Options.parse(args));
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            // the mock server's threads would keep the JVM (and Maven's exec:java) alive
            System.exit(1);
        }
    }

    static void measure(Options options) throws Exception {
        onMockCluster(options, (server, cluster) -> {
            if (options.train()) {
                train(options, server, cluster);
            }
            run(options, server, cluster);
        });
    }

    /** What runs against the mock API server. */
    interface ClusterTask {
        void run(KubernetesMockServer server, KubernetesClient cluster) throws Exception;
    }

    /** Runs {@code task} against a fresh mock API server with kcm's, Velero's and this operator's CRDs. */
    static void onMockCluster(Options options, ClusterTask task) throws Exception {
        if (!Files.exists(options.jar())) {
            throw new IllegalStateException(options.jar() + " not found: run ./mvnw -B package -DskipTests first");
        }
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        StrictApiServer.install(server);
        server.init();
        try (KubernetesClient cluster = server.createClient()) {
            MockCluster.createAllCrds(cluster);
            new VeleroSimulator(cluster, NS).storageLocation("default", true, "Available");
            task.run(server, cluster);
        } finally {
            server.destroy();
        }
    }

    /**
     * How the operator is started: {@code java} with the given options on the packaged application, from its directory
     * (as the image runs it: a class data sharing archive names the jar by that path), against the mock API server
     * configured as in a pod ({@link #asInPod}), with leader election on and its HTTP server on {@code port}.
     */
    static ProcessBuilder operator(Options options, List<String> jvmOptions, KubernetesMockServer server, int port) {
        ProcessBuilder builder = asInPod(operator(options, jvmOptions, (Path) null, port),
                server.url("/").replaceAll("/$", ""), null);
        builder.environment().put("KCM_BACKUP_LEADER_ELECTION_ENABLED", "true");
        builder.environment().put("KCM_BACKUP_LEADER_ELECTION_IDENTITY", "benchmark");
        return builder;
    }

    /**
     * Points the operator at the API server {@code url} as the chart's pod finds its cluster: a URL, the cluster's CA
     * ({@code null} over HTTP) and a token, here from fabric8's environment variables as there from the service
     * account. No kubeconfig: its parser (SnakeYAML, ~130 classes) and the re-reading of it are not in the pod.
     */
    static ProcessBuilder asInPod(ProcessBuilder builder, String url, Path certificateAuthority) {
        Map<String, String> env = builder.environment();
        env.remove("KUBECONFIG");
        env.put("KUBERNETES_MASTER", url);
        env.put("KUBERNETES_AUTH_TOKEN", "benchmark");
        env.put("KUBERNETES_NAMESPACE", NS);
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        if (certificateAuthority != null) {
            env.put("KUBERNETES_CERTS_CA_FILE", certificateAuthority.toAbsolutePath().toString());
        }
        return builder;
    }

    /** As above, against the API server of {@code kubeconfig} (none: the caller configures it), without leader election. */
    static ProcessBuilder operator(Options options, List<String> jvmOptions, Path kubeconfig, int port) {
        List<String> command = new ArrayList<>();
        command.add(options.java());
        command.addAll(jvmOptions);
        // run from the application directory, as the image does: an AppCDS archive refers to the jar by that path
        command.add("-jar");
        command.add(options.jar().getFileName().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .directory(options.jar().getParent().toFile());
        builder.environment().putAll(options.env());
        if (kubeconfig != null) {
            builder.environment().put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
        }
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("KCM_BACKUP_LEADER_ELECTION_ENABLED", "false");
        return builder;
    }

    static void run(Options options, KubernetesMockServer server, KubernetesClient cluster) throws Exception {
        int port = freePort();
        ProcessBuilder builder = operator(options, options.jvmOptions(), server, port);

        System.out.printf("java:        %s (%s)%n", options.java(), javaVersion(options.java()));
        System.out.printf("options:     %s%n", String.join(" ", options.jvmOptions()));
        System.out.printf("environment: %s%n", options.env());
        System.out.printf("class path:  %s%n", classPath(options.jar().getParent()));
        if (options.keptBackups() > 0) {
            keepBackups(cluster, options.keptBackups(), options.selectionBytes());
        }
        // start-up time varies from run to run on a shared machine: the operator is started several times and the
        // median reported. A first start, not counted, warms this JVM's mock API server and the file cache; the last
        // goes on to the memory measurements.
        List<Started> starts = new ArrayList<>();
        Started started = null;
        for (int i = 0; i <= options.starts(); i++) {
            if (started != null) {
                stop(started.process(), Duration.ofSeconds(20));
            }
            started = startAndAwaitReady(builder, port, options);
            if (i > 0) {
                starts.add(started);
            }
        }
        Process process = started.process();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
            Thread.sleep(5_000);
            if (!process.isAlive()) {
                throw new IllegalStateException("operator exited with " + process.exitValue() + " after it was ready");
            }
            long idleRss = rssKiB(process.pid(), "VmRSS");
            inspect(options, process.pid(), "idle");

            long createStart = System.nanoTime();
            for (int i = 0; i < options.objects(); i++) {
                ManagementBackup mb = new ManagementBackup();
                mb.getMetadata().setName("bench-%04d".formatted(i));
                ManagementBackupSpec spec = new ManagementBackupSpec();
                // half scheduled (waiting for their slot), half single backups (each creates a Velero Backup)
                spec.setSchedule(i % 2 == 0 ? "0 */6 * * *" : null);
                mb.setSpec(spec);
                cluster.resource(mb).create();
            }
            int reconciled = 0;
            while (reconciled < options.objects()) {
                Thread.sleep(500);
                reconciled = (int) cluster.resources(ManagementBackup.class).list().getItems().stream()
                        .filter(m -> m.getStatus() != null && m.getStatus().getObservedGeneration() != null).count();
                if (System.nanoTime() - createStart > TimeUnit.MINUTES.toNanos(10)) {
                    throw new IllegalStateException("only " + reconciled + " reconciled within 10 minutes");
                }
            }
            double reconcileSeconds = (System.nanoTime() - createStart) / 1e9;
            Thread.sleep(10_000);
            long loadedRss = rssKiB(process.pid(), "VmRSS");
            long peakRss = rssKiB(process.pid(), "VmHWM");
            inspect(options, process.pid(), options.objects() + " objects");
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (System.getProperty("kcm.bench.metrics-out") != null) {
                Files.writeString(Path.of(System.getProperty("kcm.bench.metrics-out")), metrics);
            }
            long series = metrics.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();

            long stopStart = System.nanoTime();
            process.destroy();
            boolean stopped = process.waitFor(20, TimeUnit.SECONDS);
            double stopSeconds = (System.nanoTime() - stopStart) / 1e9;

            List<Double> ready = starts.stream().map(Started::readySeconds).sorted().toList();
            List<Double> cpu = starts.stream().map(Started::cpuSeconds).sorted().toList();
            System.out.printf("ready:       %.2f s median from process start to /q/health/ready 200 over %d starts"
                    + " (min %.2f s, max %.2f s); %.2f s of CPU by then (median)%n", ready.get(ready.size() / 2),
                    ready.size(), ready.get(0), ready.get(ready.size() - 1), cpu.get(cpu.size() / 2));
            System.out.printf("each start:  %s%n", starts.stream().map(r -> "%.2f s (Quarkus %s s, CPU %.2f s)"
                    .formatted(r.readySeconds(), r.quarkusStarted(), r.cpuSeconds())).toList());
            System.out.printf("idle:        %.1f MiB resident%n", idleRss / 1024.0);
            System.out.printf("%d objects: %.1f MiB resident, peak %.1f MiB; all reconciled %.1f s after the first create;"
                    + " %d series at /q/metrics%n", options.objects(), loadedRss / 1024.0, peakRss / 1024.0, reconcileSeconds,
                    series);
            System.out.printf("shutdown:    %s%n", stopped ? "%.2f s after SIGTERM (exit %d)".formatted(stopSeconds,
                    process.exitValue()) : "still running 20 s after SIGTERM");
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * The training run that writes the class data sharing archive ({@code app-cds.jsa}) the image starts with: the
     * operator runs a short, typical workload (ManagementBackups scheduled and single, Velero completing their backups,
     * a metrics scrape) with {@code -XX:ArchiveClassesAtExit}, and stops; every class it loaded on the way is in the
     * archive. An archive only of the classes loaded while Quarkus boots (what {@code quarkus.appcds.generate} makes)
     * leaves out the Kubernetes client's, the operator framework's and Jackson's, which are most of start-up.
     */
    static void train(Options options, KubernetesMockServer server, KubernetesClient cluster) throws Exception {
        Path archive = options.jar().resolveSibling(ARCHIVE);
        List<String> jvmOptions = new ArrayList<>(options.jvmOptions().stream()
                .filter(o -> !o.startsWith("-XX:SharedArchiveFile=")).toList());
        jvmOptions.add("-XX:ArchiveClassesAtExit=" + ARCHIVE);
        Files.deleteIfExists(archive);
        long start = System.nanoTime();
        int port = freePort();
        Started started = startAndAwaitReady(operator(options, jvmOptions, server, port), port, options);
        VeleroSimulator velero = new VeleroSimulator(cluster, NS);
        List<String> single = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                ManagementBackup mb = new ManagementBackup();
                mb.getMetadata().setName("training-%d".formatted(i));
                ManagementBackupSpec spec = new ManagementBackupSpec();
                spec.setSchedule(i % 2 == 0 ? "@every 1h30m" : null);
                mb.setSpec(spec);
                cluster.resource(mb).create();
                if (i % 2 == 1) {
                    single.add(mb.getMetadata().getName());
                }
            }
            for (String name : single) {
                String backup = awaitValue(() -> lastBackupName(cluster, name), name + " creates its Velero Backup");
                velero.complete(backup, 42);
            }
            for (String name : single) {
                awaitValue(() -> completed(cluster, name), name + " shows its Velero Backup Completed");
            }
            HttpClient http = HttpClient.newBuilder().build();
            for (String path : List.of("/q/metrics", "/q/health/ready", "/q/health/live")) {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        } finally {
            // the archive is written while the JVM exits
            stop(started.process(), Duration.ofMinutes(1));
            cluster.resources(ManagementBackup.class).list().getItems().stream()
                    .filter(mb -> mb.getMetadata().getName().startsWith("training-"))
                    .forEach(mb -> cluster.resource(mb).delete());
            cluster.resources(Backup.class).inNamespace(NS).delete();
        }
        if (!Files.exists(archive) || Files.size(archive) == 0) {
            throw new IllegalStateException("the training run wrote no " + archive);
        }
        System.out.printf("training:    %s, %.1f MiB, written in %.1f s%n", archive, Files.size(archive) / 1048576.0,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Velero Backups of one ManagementBackup kept in the cluster (an hourly schedule keeps 720 with Velero's default TTL
     * of 30 days), each selecting about {@code selectionBytes} of label selectors, as at a large fleet: what the
     * operator lists when it starts and whenever its watch of Backups starts over.
     */
    static void keepBackups(KubernetesClient cluster, int count, int selectionBytes) throws Exception {
        List<LabelSelector> selectors = new ArrayList<>();
        BackupSpec spec = new BackupSpec();
        spec.setStorageLocation("default");
        spec.setOrLabelSelectors(selectors);
        // selectors of equal length: as many as make up the bytes
        int empty = cluster.getKubernetesSerialization().asJson(spec).length();
        selectors.add(selector(0));
        int each = cluster.getKubernetesSerialization().asJson(spec).length() - empty;
        while (selectors.size() < (selectionBytes - empty) / each) {
            selectors.add(selector(selectors.size()));
        }
        int bytes = cluster.getKubernetesSerialization().asJson(spec).length();
        long start = System.nanoTime();
        ScheduleLatencyBenchmark.inParallel(count, 4, i -> {
            Backup backup = new Backup();
            backup.setMetadata(new ObjectMetaBuilder().withName("kept-%04d".formatted(i)).withNamespace(NS)
                    .addToLabels(Labels.MANAGEMENT_BACKUP, "kept").build());
            backup.setSpec(spec);
            BackupStatus status = new BackupStatus();
            status.setPhase("Completed");
            backup.setStatus(status);
            cluster.resource(backup).create();
        });
        System.out.printf("kept:        %d Velero Backups of %d bytes of spec each (%.1f MiB), created in %.1f s%n", count,
                bytes, count * (double) bytes / 1048576, (System.nanoTime() - start) / 1e9);
    }

    private static LabelSelector selector(int cluster) {
        return new LabelSelectorBuilder().addToMatchLabels("cluster.x-k8s.io/cluster-name", "cluster-%05d".formatted(cluster))
                .build();
    }

    private static String lastBackupName(KubernetesClient cluster, String name) {
        ManagementBackup mb = cluster.resources(ManagementBackup.class).withName(name).get();
        return mb == null || mb.getStatus() == null ? null : mb.getStatus().getLastBackupName();
    }

    private static String completed(KubernetesClient cluster, String name) {
        ManagementBackup mb = cluster.resources(ManagementBackup.class).withName(name).get();
        return mb == null || mb.getStatus() == null || mb.getStatus().getLastBackup() == null
                || !"Completed".equals(mb.getStatus().getLastBackup().getPhase()) ? null : "Completed";
    }

    /** Polls until {@code value} answers, for at most a minute. */
    private static String awaitValue(Supplier<String> value, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            String answer = value.get();
            if (answer != null) {
                return answer;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("training run: waited a minute for " + what);
    }

    /** One start of the operator: its process, and how long it took to report ready. */
    record Started(Process process, double readySeconds, double cpuSeconds, String quarkusStarted) {
    }

    static Started startAndAwaitReady(ProcessBuilder builder, int port, Options options) throws Exception {
        long start = System.nanoTime();
        Process process = builder.start();
        AtomicReference<String> quarkusStarted = new AtomicReference<>("?");
        Thread output = new Thread(() -> drain(process, quarkusStarted, options.log()), "operator-output");
        output.setDaemon(true);
        output.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        while (status(http, ready) != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException("operator exited with " + process.exitValue());
            }
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(180)) {
                process.destroyForcibly();
                throw new IllegalStateException("operator not ready within 180 s");
            }
            Thread.sleep(10);
        }
        double readySeconds = (System.nanoTime() - start) / 1e9;
        double cpu = cpuSeconds(process.pid());
        // the log line comes a moment after the probe answers
        for (int i = 0; i < 100 && "?".equals(quarkusStarted.get()); i++) {
            Thread.sleep(10);
        }
        return new Started(process, readySeconds, cpu, quarkusStarted.get());
    }

    /**
     * What the options ask to see of the operator's memory: native memory by JVM area; with {@code --histogram} the
     * resident memory by mapping and the live heap by class.
     */
    static void inspect(Options options, long pid, String when) throws IOException, InterruptedException {
        System.out.printf("classes:     %d loaded (%s)%n", loadedClasses(options, pid), when);
        nativeMemory(options, pid, when);
        if (options.histogram()) {
            mappings(pid, when);
            histogram(options, pid);
            // -Dbench.heap-dump=DIR: also a heap dump for a heap analyser, one per inspection
            String dumps = System.getProperty("bench.heap-dump");
            if (dumps != null) {
                Path dump = Path.of(dumps).toAbsolutePath().resolve(when.replaceAll("[^A-Za-z0-9]+", "-") + ".hprof");
                Files.createDirectories(dump.getParent());
                Files.deleteIfExists(dump);
                jcmd(options, pid, "GC.heap_dump", dump.toString());
                System.out.println("heap dump: " + dump);
            }
        }
    }

    /** Resident memory by mapped file (anonymous memory as one), from /proc/PID/smaps, the largest first. */
    private static void mappings(long pid, String when) throws IOException {
        Map<String, Long> rss = new HashMap<>();
        String mapping = "";
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && f[0].contains("-") && !f[0].endsWith(":")) {
                mapping = f.length > 5 ? Path.of(f[5]).getFileName().toString() : "anonymous";
            } else if ("Rss:".equals(f[0])) {
                rss.merge(mapping, Long.parseLong(f[1]), Long::sum);
            }
        }
        // threads by name (the kernel keeps its first 15 characters), numbers left out: "vert.x-eventloo" x 4
        Map<String, Long> threads = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String name = Files.readString(task.resolve("comm")).strip().replaceAll("[-_#]?\\d+$", "");
                threads.merge(name, 1L, Long::sum);
            }
        }
        System.out.println("resident memory by mapping (" + when + "; "
                + threads.values().stream().mapToLong(Long::longValue).sum() + " threads):");
        rss.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(e -> System.out.printf("  %-28s %6.1f MiB%n", e.getKey(), e.getValue() / 1024.0));
        System.out.println("threads: " + threads.entrySet().stream()
                .map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", ")));
        openJars(pid);
    }

    /**
     * The jars the operator holds open: the JDK keeps the central directory of each open one on the Java heap, so their
     * size is part of the live heap.
     */
    private static void openJars(long pid) throws IOException {
        long jars = 0;
        long directories = 0;
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                Path target;
                try {
                    target = Files.readSymbolicLink(fd);
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (target.toString().endsWith(".jar") && Files.isRegularFile(target)) {
                    jars++;
                    directories += centralDirectorySize(target);
                }
            }
        }
        System.out.printf("open jars: %d, their central directories %.1f MiB%n", jars, directories / 1048576.0);
    }

    /** The size of a zip file's central directory, from its end record (the last 22 bytes plus any comment). */
    private static long centralDirectorySize(Path zip) throws IOException {
        try (var file = new java.io.RandomAccessFile(zip.toFile(), "r")) {
            int tail = (int) Math.min(file.length(), 65_557);
            byte[] end = new byte[tail];
            file.seek(file.length() - tail);
            file.readFully(end);
            var buffer = java.nio.ByteBuffer.wrap(end).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = tail - 22; i >= 0; i--) {
                if (buffer.getInt(i) == 0x06054b50) {
                    return Integer.toUnsignedLong(buffer.getInt(i + 12));
                }
            }
            return 0;
        }
    }

    /** How many classes the JVM has loaded, over all its class loaders (shared ones from the archive included). */
    static long loadedClasses(Options options, long pid) throws IOException, InterruptedException {
        return jcmd(options, pid, "VM.classloader_stats").stream().map(String::trim).filter(l -> l.startsWith("Total ="))
                .map(l -> l.split("\\s+")).mapToLong(f -> Long.parseLong(f[3])).findFirst().orElse(-1);
    }

    /** The jars of the packaged application and the classes in them: what the operator could load. */
    static String classPath(Path app) throws IOException {
        long jars = 0;
        long classes = 0;
        try (var files = Files.walk(app)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                jars++;
                try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
                    classes += zip.stream().filter(e -> e.getName().endsWith(".class")).count();
                }
            }
        }
        return "%d jars, %d classes".formatted(jars, classes);
    }

    /** With -XX:NativeMemoryTracking=summary among the options: where the resident memory goes, by JVM area. */
    private static void nativeMemory(Options options, long pid, String when) throws IOException, InterruptedException {
        if (options.jvmOptions().stream().noneMatch(o -> o.startsWith("-XX:NativeMemoryTracking"))) {
            return;
        }
        List<String> out = jcmd(options, pid, "VM.native_memory", "summary", "scale=MB");
        System.out.println("native memory (" + when + "), committed:");
        Pattern area = Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+MB, committed=(\\d+)MB\\)");
        out.stream().map(String::trim).map(area::matcher).filter(Matcher::find)
                .forEach(m -> System.out.printf("  %-28s %4s MB%n", m.group(1), m.group(2)));
    }

    /** The heap's biggest classes after a full collection (which jcmd runs first): what the live set is made of. */
    private static void histogram(Options options, long pid) throws IOException, InterruptedException {
        System.out.println("code cache:");
        jcmd(options, pid, "Compiler.codecache").stream().skip(1).filter(l -> l.contains("size=") || l.contains("total_blobs"))
                .forEach(l -> System.out.println("  " + l.strip()));
        System.out.println("heap before the collection:");
        jcmd(options, pid, "GC.heap_info").stream().skip(1).forEach(l -> System.out.println("  " + l));
        List<String> lines = jcmd(options, pid, "GC.class_histogram");
        System.out.println("live heap, biggest classes:");
        lines.stream().limit(40).forEach(l -> System.out.println("  " + l));
        lines.stream().filter(l -> l.startsWith("Total")).forEach(l -> System.out.println("  " + l));
    }

    /** The output of {@code jcmd PID COMMAND...}, with the jcmd of the JDK that runs the operator. */
    private static List<String> jcmd(Options options, long pid, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(Path.of(options.java()).resolveSibling("jcmd").toString(),
                Long.toString(pid)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        p.waitFor();
        return lines;
    }

    private static void drain(Process process, AtomicReference<String> started, boolean all) {
        Pattern startedIn = Pattern.compile("started in ([0-9.]+)s");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher m = startedIn.matcher(line);
                if (m.find()) {
                    started.set(m.group(1));
                }
                if (all || line.contains("ERROR") || line.contains("Exception")) {
                    System.out.println("operator: " + line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** A field of /proc/PID/status, in KiB (VmRSS: resident now; VmHWM: the peak). */
    static long rssKiB(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
    }

    /** CPU time (user and system) the process used so far, from /proc/PID/stat: comparable on a busy machine. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields from the state on: utime and stime are the 12th and 13th, in clock ticks (100 per second on Linux)
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static String javaVersion(String java) throws IOException, InterruptedException {
        Process version = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String first = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
                .orElse("?");
        version.waitFor();
        return first;
    }
}
