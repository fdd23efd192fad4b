package io.k0rdent.backup.bench;

import static io.k0rdent.backup.test.OperatorProcess.freePort;
import static io.k0rdent.backup.test.OperatorProcess.status;
import static io.k0rdent.backup.test.OperatorProcess.stop;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.kcm.KcmInventory.ClusterInUse;
import io.k0rdent.backup.test.KcmFixture;
import io.k0rdent.backup.test.KcmSelectors;
import io.k0rdent.backup.test.strict.StrictApiServer;
import io.k0rdent.backup.velero.BackupFactory;
import io.k0rdent.backup.velero.BackupSelectors;
import io.k0rdent.backup.velero.BackupSelectors.Selection;

/**
 * The size and cost of a management backup's selection as the fleet grows, this operator's beside kcm's (one
 * {@code matchLabels} selector per label value), for N ClusterDeployments named like {@code prod-eu-west-00001-aws-standalone}
 * on three ClusterTemplates: Backup bytes, {@code orLabelSelectors}, the list calls Velero makes per resource type (one
 * per selector), the time to build the Backup and to create it on a fabric8 mock API server behind the strict layer, and
 * whether etcd would take it (the strict layer refuses a Backup over 1.5 MiB as etcd does; the time is then to the
 * refusal).
 * <p>
 * With {@code --operator}, the packaged operator ({@code target/quarkus-app}, the image's JVM options and
 * {@code -XX:MaxRAM=256m}) also runs against a mock holding the N ClusterDeployments, takes an on-demand backup, and its
 * resident memory is read. Not a test: it asserts nothing and prints numbers (docs/development.md):
 * <pre>
 * ./mvnw -B -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.k0rdent.backup.bench.SelectionBenchmark \
 *     [-Dexec.args="--sizes 1000,10000,50000 --operator"]
 * </pre>
 */
public final class SelectionBenchmark {

    static final String NS = FootprintBenchmark.NS;
    static final int ETCD_LIMIT = StrictApiServer.MAX_OBJECT_BYTES;
    static final String API_VERSION = "k0rdent.mirantis.com/v1beta1";
    static final Map<String, List<String>> TEMPLATES = Map.of(
            "aws-standalone-cp-1-0-0", List.of("bootstrap-k0sproject-k0smotron", "control-plane-k0sproject-k0smotron",
                    "infrastructure-aws"),
            "azure-standalone-cp-1-0-0", List.of("bootstrap-k0sproject-k0smotron", "control-plane-k0sproject-k0smotron",
                    "infrastructure-azure"),
            "vsphere-standalone-cp-1-0-0", List.of("bootstrap-k0sproject-k0smotron", "control-plane-k0sproject-k0smotron",
                    "infrastructure-vsphere"));
    static final List<String> TEMPLATE_NAMES = TEMPLATES.keySet().stream().sorted().toList();

    private SelectionBenchmark() {
    }

    public static void main(String[] args) {
        try {
            List<Integer> sizes = List.of(1_000, 10_000, 50_000);
            boolean operator = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::parseInt)
                            .toList();
                    case "--operator" -> operator = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; known: --sizes N,N,..., --operator");
                }
            }
            selections(sizes);
            if (operator) {
                for (int n : sizes) {
                    operatorRun(n);
                }
            }
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            // the mock server's threads would keep the JVM (and Maven's exec:java) alive
            System.exit(1);
        }
    }

    static String name(int i) {
        return "prod-eu-west-%05d-aws-standalone".formatted(i + 1);
    }

    static List<ClusterInUse> fleet(int n) {
        return IntStream.range(0, n).mapToObj(i -> {
            String template = TEMPLATE_NAMES.get(i % TEMPLATE_NAMES.size());
            return new ClusterInUse(NS, name(i), template, TEMPLATES.get(template));
        }).toList();
    }

    static ManagementBackup onDemand(String name) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        mb.setSpec(new ManagementBackupSpec());
        return mb;
    }

    static Backup backup(String name, List<ClusterInUse> clusters, List<LabelSelector> selectors) {
        return BackupFactory.desired(onDemand(name), name, NS, selectors, BackupSelectors.providers(clusters), "720h", null);
    }

    static int bytes(Object o) {
        return Serialization.asJson(o).getBytes(StandardCharsets.UTF_8).length;
    }

    record Row(String style, int n, boolean exact, int selectors, int specBytes, int backupBytes, double buildMs,
            double createMs) {
    }

    static void selections(List<Integer> sizes) throws Exception {
        FootprintBenchmark.Options options = FootprintBenchmark.Options.parse(new String[0]);
        List<Row> rows = new ArrayList<>();
        FootprintBenchmark.onMockCluster(options, (server, cluster) -> {
            // the first builds and creates warm the JIT and the mock; not counted
            measure(cluster, "warm-up", fleet(1_000), c -> BackupSelectors.of(c).selectors(), "warm-up");
            measure(cluster, "warm-up", fleet(1_000), KcmSelectors::of, "warm-up");
            for (int n : sizes) {
                List<ClusterInUse> clusters = fleet(n);
                rows.add(measure(cluster, "operator", clusters, c -> BackupSelectors.of(c).selectors(), "ours-" + n));
                rows.add(measure(cluster, "kcm-style", clusters, KcmSelectors::of, "kcm-style-" + n));
            }
        });
        System.out.println();
        System.out.printf("| N | selection | exact | orLabelSelectors | list calls per resource type | spec bytes"
                + " | Backup bytes | build ms | create ms (mock) | etcd (1.5 MiB) |%n");
        System.out.println("|---:|---|---|---:|---:|---:|---:|---:|---:|---|");
        for (Row r : rows) {
            System.out.printf("| %,d | %s | %s | %,d | %,d | %,d | %,d | %.1f | %.1f | %s |%n", r.n(), r.style(),
                    r.exact() ? "yes" : "superset", r.selectors(), r.selectors(), r.specBytes(), r.backupBytes(),
                    r.buildMs(), r.createMs(), r.backupBytes() > ETCD_LIMIT ? "**exceeds 1.5 MiB: refused**" : "fits");
        }
        System.out.println();
        int kcmLimit = largest(n -> bytes(backup("kcm-style", fleet(n), KcmSelectors.of(fleet(n)))) <= ETCD_LIMIT);
        int exactLimit = largest(n -> BackupSelectors.of(fleet(n)).exact());
        System.out.printf("kcm-style: the largest fleet whose Backup fits in 1.5 MiB: %,d ClusterDeployments%n", kcmLimit);
        System.out.printf("operator:  the largest fleet selected exactly: %,d ClusterDeployments (values budget %,d bytes,"
                + " query bound %,d bytes a selector)%n", exactLimit, BackupSelectors.EXACT_VALUES_BUDGET_BYTES,
                BackupSelectors.MAX_SELECTOR_QUERY_BYTES);
    }

    /** The largest N in 1..200,000 for which {@code holds} (which holds up to some N and not beyond). */
    static int largest(java.util.function.IntPredicate holds) {
        int low = 1;
        int high = 200_000;
        while (low < high) {
            int mid = (low + high + 1) / 2;
            if (holds.test(mid)) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    interface SelectorsOf {
        List<LabelSelector> of(List<ClusterInUse> clusters);
    }

    static Row measure(KubernetesClient cluster, String style, List<ClusterInUse> clusters, SelectorsOf selectors,
            String name) {
        List<Double> builds = new ArrayList<>();
        Backup desired = null;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            desired = backup(name, clusters, selectors.of(clusters));
            builds.add((System.nanoTime() - start) / 1e6);
        }
        builds.sort(null);
        long start = System.nanoTime();
        try {
            cluster.resources(Backup.class).inNamespace(NS).resource(desired).create();
        } catch (KubernetesClientException e) {
            // refused as etcd refuses a request over its limit: the verdict comes from the bytes
            if (e.getCode() != 500) {
                throw e;
            }
        }
        double createMs = (System.nanoTime() - start) / 1e6;
        cluster.resources(Backup.class).inNamespace(NS).withName(name).delete();
        boolean exact = !"operator".equals(style) || BackupSelectors.of(clusters).exact();
        return new Row(style, clusters.size(), exact, desired.getSpec().getOrLabelSelectors().size(),
                bytes(desired.getSpec()), bytes(desired), builds.get(builds.size() / 2), createMs);
    }

    /**
     * The packaged operator against a mock holding {@code n} ClusterDeployments: an on-demand ManagementBackup, the time
     * until its Velero Backup exists, that Backup's size and selectors, and the operator's resident memory.
     */
    static void operatorRun(int n) throws Exception {
        FootprintBenchmark.Options options = FootprintBenchmark.Options.parse(new String[] { "--no-train" });
        FootprintBenchmark.onMockCluster(options, (server, cluster) -> {
            long seedStart = System.nanoTime();
            KcmFixture kcm = new KcmFixture(cluster);
            TEMPLATES.forEach((name, providers) -> kcm.clusterTemplate(NS, name, providers));
            IntFunction<GenericKubernetesResource> cd = i -> new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION)
                    .withKind("ClusterDeployment").withNewMetadata().withName(name(i)).withNamespace(NS).endMetadata()
                    .withAdditionalProperties(Map.of("spec", Map.of("template", TEMPLATE_NAMES.get(i % TEMPLATE_NAMES.size()),
                            "credential", "aws-cred")))
                    .build();
            var deployments = cluster.genericKubernetesResources(API_VERSION, "ClusterDeployment").inNamespace(NS);
            IntStream.range(0, n).parallel().forEach(i -> deployments.resource(cd.apply(i)).create());
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            run(options, server, cluster, n, seedSeconds);
        });
    }

    private static void run(FootprintBenchmark.Options options, KubernetesMockServer server, KubernetesClient cluster, int n,
            double seedSeconds) throws Exception {
        int port = freePort();
        Process process = FootprintBenchmark.operator(options, options.jvmOptions(), server, port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
            URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (status(http, ready) != 200) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("operator not ready (alive: " + process.isAlive() + ")");
                }
                Thread.sleep(50);
            }
            long idle = FootprintBenchmark.rssKiB(process.pid(), "VmRSS");
            long start = System.nanoTime();
            cluster.resource(onDemand("bench")).create();
            Backup backup = null;
            deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (backup == null) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("no Velero Backup for " + n + " ClusterDeployments (operator alive: "
                            + process.isAlive() + ")");
                }
                Thread.sleep(50);
                backup = cluster.resources(Backup.class).inNamespace(NS).withName("bench").get();
            }
            double createdSeconds = (System.nanoTime() - start) / 1e9;
            ManagementBackup mb = null;
            while (mb == null || mb.getStatus() == null || mb.getStatus().getConditions() == null
                    || mb.getStatus().getConditions().stream().noneMatch(c -> "SelectionExact".equals(c.getType()))) {
                Thread.sleep(50);
                mb = cluster.resources(ManagementBackup.class).withName("bench").get();
            }
            String exact = mb.getStatus().getConditions().stream().filter(c -> "SelectionExact".equals(c.getType()))
                    .findFirst().map(c -> c.getStatus() + " " + c.getReason()).orElseThrow();
            Thread.sleep(3_000);
            long rss = FootprintBenchmark.rssKiB(process.pid(), "VmRSS");
            long peak = FootprintBenchmark.rssKiB(process.pid(), "VmHWM");
            System.out.printf("operator, %,d ClusterDeployments (created on the mock in %.0f s): Velero Backup %.2f s after"
                    + " the ManagementBackup, %,d orLabelSelectors, spec %,d bytes, SelectionExact %s; resident %.1f MiB idle,"
                    + " %.1f MiB after, peak %.1f MiB%n", n, seedSeconds, createdSeconds,
                    backup.getSpec().getOrLabelSelectors().size(), bytes(backup.getSpec()), exact, idle / 1024.0,
                    rss / 1024.0, peak / 1024.0);
        } finally {
            stop(process, Duration.ofSeconds(20));
        }
    }
}
