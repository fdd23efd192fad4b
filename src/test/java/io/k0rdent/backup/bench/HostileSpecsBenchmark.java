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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.k0rdent.backup.controller.ManagementBackupReconciler;
import io.k0rdent.backup.test.HostileObjects;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.Scrape;

/**
 * Feeds the packaged operator ManagementBackups generated from their CRD's schema, hostile to its Java model (extreme
 * integers, long and non-ASCII strings, schedules and locations of every kind), at a steady rate, against the strict
 * mock API server; some are stored before the operator starts, under the CRD as it was before its integers were bounded
 * (as a cluster upgraded from an earlier release holds them). Prints what the API server refused, what the operator
 * answered with a status or an event, its reconcile failures, the lines it logged at WARN and ERROR, and its memory.
 * <p>
 * Not a test: it asserts nothing and prints counts. Run it after {@code ./mvnw package} (docs/development.md):
 * <pre>
 * ./mvnw -B -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.k0rdent.backup.bench.HostileSpecsBenchmark \
 *     [-Dexec.args="--objects 600 --rate 20 --earlier 60 --seed 1"]
 * </pre>
 */
public final class HostileSpecsBenchmark {

    static final String MB = "k0rdent.mirantis.com/v1beta1";
    static final String CRD = "target/kubernetes/managementbackups.k0rdent.mirantis.com-v1.yml";

    private HostileSpecsBenchmark() {
    }

    record Options(int objects, double rate, int earlier, long seed, Duration settle) {
        static Options parse(String[] args) {
            int objects = 600;
            double rate = 20;
            int earlier = 60;
            long seed = 1;
            Duration settle = Duration.ofSeconds(20);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--objects" -> objects = Integer.parseInt(args[++i]);
                    case "--rate" -> rate = Double.parseDouble(args[++i]);
                    case "--earlier" -> earlier = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--settle" -> settle = Duration.ofSeconds(Long.parseLong(args[++i]));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; known: --objects N, --rate PER_SECOND, --earlier N, --seed S, --settle SECONDS");
                }
            }
            return new Options(objects, rate, earlier, seed, settle);
        }
    }

    public static void main(String[] args) {
        try {
            Options options = Options.parse(args);
            FootprintBenchmark.Options operator = FootprintBenchmark.Options.parse(new String[0]);
            FootprintBenchmark.onMockCluster(operator, (server, cluster) -> run(options, operator, server, cluster));
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** What the operator printed: counts of WARN and ERROR lines, and a few of each kind. */
    static final class Log {
        final AtomicInteger warnings = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger stackTraces = new AtomicInteger();
        final Map<String, AtomicInteger> byLogger = new ConcurrentHashMap<>();
        /** The first line of each logger, to see what it was about. */
        final Map<String, String> firstLine = new ConcurrentHashMap<>();

        void line(String line) {
            boolean warn = line.contains(" WARN ");
            boolean error = line.contains(" ERROR ");
            if (warn) {
                warnings.incrementAndGet();
            }
            if (error) {
                errors.incrementAndGet();
            }
            if (line.startsWith("\tat ")) {
                stackTraces.incrementAndGet();
            }
            if (warn || error) {
                int open = line.indexOf('[');
                int close = line.indexOf(']', open + 1);
                String logger = open >= 0 && close > open ? line.substring(open + 1, close) : "?";
                String key = (error ? "ERROR " : "WARN  ") + logger;
                byLogger.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                firstLine.putIfAbsent(key, line.length() > 400 ? line.substring(0, 400) + "..." : line);
            }
        }
    }

    static void run(Options options, FootprintBenchmark.Options operator, KubernetesMockServer server,
            KubernetesClient cluster) throws Exception {
        JsonNode schema = HostileObjects.schema(CRD, "v1beta1");
        JsonNode earlierSchema = HostileObjects.withoutBounds(schema.deepCopy());

        // objects a cluster upgraded from an earlier release may hold: stored under the CRD without bounds
        int[] earlierStored = { 0 };
        MockCluster.withEarlierOwnCrds(cluster, () -> {
            for (int i = 0; i < options.earlier(); i++) {
                if (create(cluster, HostileObjects.toCreate(new HostileObjects(options.seed() * 7_919 + i, false).object(
                        earlierSchema, MB, "ManagementBackup", "earlier-" + i, null))) == 201) {
                    earlierStored[0]++;
                }
            }
        });

        int port = freePort();
        Log log = new Log();
        long begin = System.nanoTime();
        Process process = FootprintBenchmark.operator(operator, operator.jvmOptions(), server, port).start();
        Thread output = new Thread(() -> drain(process, log), "operator-output");
        output.setDaemon(true);
        output.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        while (status(http, ready) != 200) {
            if (!process.isAlive() || System.nanoTime() - begin > TimeUnit.SECONDS.toNanos(120)) {
                throw new IllegalStateException("operator not ready (alive: " + process.isAlive() + ")");
            }
            Thread.sleep(20);
        }
        double readySeconds = (System.nanoTime() - begin) / 1e9;

        // hostile objects at a steady rate, under the CRD as this release installs it
        Map<Integer, AtomicInteger> answers = new TreeMap<>();
        List<String> accepted = new ArrayList<>();
        long interval = (long) (1e9 / options.rate());
        long next = System.nanoTime();
        for (int i = 0; i < options.objects(); i++) {
            String name = "hostile-" + i;
            int code = create(cluster, HostileObjects.toCreate(new HostileObjects(options.seed() * 104_729 + i, false)
                    .object(earlierSchema, MB, "ManagementBackup", name, null)));
            answers.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
            if (code == 201) {
                accepted.add(name);
            }
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        Thread.sleep(options.settle().toMillis());

        int withStatus = 0;
        int withoutStatus = 0;
        for (String name : accepted) {
            GenericKubernetesResource stored = cluster.genericKubernetesResources(MB, "ManagementBackup").withName(name).get();
            if (stored != null && stored.get("status", "observedGeneration") != null) {
                withStatus++;
            } else {
                withoutStatus++;
            }
        }
        Map<String, AtomicInteger> earlierOutcome = new TreeMap<>();
        List<String> earlierSilent = new ArrayList<>();
        for (int i = 0; i < options.earlier(); i++) {
            String name = "earlier-" + i;
            List<String> reasons = cluster.v1().events().inAnyNamespace().withField("involvedObject.name", name).list()
                    .getItems().stream().map(e -> e.getReason()).toList();
            GenericKubernetesResource stored = cluster.genericKubernetesResources(MB, "ManagementBackup").withName(name).get();
            String outcome = reasons.contains("UnreadableFields") ? "held, event UnreadableFields"
                    : reasons.contains(ManagementBackupReconciler.INVALID_FOR_CRD) ? "backed up, event InvalidForCrd"
                            : stored != null && stored.get("status", "observedGeneration") != null ? "answered with a status"
                                    : "nothing";
            earlierOutcome.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
            if ("nothing".equals(outcome) && earlierSilent.size() < 3) {
                earlierSilent.add(cluster.getKubernetesSerialization().asJson(stored));
            }
        }
        Scrape metrics = Scrape.parse(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        int readyAtEnd = status(http, ready);
        long rss = FootprintBenchmark.rssKiB(process.pid(), "VmRSS");
        long peak = FootprintBenchmark.rssKiB(process.pid(), "VmHWM");
        stop(process, Duration.ofSeconds(20));

        System.out.printf("operator ready after:                 %.2f s%n", readySeconds);
        System.out.printf("earlier objects stored before start:  %d of %d (unbounded CRD)%n", earlierStored[0],
                options.earlier());
        earlierOutcome.forEach((outcome, count) -> System.out.printf("  %-36s %d%n", outcome + ":", count.get()));
        earlierSilent.forEach(object -> System.out.printf("    not reported: %s%n", object.length() > 600
                ? object.substring(0, 600) + "..." : object));
        System.out.printf("hostile objects sent:                 %d at %.0f/s%n", options.objects(), options.rate());
        answers.forEach((code, count) -> System.out.printf("  API server answered %d:             %d%s%n", code,
                count.get(), code == 422 ? " (refused by the schema)" : code == 201 ? " (stored)" : ""));
        System.out.printf("  stored and answered with a status:  %d%n", withStatus);
        System.out.printf("  stored, no status after %ds:        %d%n", options.settle().toSeconds(), withoutStatus);
        System.out.printf("unreadable: found / held now:        %.0f / %.0f%n",
                metrics.sum("kcm_backup_unreadable_found_total"), metrics.sum("kcm_backup_unreadable_objects"));
        metrics.samples().stream().filter(sample -> sample.name().startsWith("kcm_backup_unreadable"))
                .forEach(sample -> System.out.printf("  %s%s %.0f%n", sample.name(), sample.labels(), sample.value()));
        System.out.printf("reconciles started / failed:          %.0f / %.0f%n",
                metrics.sum("operator_sdk_reconciliations_started_total"),
                metrics.sum("operator_sdk_reconciliations_failed_total"));
        System.out.printf("log lines WARN / ERROR / stack frames: %d / %d / %d%n", log.warnings.get(), log.errors.get(),
                log.stackTraces.get());
        new TreeMap<>(log.byLogger).forEach((logger, count) -> System.out.printf("  %-60s %d%n    first: %s%n", logger,
                count.get(), log.firstLine.get(logger)));
        System.out.printf("readiness at the end:                 %d%n", readyAtEnd);
        System.out.printf("RSS at the end (peak):                %.1f MiB (%.1f MiB)%n", rss / 1024.0, peak / 1024.0);
    }

    /** Creates the object as a user would (kubectl apply): the API server's answer code. */
    private static int create(KubernetesClient cluster, JsonNode object) {
        try {
            cluster.genericKubernetesResources(MB, "ManagementBackup")
                    .resource(cluster.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class))
                    .create();
            return 201;
        } catch (KubernetesClientException e) {
            return e.getCode();
        }
    }

    private static void drain(Process process, Log log) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.line(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
