package io.k0rdent.backup.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.k0rdent.backup.test.strict.StrictApiServer;
import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * Prepares the mock API server like a kcm management cluster with Velero: the strict layer that refuses what a real API
 * server refuses, and the real upstream CRDs, loaded before start.
 */
public class MockCluster implements Consumer<KubernetesServer> {

    public static final List<String> KCM_CRDS = List.of("k0rdent.mirantis.com_clusterdeployments.yaml",
            "k0rdent.mirantis.com_clustertemplates.yaml", "k0rdent.mirantis.com_managements.yaml",
            "k0rdent.mirantis.com_releases.yaml");
    public static final List<String> VELERO_CRDS = List.of("velero.io_backups.yaml", "velero.io_backupstoragelocations.yaml",
            "velero.io_deletebackuprequests.yaml", "velero.io_restores.yaml");

    @Override
    public void accept(KubernetesServer server) {
        StrictApiServer.install(server.getKubernetesMockServer());
        createAllCrds(server.getClient());
    }

    /**
     * A mock API server of one's own, outside Quarkus: CRUD mode, plus the canned answers a test sets with
     * {@code server.expect()}; started on a free port.
     */
    public static KubernetesMockServer crudServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        StrictApiServer.install(server);
        server.init();
        return server;
    }

    /**
     * A client of the same server that reads objects whole: the operator's skips fields it never reads
     * ({@code UnreadFields}), which a test that checks what the operator wrote reads through this one. Close it.
     */
    public static KubernetesClient readingWhole(KubernetesClient client) {
        return new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    }

    /** A cluster with kcm and Velero installed and this project's CRDs: kcm's, Velero's and ours. */
    public static void createAllCrds(KubernetesClient client) {
        KCM_CRDS.forEach(f -> createCrd(client, f));
        VELERO_CRDS.forEach(f -> createCrd(client, f));
        createOwnCrds(client);
    }

    /** The CRDs this project generates at build time, as the chart installs them. */
    public static void createOwnCrds(KubernetesClient client) {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("target", "kubernetes"))) {
            files.filter(p -> p.getFileName().toString().endsWith(".k0rdent.mirantis.com-v1.yml")).forEach(p -> {
                try (InputStream in = java.nio.file.Files.newInputStream(p)) {
                    CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in,
                            CustomResourceDefinition.class);
                    client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(r -> r.update());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (java.io.IOException e) {
            throw new IllegalStateException("generated CRDs not found under target/kubernetes", e);
        }
    }

    /**
     * Runs {@code writes} while this project's CRDs are installed without their integer bounds, as earlier releases of
     * them were: the API server then stores integers the Java model cannot hold. The bounded CRDs are back afterwards (a
     * real API server does not check stored objects against a new schema either).
     */
    public static void withEarlierOwnCrds(KubernetesClient client, Runnable writes) {
        try (var files = Files.list(Path.of("target", "kubernetes"))) {
            List<Path> own = files.filter(p -> p.getFileName().toString().endsWith(".k0rdent.mirantis.com-v1.yml"))
                    .toList();
            for (Path crd : own) {
                JsonNode unbounded = HostileObjects.withoutBounds(new YAMLMapper().readTree(Files.readString(crd)));
                client.apiextensions().v1().customResourceDefinitions()
                        .resource(client.getKubernetesSerialization().convertValue(unbounded, CustomResourceDefinition.class))
                        .createOr(r -> r.update());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            writes.run();
        } finally {
            createOwnCrds(client);
        }
    }

    public static void createCrd(KubernetesClient client, String file) {
        try (InputStream in = MockCluster.class.getResourceAsStream("/crds/" + file)) {
            CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(r -> r.update());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A cluster with kcm but where Velero was never installed. */
    public static class WithoutVelero implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            StrictApiServer.install(server.getKubernetesMockServer());
            KCM_CRDS.forEach(f -> createCrd(server.getClient(), f));
            createOwnCrds(server.getClient());
        }
    }
}
