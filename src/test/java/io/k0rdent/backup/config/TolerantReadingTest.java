package io.k0rdent.backup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupSpec;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.ReadProblem;
import io.k0rdent.backup.api.velero.Backup;

class TolerantReadingTest {

    /** The object that stopped the ManagementBackup watch on a real API server. */
    static final String POISON = """
            {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementBackup",
             "metadata":{"name":"poison","resourceVersion":"7","generation":2},
             "spec":{"schedule":"@hourly","retention":{"keepLast":1099511627776,"dryRun":true},"storageLocation":"aws-s3"},
             "status":{"lastBackupName":"poison-20261203120000"}}
            """;

    final List<String> reported = new ArrayList<>();
    final KubernetesSerialization serialization = serialization((object, problems) -> reported.add(
            object.getMetadata().getName() + " " + problems));

    @Test
    void anIntegerPastItsJavaTypeLeavesThatFieldUnsetAndTheRestRead() {
        ManagementBackup read = serialization.unmarshal(POISON, ManagementBackup.class);

        assertThat(read.getMetadata().getName()).isEqualTo("poison");
        assertThat(read.getSpec().getSchedule()).isEqualTo("@hourly");
        assertThat(read.getSpec().getStorageLocation()).isEqualTo("aws-s3");
        assertThat(read.getSpec().getRetention().getKeepLast()).isNull();
        assertThat(read.getSpec().getRetention().getDryRun()).isTrue();
        assertThat(read.getStatus().getLastBackupName()).isEqualTo("poison-20261203120000");
        assertThat(read.readProblems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.retention.keepLast");
            assertThat(problem.reason()).contains("1099511627776").contains("out of range");
        });
        assertThat(reported).containsExactly("poison " + read.readProblems());
    }

    @Test
    void anObjectReadWholeHasNoProblems() {
        ManagementBackup read = serialization.unmarshal(POISON.replace("1099511627776", "3"), ManagementBackup.class);

        assertThat(read.getSpec().getRetention().getKeepLast()).isEqualTo(3);
        assertThat(read.readProblems()).isEmpty();
        assertThat(reported).isEmpty();
    }

    @Test
    void onePoisonedItemOfAListLeavesTheOthersWhole() {
        String list = """
                {"apiVersion":"velero.io/v1","kind":"BackupList","metadata":{"resourceVersion":"9"},"items":[
                 {"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"a","namespace":"kcm-system"},
                  "status":{"phase":"Completed","progress":{"totalItems":5,"itemsBackedUp":5}}},
                 {"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"b","namespace":"kcm-system"},
                  "status":{"phase":"InProgress","progress":{"totalItems":1e20,"itemsBackedUp":-9223372036854775809},
                   "errors":2}},
                 {"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"c","namespace":"kcm-system"},
                  "status":{"phase":"New"}}]}
                """;

        DefaultKubernetesResourceList<Backup> read = serialization.unmarshal(list,
                new TypeReference<DefaultKubernetesResourceList<Backup>>() {
                });

        assertThat(read.getItems()).extracting(b -> b.getMetadata().getName()).containsExactly("a", "b", "c");
        assertThat(read.getItems().get(0).getStatus().getProgress().getItemsBackedUp()).isEqualTo(5);
        Backup b = read.getItems().get(1);
        assertThat(b.getStatus().getPhase()).isEqualTo("InProgress");
        assertThat(b.getStatus().getErrors()).isEqualTo(2);
        assertThat(b.getStatus().getProgress().getTotalItems()).isNull();
        assertThat(b.getStatus().getProgress().getItemsBackedUp()).isNull();
        assertThat(read.getItems().get(2).getStatus().getPhase()).isEqualTo("New");
        assertThat(reported).singleElement().asString()
                .contains("b [status.progress.totalItems: numeric value 100000000000000000000 out of range of a 32-bit integer")
                .contains("status.progress.itemsBackedUp: numeric value -9223372036854775809 out of range of a 32-bit integer");
    }

    @Test
    void aWatchEventOfAnUnreadableObjectStillCarriesTheObject() {
        serialization.registerKubernetesResource(ManagementBackup.class);
        WatchEvent event = serialization.unmarshal("{\"type\":\"MODIFIED\",\"object\":" + POISON + "}", WatchEvent.class);

        assertThat(event.getObject()).isInstanceOfSatisfying(ManagementBackup.class, mb -> {
            assertThat(mb.getMetadata().getResourceVersion()).isEqualTo("7");
            assertThat(mb.readProblems()).extracting(ReadProblem::field).containsExactly("spec.retention.keepLast");
        });
    }

    @Test
    void pathsNameListIndexesAndNestedFields() {
        ManagementBackup read = serialization.unmarshal("""
                {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementBackup","metadata":{"name":"m"},
                 "status":{"observedGeneration":1e30,
                  "conditions":[{"type":"Ready","status":"True"},{"type":"X","status":"False","observedGeneration":99999999999999999999}],
                  "lastBackup":{"phase":"Completed","hookStatus":{"hooksAttempted":4294967296}},
                  "upgradeBackup":{"state":"SomethingNewer","attempt":2}}}
                """, ManagementBackup.class);

        assertThat(read.readProblems()).extracting(ReadProblem::field).containsExactly("status.observedGeneration",
                "status.conditions[1].observedGeneration", "status.lastBackup.hookStatus.hooksAttempted",
                "status.upgradeBackup.state");
        assertThat(read.getStatus().getConditions()).extracting(c -> c.getType()).containsExactly("Ready", "X");
        assertThat(read.getStatus().getLastBackup().getPhase()).isEqualTo("Completed");
        assertThat(read.getStatus().getUpgradeBackup().getState()).isNull();
        assertThat(read.getStatus().getUpgradeBackup().getAttempt()).isEqualTo(2);
    }

    @Test
    void aValueOfTheWrongShapeIsSkippedWholeAndTheFieldsAfterItAreRead() {
        ManagementRestore read = serialization.unmarshal("""
                {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ManagementRestore","metadata":{"name":"r"},
                 "status":{"attempt":{"nested":[1,{"deeper":[2,3]}]},"phase":"InProgress","restoreName":"r-2"}}
                """, ManagementRestore.class);

        assertThat(read.readProblems()).extracting(ReadProblem::field).containsExactly("status.attempt");
        assertThat(read.getStatus().getRestoreName()).isEqualTo("r-2");
    }

    @Test
    void aNumberOutOfRangeIsSaidAlikeStreamedAndThroughATree() {
        serialization.registerKubernetesResource(ManagementBackup.class);
        for (String number : List.of("1099511627776", "1e+20", "1.0E20", "-9223372036854775809")) {
            String json = POISON.replace("1099511627776", number);
            ManagementBackup streamed = serialization.unmarshal(json, ManagementBackup.class);
            WatchEvent event = serialization.unmarshal("{\"type\":\"MODIFIED\",\"object\":" + json + "}", WatchEvent.class);

            assertThat(((ManagementBackup) event.getObject()).readProblems()).as(number).isEqualTo(streamed.readProblems());
            assertThat(streamed.readProblems().get(0).reason()).matches("numeric value -?[0-9]+ out of range of a 32-bit integer");
        }
    }

    @Test
    void documentsAsDeepAndNamesAsLongAsTheApiServerStoresAreRead() {
        String deep = "{\"a\":".repeat(9_990) + "1" + "}".repeat(9_990);
        String longName = "k".repeat(100_000);
        ManagementBackup read = serialization.unmarshal(POISON.replace("\"storageLocation\":\"aws-s3\"",
                "\"storageLocation\":\"aws-s3\",\"deep\":" + deep + ",\"" + longName + "\":1"), ManagementBackup.class);

        assertThat(read.getSpec().getStorageLocation()).isEqualTo("aws-s3");
        assertThat(read.readProblems()).extracting(ReadProblem::field).containsExactly("spec.retention.keepLast");
    }

    @Test
    void outsideAKubernetesObjectAFieldThatCannotBeReadFailsAsBefore() {
        assertThatThrownBy(() -> serialization.unmarshal("{\"retention\":{\"keepLast\":1099511627776}}",
                ManagementBackupSpec.class)).hasStackTraceContaining("out of range");
    }

    @Test
    void aDocumentThatIsNotJsonStillFails() {
        assertThatThrownBy(() -> serialization.unmarshal("{\"apiVersion\":\"k0rdent.mirantis.com/v1beta1\","
                + "\"kind\":\"ManagementBackup\",\"metadata\":{\"name\":\"m\"},\"spec\":{\"retention\":{\"keepLast\":1099511627776",
                ManagementBackup.class)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void problemsPerObjectAreBounded() {
        StringBuilder conditions = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            conditions.append(i == 0 ? "" : ",").append("{\"type\":\"T").append(i).append("\",\"observedGeneration\":1e40}");
        }
        ManagementBackup read = serialization.unmarshal("{\"apiVersion\":\"k0rdent.mirantis.com/v1beta1\","
                + "\"kind\":\"ManagementBackup\",\"metadata\":{\"name\":\"m\"},\"status\":{\"conditions\":[" + conditions + "]}}",
                ManagementBackup.class);

        assertThat(read.readProblems()).hasSize(TolerantReading.MAX_PROBLEMS);
        assertThat(read.getStatus().getConditions()).hasSize(30);
    }

    static KubernetesSerialization serialization(TolerantReading.Sink sink) {
        ObjectMapper mapper = new ObjectMapper();
        new UnreadFields().customize(mapper);
        TolerantReading.install(mapper, sink);
        return new KubernetesSerialization(mapper, true);
    }
}
