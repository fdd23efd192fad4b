package io.k0rdent.backup.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupV1alpha1;

/**
 * The user documentation's examples under {@code /seeds}. Restore examples are read as JSON trees so tests compare what
 * the operator creates with them field by field (placeholders such as {@code <backup-name>} substituted); ManagementBackup
 * examples are applied to the cluster.
 */
public final class Seeds {

    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Seeds() {
    }

    /**
     * Creates the ManagementBackup of a seed document and returns it as stored. A real API server stores a v1alpha1
     * object and serves it as v1beta1 (one schema, conversion strategy None); the mock server keeps versions apart, so
     * the seed is read as v1alpha1 and created as v1beta1. {@code CrdCompatibilityTest} checks the seeds against the
     * v1alpha1 schema itself.
     */
    public static ManagementBackup apply(KubernetesClient client, String file) {
        ManagementBackupV1alpha1 seed = client.getKubernetesSerialization().unmarshal(text(file), ManagementBackupV1alpha1.class);
        ManagementBackup stored = new ManagementBackup();
        stored.setMetadata(seed.getMetadata());
        stored.setSpec(seed.getSpec());
        return client.resource(stored).create();
    }

    public static String text(String file) {
        try (InputStream in = Seeds.class.getResourceAsStream("/seeds/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a (multi-document) YAML text, empty ones skipped. */
    public static List<JsonNode> documents(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode node = iterator.next();
                if (node != null && !node.isNull() && !node.isEmpty()) {
                    documents.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    public static JsonNode document(String file, String kind, String backupName) {
        return documents(text(file).replace("<backup-name>", backupName)).stream()
                .filter(d -> kind.equals(d.path("kind").asText())).findFirst().orElseThrow();
    }

    /** The Restore spec of the documented manual restore (defaults, no caveats). */
    public static ObjectNode restoreSpec(String backupName) {
        return (ObjectNode) document("restore.yaml", "Restore", backupName).get("spec").deepCopy();
    }

    /** The documented exclusions of a provider caveat example ({@code restore-azure.yaml}, {@code restore-vsphere.yaml}). */
    public static List<String> caveatExclusions(String file) {
        List<String> result = new ArrayList<>();
        document(file, "Restore", "x").get("spec").get("excludedResources").forEach(n -> result.add(n.asText()));
        return result;
    }

    /** The documented manual restore with the exclusions of the given caveat examples appended, in that order. */
    public static ObjectNode restoreSpecWithCaveats(String backupName, String... caveatFiles) {
        ObjectNode spec = restoreSpec(backupName);
        ArrayNode excluded = (ArrayNode) spec.get("excludedResources");
        for (String file : caveatFiles) {
            JsonNode caveat = document(file, "Restore", backupName).get("spec");
            // the caveat example agrees with the manual restore on every other field
            caveat.fieldNames().forEachRemaining(field -> {
                if (!field.equals("excludedResources") && !caveat.get(field).equals(spec.get(field))) {
                    throw new AssertionError("seed " + file + " disagrees on spec." + field);
                }
            });
            caveat.get("excludedResources").forEach(excluded::add);
        }
        return spec;
    }

    /** The documented rollback ConfigMap's rules for a release, exactly as the documentation writes them. */
    public static String rollbackRules(String release) {
        return document("rollback.yaml", "ConfigMap", "x").get("data").get("patch-mgmt-spec-release").asText()
                .replace("<version-before-upgrade>", release);
    }

    /** The documented rollback Restore spec. */
    public static JsonNode rollbackRestoreSpec(String backupName) {
        return document("rollback.yaml", "Restore", backupName).get("spec");
    }

    public static JsonNode tree(Object value) {
        return YAML.valueToTree(value);
    }
}
