package io.k0rdent.backup.api.velero;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.k0rdent.backup.test.Seeds;

class RestoreSerializationTest {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Test
    void documentedRestoresRoundTripUnchanged() {
        for (String file : new String[] { "restore.yaml", "restore-azure.yaml", "restore-vsphere.yaml" }) {
            String yaml = Seeds.text(file);
            Restore restore = SERIALIZATION.unmarshal(yaml, Restore.class);

            assertThat(Seeds.tree(restore)).as(file).isEqualTo(Seeds.documents(yaml).get(0));
        }
    }

    @Test
    void aRestoreWithVelerosStatusReadsEveryField() {
        String yaml = """
                apiVersion: velero.io/v1
                kind: Restore
                metadata:
                  name: kcm-restore-1
                  namespace: kcm-system
                spec:
                  backupName: kcm-20250117180012
                  existingResourcePolicy: update
                  resourceModifier:
                    kind: ConfigMap
                    name: patch-mgmt-spec-release
                  itemOperationTimeout: 4h0m0s
                status:
                  phase: PartiallyFailed
                  progress:
                    itemsRestored: 70
                    totalItems: 78
                  warnings: 3
                  errors: 2
                  failureReason: ""
                  startTimestamp: "2025-01-17T19:00:00Z"
                  completionTimestamp: "2025-01-17T19:01:30Z"
                  hookStatus: {}
                  restoreItemOperationsAttempted: 1
                """;

        Restore restore = SERIALIZATION.unmarshal(yaml, Restore.class);

        assertThat(restore.getSpec().getResourceModifier()).isEqualTo(ResourceModifierReference.configMap("patch-mgmt-spec-release"));
        RestoreStatus status = restore.getStatus();
        assertThat(status.getPhase()).isEqualTo("PartiallyFailed");
        assertThat(status.getProgress().getItemsRestored()).isEqualTo(70);
        assertThat(status.getProgress().getTotalItems()).isEqualTo(78);
        assertThat(status.getWarnings()).isEqualTo(3);
        assertThat(status.getErrors()).isEqualTo(2);
        assertThat(status.getStartTimestamp()).isEqualTo("2025-01-17T19:00:00Z");
        assertThat(status.getCompletionTimestamp()).isEqualTo("2025-01-17T19:01:30Z");
        assertThat(status.getRestoreItemOperationsAttempted()).isEqualTo(1);
        JsonNode written = Seeds.tree(status);
        assertThat(written.get("progress").get("itemsRestored").asInt()).isEqualTo(70);
    }
}
