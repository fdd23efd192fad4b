package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStatus;
import io.k0rdent.backup.config.OperatorConfig;
import io.k0rdent.backup.kcm.KcmApi;
import io.k0rdent.backup.kcm.KcmInventory;
import io.k0rdent.backup.metrics.BackupMetrics;
import io.k0rdent.backup.status.Outcome;
import io.k0rdent.backup.test.ConfigDefaults;
import io.k0rdent.backup.test.MockClusterExtension;
import io.k0rdent.backup.velero.BackupDecider;
import io.k0rdent.backup.velero.VeleroCache;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/** Which watch events of the Backups it creates the creator tells apart as echoes of its own creation. */
class BackupCreatorTest {

    static final String NS = "kcm-system";
    static final Instant NOW = Instant.parse("2026-12-03T12:00:30Z");
    static final Instant SLOT = Instant.parse("2026-12-03T12:00:00Z");

    @RegisterExtension
    final MockClusterExtension cluster = new MockClusterExtension();
    KubernetesClient client;
    BackupCreator creator;

    @BeforeEach
    void createCreator() {
        client = cluster.client();
        OperatorConfig config = ConfigDefaults.of(OperatorConfig.class, Map.of());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        creator = new BackupCreator(client, new KcmInventory(client, new KcmApi(client, clock, config), config),
                new VeleroCache(client, config), config);
        creator.metrics = new BackupMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock);
    }

    @Test
    void theFirstSightOfABackupItCreatedWithoutAStatusIsAnEchoAndOnlyThatOne() {
        ManagementBackup mb = managementBackup("daily");
        Outcome outcome = creator.create(mb, new BackupDecider.Create(mb.backupName(SLOT), SLOT), NOW);
        assertThat(outcome.backupName()).isEqualTo("daily-20261203120000");
        Backup created = served("daily-20261203120000");

        assertThat(creator.isOwnCreationEcho(created)).isTrue();
        // Velero's changes that follow are news
        assertThat(creator.isOwnCreationEcho(created)).isFalse();
    }

    @Test
    void aBackupItCreatedThatAlreadyHasAStatusIsNews() {
        ManagementBackup mb = managementBackup("daily");
        creator.create(mb, new BackupDecider.Create(mb.backupName(SLOT), SLOT), NOW);
        Backup created = served("daily-20261203120000");
        // Velero got to it before the watch event reached the operator
        BackupStatus status = new BackupStatus();
        status.setPhase("InProgress");
        created.setStatus(status);

        assertThat(creator.isOwnCreationEcho(created)).isFalse();
    }

    @Test
    void aBackupItDidNotCreateIsNewsAndSoIsOneItFoundAlreadyThere() {
        ManagementBackup mb = managementBackup("daily");
        Backup existing = new Backup();
        existing.setMetadata(new ObjectMetaBuilder().withName("daily-20261203120000").withNamespace(NS)
                .withLabels(Map.of("k0rdent.mirantis.com/management-backup", "daily")).build());
        client.resource(existing).create();

        Outcome adopted = creator.create(mb, new BackupDecider.Create(mb.backupName(SLOT), SLOT), NOW);

        assertThat(adopted.backupName()).isEqualTo("daily-20261203120000");
        assertThat(creator.isOwnCreationEcho(served("daily-20261203120000"))).isFalse();
        existing.getMetadata().setName("someone-elses");
        assertThat(creator.isOwnCreationEcho(existing)).isFalse();
    }

    @Test
    void aCreationWhoseEventNeverCameIsForgottenAfterTheWaitAndOnlyThatOne() {
        ManagementBackup mb = managementBackup("daily");
        Backup old = createdAt(mb, SLOT);
        Backup recent = createdAt(mb, SLOT.plus(BackupCreator.ECHO_WAIT).minusSeconds(120));
        // neither event came (deleted before the watch saw them); a creation past the wait of the first
        Backup next = createdAt(mb, SLOT.plus(BackupCreator.ECHO_WAIT).plusSeconds(60));

        assertThat(creator.isOwnCreationEcho(old)).isFalse();
        assertThat(creator.isOwnCreationEcho(recent)).isTrue();
        assertThat(creator.isOwnCreationEcho(next)).isTrue();
    }

    private Backup createdAt(ManagementBackup mb, Instant slot) {
        creator.create(mb, new BackupDecider.Create(mb.backupName(slot), slot), slot.plusSeconds(1));
        return served(mb.backupName(slot));
    }

    private Backup served(String name) {
        return client.resources(Backup.class).inNamespace(NS).withName(name).get();
    }

    private static ManagementBackup managementBackup(String name) {
        ManagementBackup mb = new ManagementBackup();
        mb.setMetadata(new ObjectMetaBuilder().withName(name).withUid("uid-" + name).build());
        mb.getSpec().setSchedule("@hourly");
        return mb;
    }
}
