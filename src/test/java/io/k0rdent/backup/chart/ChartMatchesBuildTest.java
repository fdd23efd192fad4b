package io.k0rdent.backup.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupStorageLocation;
import io.k0rdent.backup.controller.Wakeups;
import io.k0rdent.backup.test.MockCluster;
import io.k0rdent.backup.test.Scrape;
import io.k0rdent.backup.test.TestClock;
import io.k0rdent.backup.test.VeleroSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * What the chart ships matches what the build generates and what the running operator exports: the CRDs are the
 * generated ones, and every series the alerts and the dashboard query exists.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class ChartMatchesBuildTest {

    static final String NS = "kcm-system";
    static final Pattern SERIES = Pattern.compile("\\b(kcm_backup_[a-z_]+|operator_sdk_[a-z_]+|jvm_[a-z_]+)\\b");

    @Inject
    KubernetesClient client;
    @Inject
    TestClock clock;
    @Inject
    Wakeups wakeups;
    @KubernetesTestServer
    KubernetesServer server;

    @AfterEach
    void cleanUp() {
        client.resources(ManagementBackup.class).delete();
        client.resources(Backup.class).inNamespace(NS).delete();
        client.resources(BackupStorageLocation.class).inNamespace(NS).delete();
        await().until(() -> client.resources(ManagementBackup.class).list().getItems().isEmpty());
    }

    @Test
    void theChartCarriesExactlyTheGeneratedCrds() throws IOException {
        List<Path> generated = GeneratedCrds.files();
        Path chartCrds = Chart.DIR.resolve("files/crds");
        List<String> inChart;
        try (var files = Files.list(chartCrds)) {
            inChart = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        String fix = "the chart's CRDs differ from the generated ones; regenerate them as docs/operations.md says";
        assertThat(inChart).as(fix).containsExactlyElementsOf(generated.stream().map(p -> p.getFileName().toString()).toList());
        for (Path crd : generated) {
            assertThat(Files.readString(chartCrds.resolve(crd.getFileName()))).as(fix).isEqualTo(GeneratedCrds.forChart(crd));
        }

        // rendering adds labels and the keep annotation, nothing else (numbers may change form: 1.0 becomes 1)
        YAMLMapper yaml = new YAMLMapper();
        Comparator<JsonNode> sameValue = (a, b) -> a.isNumber() && b.isNumber()
                ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;
        for (Map<String, Object> rendered : Chart.render().all("CustomResourceDefinition")) {
            String name = Chart.at(rendered, "metadata.name");
            JsonNode source = yaml.readTree(Files.readString(chartCrds.resolve(name + "-v1.yml")));
            JsonNode output = yaml.valueToTree(rendered);
            assertThat(output.get("spec").equals(sameValue, source.get("spec"))).as("spec of %s", name).isTrue();
            assertThat(output.get("apiVersion")).isEqualTo(source.get("apiVersion"));
        }
    }

    @Test
    void everySeriesTheAlertsAndTheDashboardQueryIsExported() throws IOException {
        // one ManagementBackup through a scheduled, completed backup: every per-object series exists afterwards...
        new VeleroSimulator(client, NS).storageLocation("default", true, "Available");
        clock.reset();
        ManagementBackup mb = new ManagementBackup();
        mb.getMetadata().setName("charted");
        ManagementBackupSpec spec = new ManagementBackupSpec();
        spec.setSchedule("@every 1h");
        mb.setSpec(spec);
        client.resource(mb).create();
        Instant created = Instant.parse(await().until(() -> client.resources(ManagementBackup.class).withName("charted").get(),
                Objects::nonNull).getMetadata().getCreationTimestamp());
        Instant slot = created.plus(1, ChronoUnit.HOURS);
        await().until(() -> client.resources(ManagementBackup.class).withName("charted").get(),
                m -> m.getStatus() != null && m.getStatus().getNextAttempt() != null);
        // and one failed reconcile, for the framework's failure counter, which exists only once something failed
        server.expect().post().withPath("/apis/velero.io/v1/namespaces/" + NS + "/backups")
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":403}").once();
        clock.set(slot);
        wakeups.wake("charted");
        String name = "charted-" + ManagementBackup.SLOT_FORMAT.format(slot);
        await().until(() -> client.resources(Backup.class).inNamespace(NS).withName(name).get(), Objects::nonNull);
        new VeleroSimulator(client, NS).complete(name, 5);
        Scrape scrape = await().until(Scrape::now, s -> s.has("kcm_backup_last_success_timestamp_seconds")
                && s.has("kcm_backup_backup_duration_seconds_max"));

        Set<String> queried = new TreeSet<>();
        Chart chart = Chart.render(Map.of("metrics.prometheusRule.enabled", true, "grafana.dashboard.enabled", true));
        List<Map<String, Object>> rules = Chart.at(chart.get("PrometheusRule"), "spec.groups.0.rules");
        rules.forEach(rule -> queried.addAll(series((String) rule.get("expr"))));
        Map<String, String> dashboardData = Chart.at(chart.get("ConfigMap"), "data");
        new ObjectMapper().readTree(dashboardData.get("kcm-backup.json")).findValues("expr")
                .forEach(expr -> queried.addAll(series(expr.asText())));

        assertThat(queried).hasSizeGreaterThan(15);
        assertThat(queried).allSatisfy(series -> assertThat(scrape.has(series))
                .as("%s is queried by an alert or the dashboard but not exported", series).isTrue());
    }

    static Set<String> series(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = SERIES.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
