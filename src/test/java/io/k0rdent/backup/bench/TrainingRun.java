package io.k0rdent.backup.bench;

/**
 * Writes the class data sharing archive {@code target/quarkus-app/app-cds.jsa} from a training run of the packaged
 * operator (see {@link FootprintBenchmark#train}), for the JVM given with {@code --java} (default: the one running this).
 * The archive only works with exactly that JVM build; the image keeps it when it was made with the image's JVM and
 * otherwise makes a smaller one of its own (src/main/docker/Dockerfile.jvm, docs/operations.md).
 * <pre>
 * ./mvnw -B package -DskipTests
 * ./mvnw -B -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.k0rdent.backup.bench.TrainingRun
 * </pre>
 * Takes the same {@code --java}, {@code --jvm-opts} and {@code --env} as the benchmark.
 */
public final class TrainingRun {

    private TrainingRun() {
    }

    public static void main(String[] args) {
        try {
            FootprintBenchmark.Options options = FootprintBenchmark.Options.parse(args);
            FootprintBenchmark.onMockCluster(options, (server, cluster) -> FootprintBenchmark.train(options, server, cluster));
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            // the mock server's threads would keep the JVM (and Maven's exec:java) alive
            System.exit(1);
        }
    }
}
