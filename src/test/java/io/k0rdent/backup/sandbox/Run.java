package io.k0rdent.backup.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.RetentionSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.test.KcmFixture;
import io.k0rdent.backup.test.OperatorProcess;
import io.k0rdent.backup.test.Seeds;

/**
 * Runs the packaged operator ({@code ./mvnw -Prun}): against the cluster in {@code KUBECONFIG} (or ~/.kube/config) when
 * one answers, otherwise against a sandbox: an in-process mock API server with the CRDs, the documented examples and a
 * simulated Velero, so that backups appear and their status fills in within a minute.
 */
public final class Run {

    static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /**
     * The system property naming the native executable to run instead of the JVM build (the {@code native} profile sets
     * it for the integration tests, as Quarkus' own integration tests name it).
     */
    static final String NATIVE_EXECUTABLE = "native.image.path";

    public static void main(String[] args) throws Exception {
        Path artifact = nativeExecutable().orElse(JAR);
        if (!Files.exists(artifact)) {
            throw new IllegalStateException(artifact + " is missing: build it with ./mvnw -Prun (or ./mvnw package)");
        }
        String reason = clusterUnreachableReason();
        if (reason == null) {
            System.out.println("Running the operator against the cluster of " + describeKubeconfig());
            System.exit(runOperator(Map.of()).waitFor());
        }
        System.out.println("No cluster to run against (" + reason + "): starting the SANDBOX.");
        sandbox();
    }

    private static String describeKubeconfig() {
        String env = System.getenv("KUBECONFIG");
        return env != null ? "KUBECONFIG=" + env : "~/.kube/config";
    }

    /** Null when the configured cluster answers; otherwise why not. */
    static String clusterUnreachableReason() {
        String env = System.getenv("KUBECONFIG");
        Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
        if ((env == null || env.isBlank()) && !Files.exists(home) && System.getenv("KUBERNETES_SERVICE_HOST") == null) {
            return "KUBECONFIG is not set and ~/.kube/config does not exist";
        }
        Config config = Config.autoConfigure(null);
        config.setRequestTimeout(3000);
        config.setConnectionTimeout(3000);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            client.getKubernetesVersion();
            return null;
        } catch (RuntimeException e) {
            return "the cluster at " + config.getMasterUrl() + " does not answer: " + e.getMessage();
        }
    }

    /**
     * Starts the packaged operator as a child process with extra environment; it is stopped when this JVM exits. The
     * artifact is the native executable when {@value #NATIVE_EXECUTABLE} names one, else the JVM build run by this JVM.
     */
    public static Process runOperator(Map<String, String> env) throws java.io.IOException {
        ProcessBuilder builder = new ProcessBuilder(operatorCommand()).inheritIO();
        builder.environment().putAll(env);
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        return process;
    }

    static List<String> operatorCommand() {
        return nativeExecutable().map(executable -> List.of(executable.toAbsolutePath().toString()))
                .orElseGet(() -> List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                        JAR.toString()));
    }

    /** The native executable to run, when the build made one and names it. */
    static Optional<Path> nativeExecutable() {
        String path = System.getProperty(NATIVE_EXECUTABLE);
        return path == null || path.isBlank() ? Optional.empty() : Optional.of(Path.of(path));
    }

    /** The running sandbox: its API server, the simulated Velero and the operator process. */
    record Sandbox(SandboxCluster cluster, SimulatedVelero velero, Process operator) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            OperatorProcess.stop(operator, Duration.ofSeconds(20));
            velero.close();
            cluster.close();
        }
    }

    /** The sandbox's frequent ManagementBackup: often enough to see retention delete old backups within minutes. */
    static final String FREQUENT = "sandbox-frequent";
    /** How many of its backups retention keeps. */
    static final int KEEP_LAST = 3;
    /** The sandbox's ManagementRestore: restores the documented single backup once it has completed. */
    static final String RESTORE = "sandbox-restore";

    /**
     * Starts the sandbox in {@code dir}: the mock API server with the CRDs, the documented examples, a cluster in use, a
     * ManagementBackup on {@code frequentSchedule} that keeps its last {@link #KEEP_LAST} backups, a ManagementRestore of
     * the documented single backup, the simulated Velero, and the packaged operator against it with {@code env} added to
     * its environment.
     */
    static Sandbox startSandbox(Path dir, String frequentSchedule, Map<String, String> env) throws Exception {
        SandboxCluster cluster = SandboxCluster.start(dir);
        KubernetesClient client = cluster.client();
        cluster.apply("/seeds/storage-location.yaml");
        clusterInUse(client);
        Seeds.apply(client, "scheduled-backup.yaml");
        Seeds.apply(client, "on-demand-backup.yaml");
        ManagementBackup frequent = new ManagementBackup();
        frequent.getMetadata().setName(FREQUENT);
        frequent.getSpec().setSchedule(frequentSchedule);
        frequent.getSpec().setStorageLocation("aws-s3");
        RetentionSpec retention = new RetentionSpec();
        retention.setKeepLast(KEEP_LAST);
        frequent.getSpec().setRetention(retention);
        client.resource(frequent).create();
        ManagementRestore restore = new ManagementRestore();
        restore.getMetadata().setName(RESTORE);
        restore.getSpec().setFromManagementBackup("example-backup");
        client.resource(restore).create();

        SimulatedVelero velero = new SimulatedVelero(client, SandboxCluster.NAMESPACE).start();
        Map<String, String> operatorEnv = new HashMap<>(env);
        operatorEnv.put("KUBECONFIG", cluster.kubeconfig().toAbsolutePath().toString());
        // one replica, always acting: nothing to hand over in a sandbox
        operatorEnv.put("KCM_BACKUP_LEADER_ELECTION_ENABLED", "false");
        operatorEnv.put("QUARKUS_LOG_CATEGORY__IO_FABRIC8_MOCKWEBSERVER__LEVEL", "WARN");
        return new Sandbox(cluster, velero, runOperator(operatorEnv));
    }

    private static void sandbox() throws Exception {
        Sandbox sandbox = startSandbox(Path.of("target", "sandbox"), "@every 30s", Map.of());
        SandboxCluster cluster = sandbox.cluster();
        KubernetesClient client = cluster.client();
        Process operator = sandbox.operator();
        ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor();
        printer.scheduleAtFixedRate(() -> printStatus(client), 5, 10, TimeUnit.SECONDS);
        System.out.printf("""

                SANDBOX API server: %s   kubeconfig: %s
                  kubectl --kubeconfig %s get managementbackups
                  metrics: http://localhost:8080/q/metrics   health: http://localhost:8080/q/health
                  kubectl --kubeconfig %s get managementrestores
                Velero here is SIMULATED: backups and restores complete after ~4 s and nothing is copied or restored;
                %s backs up every 30 s and keeps its last %d backups (older ones go through DeleteBackupRequests).
                Ctrl+C stops everything.

                """, cluster.url(), cluster.kubeconfig(), cluster.kubeconfig(), cluster.kubeconfig(), FREQUENT, KEEP_LAST);
        int exit = operator.waitFor();
        printer.shutdownNow();
        sandbox.close();
        System.exit(exit);
    }

    /** A ClusterTemplate and a ClusterDeployment, so the backups' label selectors show a cluster in use. */
    private static void clusterInUse(KubernetesClient client) {
        KcmFixture kcm = new KcmFixture(client);
        kcm.clusterTemplate(SandboxCluster.NAMESPACE, "aws-standalone-cp-1-0-0",
                List.of("bootstrap-k0sproject-k0smotron", "control-plane-k0sproject-k0smotron", "infrastructure-aws"));
        kcm.clusterDeployment(SandboxCluster.NAMESPACE, "my-aws-cluster", "aws-standalone-cp-1-0-0");
    }

    private static void printStatus(KubernetesClient client) {
        StringBuilder table = new StringBuilder(String.format("%n%-22s %-34s %-12s %-22s %s%n", "MANAGEMENTBACKUP",
                "LAST BACKUP", "PHASE", "NEXT", "ERROR"));
        for (ManagementBackup mb : client.resources(ManagementBackup.class).list().getItems()) {
            var s = mb.getStatus();
            table.append(String.format("%-22s %-34s %-12s %-22s %s%n", mb.getMetadata().getName(),
                    s == null || s.getLastBackupName() == null ? "-" : s.getLastBackupName(),
                    s == null || s.getLastBackup() == null ? "-" : s.getLastBackup().getPhase(),
                    s == null || s.getNextAttempt() == null ? "-" : s.getNextAttempt(),
                    s == null || s.getError() == null ? "" : s.getError()));
        }
        table.append(String.format("%-22s %-34s %-12s %s%n", "MANAGEMENTRESTORE", "BACKUP", "PHASE", "MESSAGE"));
        for (ManagementRestore mr : client.resources(ManagementRestore.class).list().getItems()) {
            var s = mr.getStatus();
            table.append(String.format("%-22s %-34s %-12s %s%n", mr.getMetadata().getName(),
                    s == null || s.getBackupName() == null ? "-" : s.getBackupName(),
                    s == null || s.getPhase() == null ? "-" : s.getPhase(),
                    s == null || s.getMessage() == null ? "" : s.getMessage()));
        }
        List<String> backups = client.resources(Backup.class).inNamespace(SandboxCluster.NAMESPACE).list().getItems().stream()
                .map(b -> b.getMetadata().getName()).filter(n -> n.startsWith(FREQUENT)).sorted().toList();
        table.append(String.format("Velero Backups of %s (keepLast %d): %s%n", FREQUENT, KEEP_LAST, backups));
        System.out.print(table);
    }
}
