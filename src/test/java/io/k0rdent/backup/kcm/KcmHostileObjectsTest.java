package io.k0rdent.backup.kcm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.k0rdent.backup.config.TolerantReading;
import io.k0rdent.backup.test.HostileObjects;
import io.k0rdent.backup.upgrade.ManagementView;

/**
 * kcm's kinds, read as untyped objects as the inventory and the upgrade watch read them, fed objects their real CRD
 * schemas allow and objects of a newer kcm (unknown fields, values of another shape): reading and extracting what the
 * operator needs never fails.
 */
class KcmHostileObjectsTest {

    static final int OBJECTS = 200;

    final KubernetesSerialization serialization = new KubernetesSerialization(TolerantReading.install(
            new ObjectMapper(), (object, problems) -> {
            }), true);

    @ParameterizedTest(name = "{1} {2}")
    @CsvSource({
            "k0rdent.mirantis.com_clusterdeployments.yaml, ClusterDeployment, v1beta1, kcm-system",
            "k0rdent.mirantis.com_clustertemplates.yaml, ClusterTemplate, v1beta1, kcm-system",
            "k0rdent.mirantis.com_managements.yaml, Management, v1beta1, ",
    })
    void whatTheOperatorReadsOfKcmsObjectsIsReadWhateverTheyHold(String crd, String kind, String version, String namespace) {
        JsonNode schema = HostileObjects.schema(crd, version);
        UnaryOperator<String> share = UnaryOperator.identity();
        for (int i = 0; i < OBJECTS; i++) {
            boolean newer = i % 2 == 1;
            JsonNode object = new HostileObjects(i, newer).object(newer ? reshaped(schema.deepCopy()) : schema,
                    "k0rdent.mirantis.com/" + version, kind, "object-" + i, namespace);
            WatchEvent event = serialization.unmarshal("{\"type\":\"ADDED\",\"object\":" + object + "}", WatchEvent.class);
            GenericKubernetesResource read = (GenericKubernetesResource) event.getObject();

            assertThat(read.getMetadata().getName()).isEqualTo("object-" + i);
            switch (kind) {
                case "ClusterDeployment" -> assertThat(KcmInventory.deployment(read, share).name()).isEqualTo("object-" + i);
                case "ClusterTemplate" -> assertThat(KcmInventory.template(read, share).providers()).doesNotContainNull();
                default -> assertThat(ManagementView.of(read).name()).isEqualTo("object-" + i);
            }
        }
    }

    @Test
    void aClusterDeploymentConfigAsDeepAndWithNamesAsLongAsTheApiServerStoresIsRead() {
        String config = "{\"level\":".repeat(9_990) + "1" + "}".repeat(9_990);
        String cd = """
                {"apiVersion":"k0rdent.mirantis.com/v1beta1","kind":"ClusterDeployment",
                 "metadata":{"name":"deep","namespace":"team-a"},
                 "spec":{"template":"t","config":{"nested":%s,"%s":"long name"}}}""".formatted(config, "k".repeat(100_000));
        String list = "{\"apiVersion\":\"k0rdent.mirantis.com/v1beta1\",\"kind\":\"ClusterDeploymentList\","
                + "\"metadata\":{},\"items\":[" + cd + "]}";

        GenericKubernetesResource watched = (GenericKubernetesResource) serialization.unmarshal(
                "{\"type\":\"ADDED\",\"object\":" + cd + "}", WatchEvent.class).getObject();
        GenericKubernetesResourceList listed = serialization.unmarshal(list, GenericKubernetesResourceList.class);

        assertThat(KcmInventory.deployment(watched, UnaryOperator.identity()).template()).isEqualTo("t");
        assertThat(KcmInventory.deployment(listed.getItems().get(0), UnaryOperator.identity()).template()).isEqualTo("t");
    }

    /** A newer kcm: every string field may hold an object, an array or a number instead. */
    static JsonNode reshaped(JsonNode schema) {
        if (schema instanceof ObjectNode object && "string".equals(schema.path("type")
                .asText())) {
            object.put("type", "object");
            object.put("x-kubernetes-preserve-unknown-fields", true);
            object.remove(List.of("enum", "pattern", "format", "maxLength", "minLength"));
        }
        schema.forEach(KcmHostileObjectsTest::reshaped);
        return schema;
    }
}
