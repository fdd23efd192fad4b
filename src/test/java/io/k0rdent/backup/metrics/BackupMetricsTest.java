package io.k0rdent.backup.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.ManagementBackupStatus;
import io.k0rdent.backup.api.velero.BackupProgress;
import io.k0rdent.backup.api.velero.BackupStatus;
import io.k0rdent.backup.status.Outcome;
import io.k0rdent.backup.test.Scrape;
import io.k0rdent.backup.test.TestClock;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/** The series {@link BackupMetrics} exports, scraped as text from the Prometheus registry it writes into. */
class BackupMetricsTest {

    static final String MB = BackupMetrics.MANAGEMENT_BACKUP;

    TestClock clock = new TestClock();
    PrometheusMeterRegistry prometheus;
    BackupMetrics metrics;

    @BeforeEach
    void setUp() {
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = new BackupMetrics(prometheus, clock);
    }

    Scrape scrape() {
        return Scrape.parse(prometheus.scrape());
    }

    @Test
    void aCreatedBackupIsCountedAndItsLagRecorded() {
        ManagementBackup mb = mb("nightly", "0 2 * * *");
        metrics.backupCreated(mb, Optional.of(Duration.ofMillis(1500)));
        metrics.backupCreated(mb, Optional.empty());
        metrics.backupCreated(mb("single", null), Optional.empty());

        Scrape scrape = scrape();
        assertThat(scrape.value("kcm_backup_backups_created_total", MB, "nightly")).hasValue(2);
        assertThat(scrape.value("kcm_backup_schedule_lag_seconds_count", MB, "nightly")).hasValue(1);
        assertThat(scrape.value("kcm_backup_schedule_lag_seconds_sum", MB, "nightly")).hasValue(1.5);
        assertThat(scrape.value("kcm_backup_schedule_lag_seconds_max", MB, "nightly")).hasValue(1.5);
        assertThat(scrape.value("kcm_backup_slots_skipped_total", MB, "nightly")).hasValue(0);
        // a single backup has no lag: its summary is absent, not a zero count
        assertThat(scrape.find("kcm_backup_schedule_lag_seconds_count", MB, "single")).isEmpty();
        // every terminal phase exists at zero from the first sight, so that increase() sees the first failure
        assertThat(scrape.find("kcm_backup_backups_finished_total", MB, "nightly"))
                .extracting(s -> s.labels().get("phase"))
                .containsExactlyInAnyOrder("Completed", "PartiallyFailed", "Failed", "FailedValidation");
    }

    @Test
    void aTerminalTransitionIsCountedOnceHoweverOftenItIsReconciled() {
        ManagementBackup mb = mb("once", null);
        ManagementBackupStatus running = status("once", "InProgress", null, null, null);
        ManagementBackupStatus done = status("once", "PartiallyFailed", "2025-01-17T18:00:00Z", "2025-01-17T18:01:30Z", 40);

        metrics.reconciled(mb, running, done, Outcome.NOTHING, List.of());
        metrics.reconciled(mb, done, done, Outcome.NOTHING, List.of());
        metrics.reconciled(mb, done, done, Outcome.NOTHING, List.of());

        Scrape scrape = scrape();
        assertThat(scrape.value("kcm_backup_backups_finished_total", MB, "once", "phase", "PartiallyFailed")).hasValue(1);
        assertThat(scrape.value("kcm_backup_backup_duration_seconds_sum", MB, "once")).hasValue(90);
        assertThat(scrape.value("kcm_backup_last_backup_items", MB, "once")).hasValue(40);
        assertThat(scrape.value("kcm_backup_last_backup_phase", MB, "once", "phase", "PartiallyFailed")).hasValue(1);
    }

    @Test
    void aGaugeThatLosesItsValueDisappearsAndComesBackWithTheNextOne() {
        ManagementBackup mb = mb("cycle", null);
        metrics.observe(mb, status("cycle", "Completed", "2025-01-17T18:00:00Z", "2025-01-17T18:00:10Z", 5), List.of());
        assertThat(scrape().value("kcm_backup_last_backup_items", MB, "cycle")).hasValue(5);

        metrics.observe(mb, status("cycle", "New", null, null, null), List.of());
        assertThat(scrape().value("kcm_backup_last_backup_items", MB, "cycle")).isEmpty();

        metrics.observe(mb, status("cycle", "Failed", "2025-01-17T19:00:00Z", "2025-01-17T19:00:10Z", 7), List.of());
        assertThat(scrape().value("kcm_backup_last_backup_items", MB, "cycle")).hasValue(7);
    }

    @Test
    void forgettingAManagementBackupRemovesAllItsSeriesAndNoOtherOnes() {
        metrics.backupCreated(mb("gone", "@hourly"), Optional.of(Duration.ofSeconds(1)));
        metrics.observe(mb("gone", "@hourly"), status("gone", "Completed", "2025-01-17T18:00:00Z", "2025-01-17T18:00:10Z", 5),
                List.of());
        metrics.backupCreated(mb("kept", null), Optional.empty());

        metrics.forget("gone");

        Scrape scrape = scrape();
        assertThat(scrape.samples()).noneMatch(s -> "gone".equals(s.labels().get(MB)));
        assertThat(scrape.value("kcm_backup_backups_created_total", MB, "kept")).hasValue(1);
        assertThat(scrape.value("kcm_backup_upgrade_held")).hasValue(0);

        // a ManagementBackup created again under the same name starts from zero
        metrics.backupCreated(mb("gone", "@hourly"), Optional.empty());
        assertThat(scrape().value("kcm_backup_backups_created_total", MB, "gone")).hasValue(1);
    }

    @Test
    void forgettingRemovesSeriesReplacedOnTheWayWithoutTouchingTheRegistrysMeters() {
        ManagementBackup mb = mb("moving", "@hourly");
        metrics.observe(mb, status("moving", "InProgress", null, null, null), List.of());
        metrics.reconciled(mb, status("moving", "InProgress", null, null, null),
                status("moving", "Failed", "2025-01-17T18:00:00Z", "2025-01-17T18:00:10Z", 3), Outcome.NOTHING, List.of());
        metrics.backupCreated(mb("kept", null), Optional.empty());
        int meters = prometheus.getMeters().size();

        metrics.forget("moving");

        // per-object series are no meters of their own: the registry holds only the closed sets, whatever the objects
        assertThat(prometheus.getMeters()).hasSize(meters);
        Scrape scrape = scrape();
        assertThat(scrape.samples()).noneMatch(s -> "moving".equals(s.labels().get(MB)));
        assertThat(scrape.value("kcm_backup_backups_created_total", MB, "kept")).hasValue(1);
    }

    @Test
    void theMaximumCoversTheLastOneToTwoMinutesAndThenFallsToZero() {
        ManagementBackup mb = mb("window", "@hourly");
        metrics.backupCreated(mb, Optional.of(Duration.ofSeconds(30)));
        assertThat(scrape().value("kcm_backup_schedule_lag_seconds_max", MB, "window")).hasValue(30);

        clock.step(Duration.ofSeconds(70));
        metrics.backupCreated(mb, Optional.of(Duration.ofSeconds(4)));
        assertThat(scrape().value("kcm_backup_schedule_lag_seconds_max", MB, "window")).hasValue(30);

        clock.step(Duration.ofSeconds(60)); // the 30 s lag was 130 s ago, the 4 s one 60 s ago
        assertThat(scrape().value("kcm_backup_schedule_lag_seconds_max", MB, "window")).hasValue(4);

        clock.step(Duration.ofSeconds(120));
        Scrape later = scrape();
        assertThat(later.value("kcm_backup_schedule_lag_seconds_max", MB, "window")).hasValue(0);
        // count and sum never decay
        assertThat(later.value("kcm_backup_schedule_lag_seconds_count", MB, "window")).hasValue(2);
        assertThat(later.value("kcm_backup_schedule_lag_seconds_sum", MB, "window")).hasValue(34);
    }

    @Test
    void theTextIsTheOneMicrometerWritesForTheSameMeters() {
        metrics.backupCreated(mb("text", "@hourly"), Optional.of(Duration.ofMillis(1500)));
        String text = prometheus.scrape();

        assertThat(text).contains("# TYPE kcm_backup_backups_created_total counter\n"
                + "kcm_backup_backups_created_total{managementbackup=\"text\",} 1.0\n");
        assertThat(text).contains("# TYPE kcm_backup_schedule_lag_seconds summary\n"
                + "kcm_backup_schedule_lag_seconds_count{managementbackup=\"text\",} 1.0\n"
                + "kcm_backup_schedule_lag_seconds_sum{managementbackup=\"text\",} 1.5\n");
        assertThat(text).contains("# TYPE kcm_backup_schedule_lag_seconds_max gauge\n");
        // nothing yet to say: no family, not even its HELP line
        assertThat(text).doesNotContain("kcm_backup_last_success_timestamp_seconds");
        String openMetrics = prometheus.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(openMetrics).contains("# TYPE kcm_backup_backups_created counter\n");
    }

    @Test
    void anApplicationStartedAgainOnTheSameRegistryRegistersAgain() {
        metrics.close();
        BackupMetrics again = new BackupMetrics(prometheus, clock);
        again.backupCreated(mb("again", null), Optional.empty());
        assertThat(scrape().value("kcm_backup_backups_created_total", MB, "again")).hasValue(1);
    }

    @Test
    void upgradeAndRestoreOutcomesAreCountedByOutcome() {
        metrics.preUpgradeBackupStarted();
        metrics.preUpgradeBackupFinished(PreUpgradeOutcome.TIMEOUT);
        metrics.upgradeHeld(true);
        metrics.upgradeDenied();
        metrics.restoreStarted();
        metrics.restoreFinished(RestoreOutcome.ofPhase("PartiallyFailed"));

        Scrape scrape = scrape();
        assertThat(scrape.value("kcm_backup_pre_upgrade_backups_started_total")).hasValue(1);
        assertThat(scrape.value("kcm_backup_pre_upgrade_backups_finished_total", "outcome", "Timeout")).hasValue(1);
        assertThat(scrape.value("kcm_backup_pre_upgrade_backups_finished_total", "outcome", "Succeeded")).hasValue(0);
        assertThat(scrape.value("kcm_backup_upgrade_held")).hasValue(1);
        assertThat(scrape.value("kcm_backup_upgrade_denials_total")).hasValue(1);
        assertThat(scrape.value("kcm_backup_restores_started_total")).hasValue(1);
        assertThat(scrape.value("kcm_backup_restores_finished_total", "outcome", "PartiallyFailed")).hasValue(1);

        metrics.upgradeHeld(false);
        assertThat(scrape().value("kcm_backup_upgrade_held")).hasValue(0);
    }

    @Test
    void onlyTerminalPhasesAreAccepted() {
        assertThatThrownBy(() -> metrics.backupFinished(mb("x", null), "InProgress", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RestoreOutcome.ofPhase("InProgress")).isInstanceOf(IllegalArgumentException.class);
    }

    static ManagementBackup mb(String name, String schedule) {
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName(name);
        mb.getMetadata().setCreationTimestamp("2025-01-17T17:00:00Z");
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule(schedule);
        mb.setSpec(spec);
        return mb;
    }

    static ManagementBackupStatus status(String backup, String phase, String start, String completion, Integer items) {
        BackupStatus velero = new BackupStatus();
        velero.setPhase(phase);
        velero.setStartTimestamp(start);
        velero.setCompletionTimestamp(completion);
        if (items != null) {
            BackupProgress progress = new BackupProgress();
            progress.setItemsBackedUp(items);
            velero.setProgress(progress);
        }
        ManagementBackupStatus status = new ManagementBackupStatus();
        status.setLastBackupName(backup);
        status.setLastBackup(velero);
        status.setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("True").build()));
        return status;
    }
}
