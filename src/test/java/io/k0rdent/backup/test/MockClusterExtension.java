package io.k0rdent.backup.test;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * A mock API server of a test's own ({@link MockCluster#crudServer()}) and a client of it, for each test outside Quarkus:
 * started before the test's {@code @BeforeEach} methods, with kcm's, Velero's and this project's CRDs unless asked not
 * to, and closed after its {@code @AfterEach} methods. Registered with {@code @RegisterExtension}.
 */
public final class MockClusterExtension implements BeforeEachCallback, AfterEachCallback {

    private final boolean crds;
    private KubernetesMockServer server;
    private KubernetesClient client;

    public MockClusterExtension() {
        this(true);
    }

    private MockClusterExtension(boolean crds) {
        this.crds = crds;
    }

    /** An empty cluster: no CRDs. */
    public static MockClusterExtension withoutCrds() {
        return new MockClusterExtension(false);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server = MockCluster.crudServer();
        client = server.createClient();
        if (crds) {
            MockCluster.createAllCrds(client);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        client.close();
        server.destroy();
    }

    public KubernetesMockServer server() {
        return server;
    }

    public KubernetesClient client() {
        return client;
    }
}
