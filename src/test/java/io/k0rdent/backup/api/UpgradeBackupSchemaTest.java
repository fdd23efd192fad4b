package io.k0rdent.backup.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** {@code status.upgradeBackup} and its printer column reach both served versions of the generated CRD, states as enum. */
class UpgradeBackupSchemaTest {

    final KubernetesSerialization serialization = new KubernetesSerialization();

    @Test
    void bothVersionsDeclareTheUpgradeStateAndShowIt() throws IOException {
        CustomResourceDefinition crd = serialization.unmarshal(
                Files.readString(Path.of("target", "kubernetes", "managementbackups.k0rdent.mirantis.com-v1.yml")),
                CustomResourceDefinition.class);

        assertThat(crd.getSpec().getVersions()).extracting(CustomResourceDefinitionVersion::getName)
                .containsExactlyInAnyOrder("v1beta1", "v1alpha1");
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            JSONSchemaProps upgrade = version.getSchema().getOpenAPIV3Schema().getProperties().get("status").getProperties()
                    .get("upgradeBackup");
            assertThat(upgrade).as(version.getName()).isNotNull();
            assertThat(upgrade.getProperties()).containsKeys("state", "release", "attempt", "startedAt", "deadline",
                    "completedAt", "message", "handledRetry");
            assertThat(upgrade.getProperties().get("state").getEnum()).extracting(n -> n.asText())
                    .containsExactlyInAnyOrder("PreparingToStart", "Starting", "Active", "Succeeded", "Error", "Timeout");
            assertThat(version.getAdditionalPrinterColumns())
                    .anySatisfy(c -> {
                        assertThat(c.getName()).isEqualTo("UpgradeState");
                        assertThat(c.getJsonPath()).isEqualTo(".status.upgradeBackup.state");
                        assertThat(c.getPriority()).isEqualTo(1);
                    });
        }
    }

    @Test
    void statesAreWrittenByTheirWireNames() {
        UpgradeBackupStatus status = new UpgradeBackupStatus();
        status.setState(UpgradeBackupState.PREPARING_TO_START);

        String json = serialization.asJson(status);

        assertThat(json).contains("\"state\":\"PreparingToStart\"");
        assertThat(serialization.unmarshal(json, UpgradeBackupStatus.class).getState())
                .isEqualTo(UpgradeBackupState.PREPARING_TO_START);
        for (UpgradeBackupState state : UpgradeBackupState.values()) {
            assertThat(serialization.asJson(state)).isEqualTo("\"" + state.wireName() + "\"");
        }
    }
}
