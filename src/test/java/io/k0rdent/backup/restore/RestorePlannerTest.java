package io.k0rdent.backup.restore;

import static io.k0rdent.backup.restore.RestoreFixtures.NS;
import static io.k0rdent.backup.restore.RestoreFixtures.completed;
import static io.k0rdent.backup.restore.RestoreFixtures.restoreOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.restore.RestorePlanner.Plan;
import io.k0rdent.backup.test.Seeds;

class RestorePlannerTest {

    static final String BACKUP = "kcm-20250117180012";

    static Stream<Arguments> providerCaveats() {
        return Stream.of(
                Arguments.of(List.of("bootstrap-k0sproject-k0smotron", "infrastructure-aws"), new String[0]),
                Arguments.of(List.of("bootstrap-k0sproject-k0smotron", "infrastructure-azure"), new String[] { "restore-azure.yaml" }),
                Arguments.of(List.of("infrastructure-vsphere"), new String[] { "restore-vsphere.yaml" }),
                Arguments.of(List.of("infrastructure-azure", "infrastructure-vsphere"),
                        new String[] { "restore-azure.yaml", "restore-vsphere.yaml" }),
                Arguments.of(List.of(), new String[0]));
    }

    @ParameterizedTest
    @MethodSource("providerCaveats")
    void restoreIsTheDocumentedOneWithTheCaveatsOfTheBackupsProviders(List<String> providers, String[] caveats) {
        Plan plan = RestorePlanner.plan(restoreOf("dr", BACKUP), completed(BACKUP, providers), 1, NS);

        JsonNode expected = Seeds.restoreSpecWithCaveats(BACKUP, caveats);
        assertThat(Seeds.tree(plan.restore().getSpec())).isEqualTo(expected);
        assertThat(plan.restore().getMetadata().getName()).isEqualTo("dr-1");
        assertThat(plan.restore().getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(plan.restore().getApiVersion()).isEqualTo("velero.io/v1");
        assertThat(plan.restore().getKind()).isEqualTo("Restore");
        assertThat(plan.resourceModifier()).isEmpty();
        assertThat(plan.providersKnown()).isTrue();
    }

    @Test
    void userExclusionsFollowTheDefaultsSortedAndOnce() {
        ManagementRestore mr = restoreOf("dr", BACKUP);
        mr.getSpec().setExcludedResources(List.of("secrets", " clusterdeployments.k0rdent.mirantis.com", "nodes", "secrets", ""));

        Plan plan = RestorePlanner.plan(mr, completed(BACKUP, List.of("infrastructure-azure")), 1, NS);

        List<String> excluded = plan.restore().getSpec().getExcludedResources();
        assertThat(excluded.subList(0, RestoreExclusions.DEFAULTS.size())).isEqualTo(RestoreExclusions.DEFAULTS);
        assertThat(excluded.subList(RestoreExclusions.DEFAULTS.size(), excluded.size()))
                .containsExactly("natgateways.network.azure.com", "resourcegroups.resources.azure.com",
                        "virtualnetworks.network.azure.com", "virtualnetworkssubnets.network.azure.com",
                        "clusterdeployments.k0rdent.mirantis.com", "secrets");
    }

    @Test
    void rollbackAddsTheDocumentedResourceModifier() {
        ManagementRestore mr = restoreOf("rollback", BACKUP);
        mr.getSpec().setRollbackToRelease("kcm-0-2-0");

        Plan plan = RestorePlanner.plan(mr, completed(BACKUP, List.of()), 2, NS);

        ConfigMap cm = plan.resourceModifier().orElseThrow();
        assertThat(cm.getMetadata().getName()).isEqualTo("rollback-2-patch-mgmt-spec-release");
        assertThat(cm.getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(cm.getData()).containsOnlyKeys("patch-mgmt-spec-release");
        assertThat(cm.getData().get("patch-mgmt-spec-release")).isEqualTo(Seeds.rollbackRules("kcm-0-2-0"));
        assertThat(cm.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("ManagementRestore");
            assertThat(o.getName()).isEqualTo("rollback");
            assertThat(o.getUid()).isEqualTo(mr.getMetadata().getUid());
        });

        Restore restore = plan.restore();
        assertThat(restore.getMetadata().getName()).isEqualTo("rollback-2");
        JsonNode documented = Seeds.rollbackRestoreSpec(BACKUP);
        JsonNode actual = Seeds.tree(restore.getSpec());
        documented.fieldNames().forEachRemaining(field -> {
            if (field.equals("resourceModifier")) {
                assertThat(actual.get(field).get("kind")).isEqualTo(documented.get(field).get("kind"));
                assertThat(actual.get(field).get("name").asText()).isEqualTo(cm.getMetadata().getName());
            } else {
                assertThat(actual.get(field)).as(field).isEqualTo(documented.get(field));
            }
        });
        assertThat(restore.getSpec().getExcludedResources()).isEqualTo(RestoreExclusions.DEFAULTS);
    }

    @Test
    void objectsNameTheirManagementRestoreAndAttempt() {
        Plan plan = RestorePlanner.plan(restoreOf("dr", BACKUP), completed(BACKUP, List.of()), 3, NS);

        assertThat(plan.restore().getMetadata().getLabels()).containsEntry(Labels.MANAGEMENT_RESTORE, "dr");
        assertThat(plan.restore().getMetadata().getAnnotations()).containsEntry(Labels.MANAGEMENT_RESTORE, "dr")
                .containsEntry(Labels.RESTORE_ATTEMPT_ANNOTATION, "3");
        // deleting a Velero Restore deletes its logs from storage too: it must outlive the ManagementRestore
        assertThat(plan.restore().getMetadata().getOwnerReferences()).isEmpty();
    }

    @Test
    void longNamesStayValidAndDistinct() {
        String longName = "r".repeat(260);
        Plan first = RestorePlanner.plan(restoreOf(longName, BACKUP), completed(BACKUP, List.of()), 1, NS);
        Plan second = RestorePlanner.plan(restoreOf(longName, BACKUP), completed(BACKUP, List.of()), 2, NS);

        assertThat(first.restore().getMetadata().getName()).hasSizeLessThanOrEqualTo(253);
        assertThat(first.restore().getMetadata().getName()).isNotEqualTo(second.restore().getMetadata().getName());
        assertThat(first.restore().getMetadata().getLabels().get(Labels.MANAGEMENT_RESTORE)).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void aBackupThatDoesNotRecordItsProvidersGetsNoCaveats() {
        Plan plan = RestorePlanner.plan(restoreOf("dr", BACKUP), completed(BACKUP, null), 1, NS);

        assertThat(plan.providersKnown()).isFalse();
        assertThat(plan.restore().getSpec().getExcludedResources()).isEqualTo(RestoreExclusions.DEFAULTS);
    }

    @Test
    void planYamlHoldsTheConfigMapThenTheRestore() {
        ManagementRestore mr = restoreOf("rollback", BACKUP);
        mr.getSpec().setRollbackToRelease("kcm-0-2-0");

        String yaml = RestorePlanner.plan(mr, completed(BACKUP, List.of()), 1, NS).toYaml();

        List<JsonNode> documents = Seeds.documents(yaml);
        assertThat(documents).extracting(d -> d.get("kind").asText()).containsExactly("ConfigMap", "Restore");
        assertThat(documents.get(0).get("data").get("patch-mgmt-spec-release").asText())
                .isEqualTo(Seeds.rollbackRules("kcm-0-2-0"));
        assertThat(documents.get(1).get("spec").get("backupName").asText()).isEqualTo(BACKUP);
        assertThat(documents.get(1).get("spec").get("existingResourcePolicy").asText()).isEqualTo("update");
    }
}
