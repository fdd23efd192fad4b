package io.k0rdent.backup.chart;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementBackupV1alpha1;
import io.k0rdent.backup.api.ManagementRestore;

/**
 * Puts the printer columns of a generated CRD back in the order their class declares them. The CRD generator sorts them
 * by JSON path, which would show {@code AGE} first and the last backup's phase after the error; kubectl shows columns in
 * the CRD's order, and users of kcm expect {@code NAME LASTBACKUPSTATUS NEXTBACKUP AGE}.
 */
final class PrinterColumnOrder {

    /** The classes whose annotations declare the columns, one per served version of each kind. */
    private static final List<Class<? extends HasMetadata>> DECLARING = List.of(ManagementBackup.class,
            ManagementBackupV1alpha1.class, ManagementRestore.class);

    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();

    private PrinterColumnOrder() {
    }

    /** The CRD text with each version's printer columns in declaration order; everything else as it was. */
    static String apply(String crdYaml) throws IOException {
        String header = crdYaml.startsWith("#") ? crdYaml.substring(0, crdYaml.indexOf('\n') + 1) : "";
        JsonNode crd = YAML.readTree(crdYaml);
        String kind = crd.at("/spec/names/kind").asText();
        for (JsonNode version : crd.at("/spec/versions")) {
            JsonNode columns = version.get("additionalPrinterColumns");
            if (columns == null) {
                continue;
            }
            List<String> declared = declaredOrder(kind, version.get("name").asText());
            List<JsonNode> sorted = new ArrayList<>();
            columns.forEach(sorted::add);
            sorted.sort(Comparator.comparingInt(c -> position(declared, c.get("name").asText())));
            ArrayNode reordered = YAML.createArrayNode();
            sorted.forEach(reordered::add);
            ((ObjectNode) version).set("additionalPrinterColumns", reordered);
        }
        return header + YAML.writeValueAsString(crd);
    }

    /** Column names in the order the class of {@code kind} at {@code version} declares them. */
    static List<String> declaredOrder(String kind, String version) {
        Class<? extends HasMetadata> type = DECLARING.stream()
                .filter(c -> HasMetadata.getKind(c).equals(kind) && HasMetadata.getVersion(c).equals(version)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no class declares " + kind + " " + version));
        return Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class)).map(AdditionalPrinterColumn::name).toList();
    }

    private static int position(List<String> declared, String column) {
        int index = declared.indexOf(column);
        if (index < 0) {
            throw new IllegalStateException("printer column " + column + " is not declared on its class");
        }
        return index;
    }
}
