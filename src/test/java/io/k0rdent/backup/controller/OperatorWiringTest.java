package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.config.TunedHttpClientFactory;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.VeleroSimulator;
import io.k0rdent.backup.velero.VeleroCache;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.Vertx;

/**
 * How the operator runs: one controller per kind, the reconcile pool it is given, and caches that hold objects without
 * what nothing reads.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class OperatorWiringTest {

    static final String NS = "kcm-system";

    @Inject
    KubernetesClient client;
    @Inject
    Operator operator;
    @Inject
    VeleroCache velero;
    @Inject
    ReconcileCopies copies;
    @Inject
    Wakeups wakeups;
    @Inject
    OperatorConfig config;
    @Inject
    Vertx vertx;

    @AfterEach
    void cleanUp() {
        client.resources(ManagementBackup.class).delete();
        client.resources(Backup.class).inNamespace(NS).delete();
        client.resources(BackupStorageLocation.class).inNamespace(NS).delete();
    }

    @Test
    void eachKindHasOneControllerSoThatItsObjectsAreWatchedAndHeldOnce() {
        // a second controller on ManagementBackup (the upgrade watch was one) has an informer of its own: every status
        // write is then sent, parsed and cached twice
        assertThat(operator.getRegisteredControllers()).extracting(c -> c.getConfiguration().getResourceClass())
                .containsExactlyInAnyOrder(ManagementBackup.class, ManagementRestore.class);
    }

    @Test
    void theOperatorAndEveryControllerUseTheApplicationsClient() {
        KubernetesClient application = ClientProxy.unwrap(client);
        assertThat(ClientProxy.unwrap(operator.getKubernetesClient())).isSameAs(application);
        assertThat(operator.getConfigurationService().getKubernetesClient()).isSameAs(operator.getKubernetesClient());
        assertThat(operator.getRegisteredControllers()).allSatisfy(registered -> {
            Controller<?> controller = (Controller<?>) registered;
            assertThat(ClientProxy.unwrap(controller.getClient())).isSameAs(application);
            assertThat(ClientProxy.unwrap(controller.getConfiguration().getConfigurationService().getKubernetesClient()))
                    .isSameAs(application);
        });
    }

    @Test
    void theApplicationsClientRunsWithTheOperatorsSettings() {
        Config configuration = ClientProxy.unwrap(client).getConfiguration();
        // the test cluster's configuration has no token: it is read again once a minute, not on every request
        assertThat(configuration.getOauthTokenProvider()).isNotNull()
                .extracting(provider -> provider.getClass().getSimpleName()).isEqualTo("TokenlessRefresh");
        assertThat(configuration.getMaxConcurrentRequestsPerHost()).isEqualTo(config.maxConcurrentRequests());
        // its HTTP client comes from the factory that offers ChaCha20 first under C1, on Quarkus' own Vert.x
        assertThat(ClientProxy.unwrap(client).getHttpClient()).extracting("builder")
                .satisfies(builder -> assertThat(builder).extracting("clientFactory").isInstanceOf(TunedHttpClientFactory.class))
                .extracting("vertx").isSameAs(ClientProxy.unwrap(vertx));
    }

    @Test
    void everyControllerCopiesItsObjectsForAReconcileWithTheCheckedCopiesAndRunsOnTheOperatorsConfiguration() {
        assertThat(operator.getRegisteredControllers()).allSatisfy(registered -> {
            assertThat(registered.getConfiguration().getConfigurationService()).isSameAs(operator.getConfigurationService());
            assertThat(ClientProxy.unwrap(registered.getConfiguration().getConfigurationService().getResourceCloner()))
                    .isSameAs(ClientProxy.unwrap(copies));
        });
    }

    @Test
    void aCachedStatusChangedInPlaceAfterItWasCopiedFailsTheTest() {
        create("in-place", "@every 1h");
        Controller<?> controller = (Controller<?>) operator.getRegisteredController(ManagementBackupReconciler.NAME).orElseThrow();
        ManagementBackup cached = cached(controller, "in-place");
        // a reconcile that changes the status it was given instead of setting a new one
        ManagementBackup given = copies.clone(cached);
        given.getStatus().setError("changed in place");

        wakeups.wake("in-place");

        // found at the next copy: the reconcile asking for it fails, and the test (NoCacheMutations) would too
        List<String> found = await().until(copies::takeMutations, m -> !m.isEmpty());
        assertThat(found).singleElement().asString().contains("ManagementBackup in-place changed in the cache")
                .contains("changed in place");
    }

    @Test
    void reconcilesRunOnThePoolWithALaneForVelerosProgress() {
        create("pool", "@every 1h");
        // the pool starts its threads as it is given reconciles: one of them exists only if it was given one
        await().until(() -> Thread.getAllStackTraces().keySet().stream().anyMatch(ReconcileQueue::isReconcileThread));
    }

    @Test
    void cachedManagementBackupsAndBackupsCarryNoManagedFieldsNorTheBackupsTheirSelectionWhileTheServersDo() {
        new VeleroSimulator(client, NS).storageLocation("aws-s3", true, "Available");
        // no schedule: one backup at once
        create("lean", null);
        ManagementBackup stored;
        Backup served;
        // the server's objects as a client that reads them whole sees them (the operator's skips managedFields)
        try (KubernetesClient plain = MockCluster.readingWhole(client)) {
            stored = await().until(() -> plain.resources(ManagementBackup.class).withName("lean").get(),
                    m -> m.getStatus() != null && m.getStatus().getLastBackupName() != null);
            served = plain.resources(Backup.class).inNamespace(NS).withName(stored.getStatus().getLastBackupName()).get();
        }
        String backupName = stored.getStatus().getLastBackupName();
        assertThat(stored.getMetadata().getManagedFields()).isNotEmpty();
        assertThat(served.getMetadata().getManagedFields()).isNotEmpty();
        assertThat(client.resources(Backup.class).inNamespace(NS).withName(backupName).get().getMetadata().getManagedFields())
                .as("read by the operator's client").isNullOrEmpty();
        assertThat(served.getSpec().getOrLabelSelectors()).isNotEmpty();
        assertThat(served.getSpec().getIncludedNamespaces()).isNotEmpty();

        Controller<?> controller = (Controller<?>) operator.getRegisteredController(ManagementBackupReconciler.NAME).orElseThrow();
        Optional<?> cached = await().until(() -> controller.getEventSourceManager().getControllerEventSource()
                .get(new ResourceID("lean")), Optional::isPresent);
        assertThat(((ManagementBackup) cached.get()).getMetadata().getManagedFields()).isNullOrEmpty();
        Backup cachedBackup = await().until(() -> velero.backup(backupName).orElse(null), Objects::nonNull);
        assertThat(cachedBackup.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(cachedBackup.getSpec().getOrLabelSelectors()).isNull();
        assertThat(cachedBackup.getSpec().getIncludedNamespaces()).isNull();
        assertThat(cachedBackup.getSpec().getExcludedResources()).isNull();
        assertThat(cachedBackup.getSpec().getStorageLocation()).isEqualTo(served.getSpec().getStorageLocation());
        assertThat(cachedBackup.getMetadata().getAnnotations()).isEqualTo(served.getMetadata().getAnnotations());
        assertThat(cachedBackup.getStatus()).isEqualTo(served.getStatus());
    }

    @Test
    void cachedManagementBackupsShareTheStringsTheyRepeat() {
        new VeleroSimulator(client, NS).storageLocation("aws-s3", true, "Available");
        create("shared-a", "@every 1h");
        create("shared-b", "@every 1h");
        Controller<?> controller = (Controller<?>) operator.getRegisteredController(ManagementBackupReconciler.NAME).orElseThrow();
        ManagementBackup a = cached(controller, "shared-a");
        ManagementBackup b = cached(controller, "shared-b");

        assertThat(a.getStatus().getConditions()).isNotEmpty();
        for (int i = 0; i < a.getStatus().getConditions().size(); i++) {
            var ca = a.getStatus().getConditions().get(i);
            var cb = b.getStatus().getConditions().get(i);
            assertThat(ca.getType()).isSameAs(cb.getType());
            assertThat(ca.getStatus()).isSameAs(cb.getStatus());
            assertThat(ca.getReason()).isSameAs(cb.getReason());
        }
        assertThat(a.getMetadata().getLabels().get(Labels.COMPONENT)).isSameAs(b.getMetadata().getLabels().get(Labels.COMPONENT));
        // equal, not shared, on the server's side: two objects parsed apart
        ManagementBackup served = client.resources(ManagementBackup.class).withName("shared-a").get();
        assertThat(served.getStatus().getConditions().get(0).getType()).isEqualTo(a.getStatus().getConditions().get(0).getType());
    }

    private static ManagementBackup cached(Controller<?> controller, String name) {
        return (ManagementBackup) await().until(() -> controller.getEventSourceManager().getControllerEventSource()
                .get(new ResourceID(name)), m -> m.isPresent() && ((ManagementBackup) m.get()).getStatus() != null
                        && !((ManagementBackup) m.get()).getStatus().getConditions().isEmpty()
                        && ((ManagementBackup) m.get()).getMetadata().getLabels() != null
                        && ((ManagementBackup) m.get()).getMetadata().getLabels().containsKey(Labels.COMPONENT)).get();
    }

    private void create(String name, String schedule) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        mb.getSpec().setSchedule(schedule);
        client.resource(mb).create();
        await().until(() -> client.resources(ManagementBackup.class).withName(name).get(),
                m -> m != null && m.getStatus() != null && m.getStatus().getConditions() != null);
    }
}
