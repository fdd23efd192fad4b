package io.k0rdent.backup.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SSLOptions;

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
    private final String url;
    private final Path certificateAuthority;

    private SandboxCluster(KubernetesMockServer server, Path kubeconfig, String url, Path certificateAuthority) {
        this.server = server;
        this.url = url;
        this.certificateAuthority = certificateAuthority;
        this.client = server.createClient();
        this.kubeconfig = kubeconfig;
    }

    /** Starts the server on a free loopback port and writes its kubeconfig under {@code dir}. */
    public static SandboxCluster start(Path dir) throws IOException {
        return start(dir, request -> {
        });
    }

    /** How the server is reached. */
    public enum Transport {
        HTTP("plain HTTP"),
        /** TLS with the suites of Netty's defaults: AES-GCM. */
        TLS("TLS, AES-GCM"),
        /**
         * TLS with ChaCha20-Poly1305 only: what a Go API server negotiates with a client that offers ChaCha20 first, as
         * the operator does under C1 (the JDK's server would pick by its own order, not the client's).
         */
        TLS_CHACHA20("TLS, ChaCha20-Poly1305");

        private final String description;

        Transport(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** As {@link #start(Path)}, handing every request the server receives to {@code onRequest} first. */
    public static SandboxCluster start(Path dir, Consumer<RecordedRequest> onRequest) throws IOException {
        return start(dir, onRequest, Transport.HTTP);
    }

    /**
     * As {@link #start(Path, Consumer)}, over TLS unless {@code transport} is HTTP (as every real API server is: what
     * the client encrypts and decrypts is part of its cost), with a self-signed certificate the kubeconfig trusts.
     */
    public static SandboxCluster start(Path dir, Consumer<RecordedRequest> onRequest, Transport transport)
            throws IOException {
        boolean tls = transport != Transport.HTTP;
        // the mock logs every request: at a thousand objects that costs more than the operator under test
        MOCK_LOG.setLevel(Level.WARNING);
        MockWebServer http = new MockWebServer();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), http, new HashMap<>(),
                new KubernetesCrudDispatcher(), tls);
        StrictApiServer.install(server, onRequest);
        server.init(InetAddress.getLoopbackAddress(), 0);
        if (transport == Transport.TLS_CHACHA20) {
            chaCha20Only(http);
        }
        Files.createDirectories(dir);
        Path kubeconfig = dir.resolve("kubeconfig");
        // over TLS the client verifies the mock's self-signed certificate (for localhost) as a pod verifies its cluster's
        String url = tls ? "https://localhost:" + server.getPort() : "http://127.0.0.1:" + server.getPort();
        Path ca = tls ? Path.of(http.getSelfSignedCertificate().certificatePath()) : null;
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: sandbox
                  cluster:
                    server: %s%s
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
                """.formatted(url, tls ? "\n    certificate-authority: " + ca : "",
                NAMESPACE));
        SandboxCluster cluster = new SandboxCluster(server, kubeconfig, url, ca);
        cluster.installCrds();
        return cluster;
    }

    /** Leaves the mock's TLS server ChaCha20-Poly1305 only (Netty's defaults, which it runs with, are AES-GCM only). */
    private static void chaCha20Only(MockWebServer http) {
        try {
            Field field = MockWebServer.class.getDeclaredField("httpServer");
            field.setAccessible(true);
            HttpServer server = (HttpServer) field.get(http);
            SSLOptions options = new SSLOptions().setKeyCertOptions(http.getSelfSignedCertificate().keyCertOptions())
                    .setEnabledSecureTransportProtocols(new LinkedHashSet<>(List.of("TLSv1.3", "TLSv1.2")));
            List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")
                    .forEach(options::addEnabledCipherSuite);
            server.updateSSLOptions(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ReflectiveOperationException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot configure the mock's TLS suites", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
        return url;
    }

    /** The certificate the server presents, which its clients trust as their cluster's CA; {@code null} over HTTP. */
    public Path certificateAuthority() {
        return certificateAuthority;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
