package io.k0rdent.backup.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.function.Consumer;
import java.util.logging.Level;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.strict.StrictApiServer;

/**
 * An in-process stand-in for a management cluster: the fabric8 mock API server with kcm's, Velero's and this project's
 * CRDs, reachable through a kubeconfig file. Used by the sandbox run and the benchmarks; never by the operator itself.
 */
public final class SandboxCluster implements AutoCloseable {

    public static final String NAMESPACE = "kcm-system";
    /** Held so the level sticks: java.util.logging keeps loggers only weakly. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Path kubeconfig;

    private SandboxCluster(KubernetesMockServer server, Path kubeconfig) {
        this.server = server;
        this.client = server.createClient();
        this.kubeconfig = kubeconfig;
    }

    /** Starts the server on a free loopback port and writes its kubeconfig under {@code dir}. */
    public static SandboxCluster start(Path dir) throws IOException {
        return start(dir, request -> {
        });
    }

    /** As {@link #start(Path)}, handing every request the server receives to {@code onRequest} first. */
    public static SandboxCluster start(Path dir, Consumer<RecordedRequest> onRequest) throws IOException {
        // the mock logs every request: at a thousand objects that costs more than the operator under test
        MOCK_LOG.setLevel(Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        StrictApiServer.install(server, onRequest);
        server.init(InetAddress.getLoopbackAddress(), 0);
        Files.createDirectories(dir);
        Path kubeconfig = dir.resolve("kubeconfig");
        String url = "http://127.0.0.1:" + server.getPort();
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: sandbox
                  cluster:
                    server: %s
                contexts:
                - name: sandbox
                  context:
                    cluster: sandbox
                    user: sandbox
                    namespace: %s
                current-context: sandbox
                users:
                - name: sandbox
                  user: {}
                """.formatted(url, NAMESPACE));
        SandboxCluster cluster = new SandboxCluster(server, kubeconfig);
        cluster.installCrds();
        return cluster;
    }

    private void installCrds() {
        MockCluster.createAllCrds(client);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .createOr(r -> r.update());
    }

    /** Creates every object of a YAML document from the test resources (e.g. a documented example). */
    public void apply(String resource) {
        try (InputStream in = SandboxCluster.class.getResourceAsStream(resource)) {
            client.load(in).createOrReplace();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public KubernetesClient client() {
        return client;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
