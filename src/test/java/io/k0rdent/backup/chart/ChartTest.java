package io.k0rdent.backup.chart;

import static io.k0rdent.backup.chart.Chart.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

/** Renders the Helm chart with the real Helm library and checks what a cluster would receive. */
class ChartTest {

    @Test
    void chartLintsCleanly() {
        LintResult lint = new Helm(Chart.DIR).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint: %s", lint.getMessages()).isFalse();
    }

    @Test
    void defaultsInstallTheOperatorWithItsCrdsAndNothingOptional() {
        Chart chart = Chart.render();
        assertThat(chart.kinds()).containsExactlyInAnyOrder("CustomResourceDefinition", "CustomResourceDefinition",
                "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Role", "RoleBinding", "Service",
                "Deployment");
        List<Map<String, Object>> crds = chart.all("CustomResourceDefinition");
        assertThat(crds).extracting(crd -> (String) at(crd, "metadata.name"))
                .containsExactlyInAnyOrder("managementbackups.k0rdent.mirantis.com", "managementrestores.k0rdent.mirantis.com");
        assertThat(crds).allSatisfy(crd -> assertThat((Map<String, String>) at(crd, "metadata.annotations"))
                .containsEntry("helm.sh/resource-policy", "keep"));
    }

    @Test
    void kubectlShowsTheColumnsInKcmsOrderWithDetailsInWide() {
        // kubectl prints priority-0 columns after NAME in the CRD's order; -o wide adds the others where they stand
        for (Map<String, Object> crd : Chart.render().all("CustomResourceDefinition")) {
            String name = at(crd, "metadata.name");
            List<Map<String, Object>> versions = at(crd, "spec.versions");
            for (Map<String, Object> version : versions) {
                List<Map<String, Object>> columns = at(version, "additionalPrinterColumns");
                List<String> shown = columns.stream().filter(c -> ((Number) c.getOrDefault("priority", 0)).intValue() == 0)
                        .map(c -> (String) c.get("name")).toList();
                List<String> wide = columns.stream().map(c -> (String) c.get("name")).toList();
                if (name.startsWith("managementbackups.")) {
                    assertThat(shown).as("%s %s", name, version.get("name"))
                            .containsExactly("LastBackupStatus", "NextBackup", "Age");
                    assertThat(wide).containsExactly("LastBackupStatus", "NextBackup", "SinceLastBackup", "Age", "Error",
                            "UpgradeState");
                } else {
                    assertThat(shown).as(name).containsExactly("Phase", "Backup", "Age");
                    assertThat(wide).containsExactly("Phase", "Backup", "Age", "Attempt", "Message");
                }
                assertThat(columns).allSatisfy(c -> assertThat((String) c.get("description")).isNotBlank());
            }
        }
    }

    @Test
    void crdsCanBeLeftOutOrLeftUnprotected() {
        assertThat(Chart.render(Map.of("crds.install", false)).kinds()).doesNotContain("CustomResourceDefinition");
        List<Map<String, Object>> crds = Chart.render(Map.of("crds.keep", false)).all("CustomResourceDefinition");
        assertThat(crds).isNotEmpty().allSatisfy(crd -> {
            Map<String, String> annotations = at(crd, "metadata.annotations");
            assertThat(annotations == null ? Map.<String, String> of() : annotations)
                    .doesNotContainKey("helm.sh/resource-policy");
        });
    }

    @Test
    void deploymentRunsRestrictedWithProbesResourcesAndAWritableTmp() {
        Map<String, Object> deployment = Chart.render().get("Deployment");
        assertThat((Integer) at(deployment, "spec.replicas")).isEqualTo(1);
        Map<String, Object> pod = at(deployment, "spec.template.spec");
        assertThat((Boolean) at(pod, "securityContext.runAsNonRoot")).isTrue();
        assertThat((String) at(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
        Map<String, Object> container = at(pod, "containers.0");
        assertThat((Boolean) at(container, "securityContext.allowPrivilegeEscalation")).isFalse();
        assertThat((Boolean) at(container, "securityContext.readOnlyRootFilesystem")).isTrue();
        assertThat((Boolean) at(container, "securityContext.runAsNonRoot")).isTrue();
        assertThat((List<String>) at(container, "securityContext.capabilities.drop")).containsExactly("ALL");
        assertThat((String) at(container, "startupProbe.httpGet.path")).isEqualTo("/q/health/started");
        assertThat((String) at(container, "livenessProbe.httpGet.path")).isEqualTo("/q/health/live");
        assertThat((String) at(container, "readinessProbe.httpGet.path")).isEqualTo("/q/health/ready");
        assertThat((String) at(container, "resources.requests.memory")).isEqualTo("160Mi");
        assertThat((String) at(container, "resources.limits.memory")).isEqualTo("256Mi");
        assertThat((String) at(container, "volumeMounts.0.mountPath")).isEqualTo("/tmp");
        assertThat((Map<String, Object>) at(pod, "volumes.0.emptyDir")).isNotNull();
        assertThat((Boolean) at(pod, "automountServiceAccountToken")).isNotEqualTo(false);
        assertThat((Object) at(pod, "affinity")).isNull();
    }

    @Test
    void theNativeImageIsDeployedByDefaultAndTheJvmImageIsOneValueAway() {
        Map<String, Object> container = at(Chart.render().get("Deployment"), "spec.template.spec.containers.0");
        assertThat((String) container.get("image")).isEqualTo("kcm-backup-operator:0.1.0");
        assertThat(container).doesNotContainKey("args");
        assertThat(Chart.render().env()).doesNotContainKey("JAVA_OPTS_APPEND");

        Chart jvm = Chart.render(Map.of("image.flavor", "jvm", "jvmOptions", "-Xmx150m"));
        assertThat((String) at(jvm.get("Deployment"), "spec.template.spec.containers.0.image"))
                .isEqualTo("kcm-backup-operator:0.1.0-jvm");
        assertThat(jvm.env()).containsEntry("JAVA_OPTS_APPEND", "-Xmx150m");
        assertThat((String) at(Chart.render(Map.of("image.flavor", "jvm", "image.registry", "registry.example.com/platform",
                "image.tag", "0.1.1-jvm")).get("Deployment"), "spec.template.spec.containers.0.image"))
                .isEqualTo("registry.example.com/platform/kcm-backup-operator:0.1.1-jvm");
        assertThatThrownBy(() -> Chart.render(Map.of("image.flavor", "graal")))
                .hasMessageContaining("image.flavor must be native or jvm");
    }

    @Test
    void eachImageTakesItsOwnRuntimeOptionsAndRefusesTheOthers() {
        Map<String, Object> container = at(Chart.render(Map.of("nativeOptions[0]", "-Xmx150m", "nativeOptions[1]",
                "-Xmn6m")).get("Deployment"), "spec.template.spec.containers.0");
        // container args follow the image's entrypoint and its heap settings
        assertThat((List<String>) container.get("args")).containsExactly("-Xmx150m", "-Xmn6m");
        assertThat(container).doesNotContainKey("command");
        assertThatThrownBy(() -> Chart.render(Map.of("jvmOptions", "-Xmx150m")))
                .hasMessageContaining("jvmOptions apply to the JVM image only");
        assertThatThrownBy(() -> Chart.render(Map.of("image.flavor", "jvm", "nativeOptions[0]", "-Xmx150m")))
                .hasMessageContaining("nativeOptions apply to the native image only");
    }

    @Test
    void operatorIsToldItsSystemNamespaceAndElectsALeaderAsThePod() {
        Map<String, String> env = Chart.render().env();
        assertThat(env).containsEntry("KCM_BACKUP_SYSTEM_NAMESPACE", "kcm-system")
                .containsEntry("KCM_BACKUP_LEADER_ELECTION_ENABLED", "true")
                .containsEntry("KCM_BACKUP_LEADER_ELECTION_IDENTITY", "fieldRef:metadata.name")
                .containsEntry("KCM_BACKUP_LEADER_ELECTION_LEASE_DURATION", "15s")
                .doesNotContainKey("QUARKUS_HTTP_SSL_PORT");
        assertThat(Chart.render(Map.of("systemNamespace", "velero")).env()).containsEntry("KCM_BACKUP_SYSTEM_NAMESPACE", "velero");
        assertThat(Chart.render(Map.of("leaderElection.enabled", false)).env())
                .containsEntry("KCM_BACKUP_LEADER_ELECTION_ENABLED", "false")
                .doesNotContainKey("KCM_BACKUP_LEADER_ELECTION_IDENTITY");
    }

    @Test
    void twoReplicasSpreadOverNodesAndNeedLeaderElection() {
        Chart chart = Chart.render(Map.of("replicaCount", 2, "podDisruptionBudget.enabled", true));
        Map<String, Object> deployment = chart.get("Deployment");
        assertThat((String) at(deployment,
                "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.0.podAffinityTerm.topologyKey"))
                .isEqualTo("kubernetes.io/hostname");
        assertThat((Integer) at(chart.get("PodDisruptionBudget"), "spec.maxUnavailable")).isEqualTo(1);
        assertThatThrownBy(() -> Chart.render(Map.of("replicaCount", 2, "leaderElection.enabled", false)))
                .hasMessageContaining("replicaCount > 1 needs leaderElection.enabled");
    }

    @Test
    void rbacGrantsNoSecretsAndVeleroOnlyInTheSystemNamespace() {
        Chart chart = Chart.render();
        RbacRules rbac = RbacRules.of(chart);
        assertThat(rbac.mentions("secrets")).isFalse();
        assertThat(rbac.mentions("*")).isFalse();
        for (Map<String, Object> clusterRole : chart.all("ClusterRole")) {
            List<Map<String, Object>> rules = at(clusterRole, "rules");
            assertThat(rules).allSatisfy(rule -> assertThat((List<String>) rule.get("apiGroups"))
                    .containsExactly("k0rdent.mirantis.com"));
        }
        assertThat(chart.all("Role")).extracting(role -> (String) at(role, "metadata.namespace"))
                .containsExactlyInAnyOrder("kcm-system", "default");
        assertThat(rbac.allows(new RbacRules.Attributes("create", "velero.io", "backups", "kcm-system"))).isTrue();
        assertThat(rbac.allows(new RbacRules.Attributes("create", "velero.io", "backups", "default"))).isFalse();
        assertThat(rbac.allows(new RbacRules.Attributes("delete", "velero.io", "backups", "kcm-system"))).isFalse();
        assertThat(rbac.allows(new RbacRules.Attributes("update", "k0rdent.mirantis.com", "managements", null))).isFalse();
        assertThat(rbac.allows(new RbacRules.Attributes("patch", "k0rdent.mirantis.com", "managementrestores", null))).isFalse();
        assertThat(rbac.allows(new RbacRules.Attributes("delete", "k0rdent.mirantis.com", "managementbackups", null))).isFalse();
        assertThat(rbac.allows(new RbacRules.Attributes("watch", "k0rdent.mirantis.com", "managementbackups", null))).isTrue();
        // bound to the chart's service account, in the release namespace
        assertThat(chart.all("RoleBinding")).hasSize(2).allSatisfy(binding -> {
            assertThat((String) at(binding, "subjects.0.name")).isEqualTo("kcm-backup-operator");
            assertThat((String) at(binding, "subjects.0.namespace")).isEqualTo("kcm-system");
            assertThat((String) at(binding, "metadata.namespace")).isEqualTo(at(binding, "roleRef.name").equals(
                    "kcm-backup-operator-events") ? "default" : "kcm-system");
        });
        assertThat((String) at(chart.get("ClusterRoleBinding"), "subjects.0.namespace")).isEqualTo("kcm-system");
    }

    @Test
    void eventsMayBeCreatedAndPatchedInDefaultAndTheSystemNamespaceOnly() {
        // default holds the events of cluster-scoped objects (a real API server refuses them elsewhere), the system
        // namespace those of the objects in it; a recurring event is patched, never read, updated or deleted
        assertThat(RbacRules.of(Chart.render()).grants("", "events"))
                .isEqualTo(Map.of("default", Set.of("create", "patch"), "kcm-system", Set.of("create", "patch")));
        assertThat(RbacRules.of(Chart.render(Map.of("systemNamespace", "velero"))).grants("", "events"))
                .isEqualTo(Map.of("default", Set.of("create", "patch"), "velero", Set.of("create", "patch")));
        assertThat(RbacRules.of(Chart.render()).grants("events.k8s.io", "events")).isEmpty();
    }

    @Test
    void serviceMonitorScrapesTheMetricsPort() {
        Chart chart = Chart.render(Map.of("metrics.serviceMonitor.enabled", true,
                "metrics.serviceMonitor.labels.release", "prometheus"));
        Map<String, Object> monitor = chart.get("ServiceMonitor");
        assertThat((String) at(monitor, "spec.endpoints.0.port")).isEqualTo("http");
        assertThat((String) at(monitor, "spec.endpoints.0.path")).isEqualTo("/q/metrics");
        assertThat((String) at(monitor, "metadata.labels.release")).isEqualTo("prometheus");
        assertThat((String) at(chart.get("Service"), "spec.ports.0.targetPort")).isEqualTo("http");
    }

    @Test
    void prometheusRuleAlertsOnFailedBackupsStaleBackupsAndHeldUpgrades() {
        Map<String, Object> rule = Chart.render(Map.of("metrics.prometheusRule.enabled", true,
                "metrics.prometheusRule.alerts.noRecentSuccess.maxAgeHours", 7)).get("PrometheusRule");
        List<Map<String, Object>> rules = at(rule, "spec.groups.0.rules");
        assertThat(rules).extracting(r -> r.get("alert")).containsExactly("KcmBackupFailed", "KcmBackupNoRecentSuccess",
                "KcmBackupUpgradeHeld", "KcmBackupNotReady", "KcmBackupUnreadableObject", "KcmBackupWatchFailing", "KcmBackupVeleroMissing",
                "KcmBackupNoLeader");
        Map<String, Object> stale = rules.get(1);
        assertThat((String) stale.get("expr")).contains("> 25200").contains("kcm_backup_schedule_active");
        assertThat((String) at(stale, "annotations.summary")).contains("{{ $labels.managementbackup }}").contains("7h");
        assertThat((String) at(rules.get(0), "labels.severity")).isEqualTo("warning");

        Map<String, Object> fewer = Chart.render(Map.of("metrics.prometheusRule.enabled", true,
                "metrics.prometheusRule.alerts.noLeader.enabled", false)).get("PrometheusRule");
        assertThat((List<Map<String, Object>>) at(fewer, "spec.groups.0.rules")).extracting(r -> r.get("alert"))
                .doesNotContain("KcmBackupNoLeader");
    }

    @Test
    void grafanaDashboardIsAConfigMapGrafanaFinds() throws IOException {
        Map<String, Object> configMap = Chart.render(Map.of("grafana.dashboard.enabled", true)).get("ConfigMap");
        assertThat((String) at(configMap, "metadata.labels.grafana_dashboard")).isEqualTo("1");
        JsonNode dashboard = new ObjectMapper().readTree(((Map<String, String>) at(configMap, "data")).get("kcm-backup.json"));
        assertThat(dashboard.get("uid").asText()).isEqualTo("kcm-backup-operator");
        assertThat(dashboard.get("panels")).hasSizeGreaterThan(10);
        assertThat(new ObjectMapper().readTree(Files.readString(Chart.DIR.resolve("files/dashboard.json"))))
                .isEqualTo(dashboard);
    }

    @Test
    void upgradeGateRegistersTheWebhookWithACertManagerCertificate() {
        Chart chart = Chart.render(Map.of("upgradeGate.enabled", true));
        Map<String, Object> webhookConfig = chart.get("ValidatingWebhookConfiguration");
        Map<String, Object> webhook = at(webhookConfig, "webhooks.0");
        assertThat((String) at(webhook, "clientConfig.service.path")).isEqualTo("/webhooks/validate-management-upgrade");
        assertThat((String) at(webhook, "clientConfig.service.name")).isEqualTo("kcm-backup-operator");
        assertThat((Integer) at(webhook, "clientConfig.service.port")).isEqualTo(443);
        assertThat((List<String>) at(webhook, "rules.0.apiGroups")).containsExactly("k0rdent.mirantis.com");
        assertThat((List<String>) at(webhook, "rules.0.resources")).containsExactly("managements");
        assertThat((List<String>) at(webhook, "rules.0.operations")).containsExactly("UPDATE");
        assertThat((String) webhook.get("failurePolicy")).isEqualTo("Ignore");
        // the gate creates missing pre-upgrade backups, but never for a dry run
        assertThat((String) webhook.get("sideEffects")).isEqualTo("NoneOnDryRun");
        assertThat((Object) webhook.get("matchConditions")).isNull();
        Map<String, String> annotations = at(webhookConfig, "metadata.annotations");
        assertThat(annotations).containsEntry("cert-manager.io/inject-ca-from", "kcm-system/kcm-backup-operator-webhook");

        Map<String, Object> certificate = chart.get("Certificate");
        assertThat((String) at(certificate, "metadata.name")).isEqualTo("kcm-backup-operator-webhook");
        assertThat((List<String>) at(certificate, "spec.dnsNames")).contains("kcm-backup-operator.kcm-system.svc");
        assertThat((String) at(certificate, "spec.secretName")).isEqualTo("kcm-backup-operator-webhook-tls");
        assertThat((String) at(certificate, "spec.issuerRef.name")).isEqualTo(at(chart.get("Issuer"), "metadata.name"));

        Map<String, String> env = chart.env();
        assertThat(env).containsEntry("KCM_BACKUP_UPGRADE_GATE", "completion")
                .containsEntry("QUARKUS_HTTP_SSL_PORT", "8443")
                .containsEntry("QUARKUS_HTTP_SSL_CERTIFICATE_FILES", "/etc/kcm-backup/webhook-tls/tls.crt");
        Map<String, Object> pod = at(chart.get("Deployment"), "spec.template.spec");
        assertThat((String) at(pod, "volumes.1.secret.secretName")).isEqualTo("kcm-backup-operator-webhook-tls");
        assertThat((Integer) at(chart.get("Service"), "spec.ports.1.port")).isEqualTo(443);
        assertThat((String) at(chart.get("Service"), "spec.ports.1.targetPort")).isEqualTo("webhook");
    }

    @Test
    void upgradeGateModeAndReleaseChangeFilterAreSettable() {
        Chart chart = Chart.render(Map.of("upgradeGate.enabled", true, "upgradeGate.mode", "success",
                "upgradeGate.onlyReleaseChanges", true));
        assertThat(chart.env()).containsEntry("KCM_BACKUP_UPGRADE_GATE", "success");
        assertThat((String) at(chart.get("ValidatingWebhookConfiguration"), "webhooks.0.matchConditions.0.expression"))
                .contains("object.spec.release != oldObject.spec.release");
        assertThatThrownBy(() -> Chart.render(Map.of("upgradeGate.enabled", true, "upgradeGate.mode", "always")))
                .hasMessageContaining("upgradeGate.mode must be off, completion or success");
    }

    @Test
    void upgradeGateCanUseAnExistingIssuerOrACaBundle() {
        Chart withIssuer = Chart.render(Map.of("upgradeGate.enabled", true,
                "upgradeGate.certManager.issuerRef.kind", "ClusterIssuer", "upgradeGate.certManager.issuerRef.name", "my-ca"));
        assertThat(withIssuer.find("Issuer")).isEmpty();
        assertThat((String) at(withIssuer.get("Certificate"), "spec.issuerRef.kind")).isEqualTo("ClusterIssuer");

        Chart manual = Chart.render(Map.of("upgradeGate.enabled", true, "upgradeGate.certManager.enabled", false,
                "upgradeGate.caBundle", "Q0E=", "upgradeGate.tlsSecretName", "my-tls"));
        assertThat(manual.find("Certificate")).isEmpty();
        assertThat((String) at(manual.get("ValidatingWebhookConfiguration"), "webhooks.0.clientConfig.caBundle"))
                .isEqualTo("Q0E=");
        assertThatThrownBy(() -> Chart.render(Map.of("upgradeGate.enabled", true, "upgradeGate.certManager.enabled", false)))
                .hasMessageContaining("needs upgradeGate.caBundle");
    }

    @Test
    void plainManifestsAreTheChartRenderedWithDefaults() throws IOException {
        assertThat(Files.readString(Chart.PLAIN_MANIFESTS))
                .as("%s is out of date; regenerate it as docs/operations.md says", Chart.PLAIN_MANIFESTS)
                .isEqualTo(PlainManifests.header() + Chart.template(Map.of()));
    }
}
