package io.k0rdent.backup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupSpec;

class UnreadFieldsTest {

    private static final String SERVED = """
            {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementBackup",
             "metadata":{"name":"daily","resourceVersion":"12","labels":{"k0rdent.mirantis.com/component":"kcm"},
              "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"k0rdent.mirantis.com/v1beta1",
               "time":"2026-12-03T12:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:schedule":{}}}}]},
             "spec":{"schedule":"@hourly"},"status":{"lastBackupName":"daily-20261203120000"}}
            """;

    private final KubernetesSerialization serialization = serialization();

    @Test
    void objectsAreReadWithoutTheirManagedFieldsAndOtherwiseWhole() {
        ManagementBackup read = serialization.unmarshal(SERVED, ManagementBackup.class);

        assertThat(read.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(read.getMetadata().getAdditionalProperties()).doesNotContainKey("managedFields");
        assertThat(read.getMetadata().getName()).isEqualTo("daily");
        assertThat(read.getMetadata().getResourceVersion()).isEqualTo("12");
        assertThat(read.getMetadata().getLabels()).containsEntry("k0rdent.mirantis.com/component", "kcm");
        assertThat(read.getSpec().getSchedule()).isEqualTo("@hourly");
        assertThat(read.getStatus().getLastBackupName()).isEqualTo("daily-20261203120000");
    }

    @Test
    void managedFieldsSetOnAnObjectAreStillWritten() {
        ManagementBackup mb = new ManagementBackup();
        mb.setMetadata(new ObjectMetaBuilder().withName("daily").withManagedFields(List.of(new ManagedFieldsEntryBuilder()
                .withManager("kcm-backup-operator").withOperation("Update").build())).build());

        assertThat(serialization.asJson(mb)).contains("\"managedFields\":[{").contains("kcm-backup-operator");
    }

    @Test
    void backupsAreReadWithoutTheirSelectorsAndOtherwiseWhole() {
        Backup read = serialization.unmarshal("""
                {"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"daily-20261203120000","namespace":"kcm-system"},
                 "spec":{"includedNamespaces":["*"],"storageLocation":"aws-s3","ttl":"720h0m0s",
                  "labelSelector":{"matchLabels":{"a":"b"}},
                  "orLabelSelectors":[{"matchLabels":{"cluster.x-k8s.io/cluster-name":"c1"}},
                   {"matchExpressions":[{"key":"k","operator":"In","values":["v1","v2"]}]}],
                  "snapshotVolumes":false},
                 "status":{"phase":"Completed"}}
                """, Backup.class);

        assertThat(read.getSpec().getOrLabelSelectors()).isNull();
        assertThat(read.getSpec().getLabelSelector()).isNull();
        assertThat(read.getSpec().getIncludedNamespaces()).containsExactly("*");
        assertThat(read.getSpec().getStorageLocation()).isEqualTo("aws-s3");
        assertThat(read.getSpec().getTtl()).isEqualTo("720h0m0s");
        assertThat(read.getStatus().getPhase()).isEqualTo("Completed");
    }

    @Test
    void selectorsSetOnABackupAreStillWritten() {
        BackupSpec spec = new BackupSpec();
        spec.setOrLabelSelectors(List.of(new LabelSelectorBuilder().addToMatchLabels("cluster.x-k8s.io/cluster-name", "c1")
                .build()));
        spec.setLabelSelector(new LabelSelectorBuilder().addToMatchLabels("a", "b").build());

        assertThat(serialization.asJson(spec)).contains("\"orLabelSelectors\":[{\"matchLabels\":{\"cluster.x-k8s.io/cluster-name\":\"c1\"}}]")
                .contains("\"labelSelector\":{\"matchLabels\":{\"a\":\"b\"}}");
    }

    private static KubernetesSerialization serialization() {
        ObjectMapper mapper = new ObjectMapper();
        new UnreadFields().customize(mapper);
        return new KubernetesSerialization(mapper, true);
    }
}
