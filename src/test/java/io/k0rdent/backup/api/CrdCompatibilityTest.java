package io.k0rdent.backup.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.k0rdent.backup.test.MockCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The generated CRD must accept everything kcm's own CRD and the user documentation's examples contain. A Quarkus test,
 * because the CRD is generated when the application is built for the first Quarkus test.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = MockCluster.class)
class CrdCompatibilityTest {

    static CustomResourceDefinition generated() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("target/kubernetes/managementbackups.k0rdent.mirantis.com-v1.yml"))) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        }
    }

    static CustomResourceDefinition kcms() throws IOException {
        try (InputStream in = CrdCompatibilityTest.class.getResourceAsStream("/crds/k0rdent.mirantis.com_managementbackups.yaml")) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        }
    }

    static JSONSchemaProps schema(CustomResourceDefinition crd, String version) {
        return crd.getSpec().getVersions().stream().filter(v -> version.equals(v.getName())).findFirst().orElseThrow()
                .getSchema().getOpenAPIV3Schema();
    }

    @Test
    void servesBothVersionsWithOneStorageVersionAndTheSameSchema() throws IOException {
        CustomResourceDefinition crd = generated();
        assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactlyInAnyOrder("kcmbackup", "mgmtbackup");
        assertThat(crd.getSpec().getVersions()).extracting(CustomResourceDefinitionVersion::getName)
                .containsExactlyInAnyOrder("v1alpha1", "v1beta1");
        assertThat(crd.getSpec().getVersions()).filteredOn(CustomResourceDefinitionVersion::getStorage)
                .extracting(CustomResourceDefinitionVersion::getName).containsExactly("v1beta1");
        assertThat(schema(crd, "v1alpha1")).isEqualTo(schema(crd, "v1beta1"));
        assertThat(crd.getSpec().getVersions()).allSatisfy(v -> {
            assertThat(v.getServed()).isTrue();
            assertThat(v.getSubresources().getStatus()).isNotNull();
            assertThat(v.getAdditionalPrinterColumns()).extracting(c -> c.getName())
                    .contains("LastBackupStatus", "NextBackup", "SinceLastBackup", "Age", "Error");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "v1alpha1", "v1beta1" })
    void everyFieldOfKcmsCrdExistsWithTheSameType(String version) throws IOException {
        JSONSchemaProps kcm = schema(kcms(), "v1beta1");
        JSONSchemaProps ours = schema(generated(), version);
        List<String> problems = new ArrayList<>();
        // apiVersion, kind and metadata are the API server's own; only spec and status are ours to match
        for (String part : List.of("spec", "status")) {
            compare(part, kcm.getProperties().get(part), ours.getProperties().get(part), problems);
        }
        assertThat(problems).isEmpty();
    }

    private static void compare(String path, JSONSchemaProps theirs, JSONSchemaProps ours, List<String> problems) {
        if (ours == null) {
            problems.add(path + " is missing");
            return;
        }
        if (theirs.getType() != null && !theirs.getType().equals(ours.getType())) {
            problems.add(path + " has type " + ours.getType() + ", kcm has " + theirs.getType());
        }
        if (theirs.getProperties() != null) {
            theirs.getProperties().forEach((name, props) -> compare(path + "." + name, props,
                    ours.getProperties() == null ? null : ours.getProperties().get(name), problems));
        }
        if (theirs.getItems() != null && theirs.getItems().getSchema() != null) {
            compare(path + "[]", theirs.getItems().getSchema(),
                    ours.getItems() == null ? null : ours.getItems().getSchema(), problems);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "scheduled-backup.yaml", "on-demand-backup.yaml", "upgrade-backup.yaml",
            "scheduled-backup-with-status.yaml" })
    void everyFieldOfTheDocumentedExamplesIsInTheV1alpha1Schema(String seed) throws IOException {
        Map<String, Object> document;
        try (InputStream in = getClass().getResourceAsStream("/seeds/" + seed)) {
            document = Serialization.unmarshal(in, Map.class);
        }
        assertThat(document.get("apiVersion")).isEqualTo("k0rdent.mirantis.com/v1alpha1");
        JSONSchemaProps schema = schema(generated(), "v1alpha1");
        List<String> problems = new ArrayList<>();
        for (String part : List.of("spec", "status")) {
            if (document.containsKey(part)) {
                conforms(part, document.get(part), schema.getProperties().get(part), problems);
            }
        }
        assertThat(problems).isEmpty();
        ManagementBackupV1alpha1 parsed;
        try (InputStream in = getClass().getResourceAsStream("/seeds/" + seed)) {
            parsed = Serialization.unmarshal(in, ManagementBackupV1alpha1.class);
        }
        assertThat(parsed.getMetadata().getName()).isNotBlank();
    }

    @SuppressWarnings("unchecked")
    private static void conforms(String path, Object value, JSONSchemaProps schema, List<String> problems) {
        if (schema == null) {
            problems.add(path + " is not in the schema");
            return;
        }
        if (value instanceof Map<?, ?> map) {
            if (!"object".equals(schema.getType())) {
                problems.add(path + " is an object, schema says " + schema.getType());
                return;
            }
            ((Map<String, Object>) map).forEach((k, v) -> conforms(path + "." + k, v,
                    schema.getProperties() == null ? null : schema.getProperties().get(k), problems));
        } else if (value instanceof String && !"string".equals(schema.getType())) {
            problems.add(path + " is a string, schema says " + schema.getType());
        } else if (value instanceof Number && !List.of("integer", "number").contains(schema.getType())) {
            problems.add(path + " is a number, schema says " + schema.getType());
        } else if (value instanceof Boolean && !"boolean".equals(schema.getType())) {
            problems.add(path + " is a boolean, schema says " + schema.getType());
        }
    }
}
