package io.k0rdent.backup.test.strict;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code metadata.managedFields} kept as a real API server keeps them for {@code Update} operations: one entry per manager,
 * operation, apiVersion and subresource; a write gives its manager the fields it changed and takes them from the others.
 * Lists are atomic, as they are in a schema without {@code x-kubernetes-list-type}.
 */
final class ManagedFields {

    /** Set by the server, never owned by a manager. */
    private static final Set<String> SERVER_METADATA = Set.of("name", "namespace", "uid", "resourceVersion", "generation",
            "creationTimestamp", "deletionTimestamp", "selfLink", "managedFields");
    private static final String SELF = ".";

    private ManagedFields() {
    }

    /** Records in {@code written} (which carries the previous entries) that {@code manager} changed {@code before} into it. */
    static void record(ObjectNode before, ObjectNode written, String manager, String apiVersion, String subresource,
            String time) {
        Map<List<String>, JsonNode> old = before == null ? Map.of() : leaves(before);
        Map<List<String>, JsonNode> now = leaves(written);
        Set<List<String>> changed = new LinkedHashSet<>();
        now.forEach((path, value) -> {
            if (!old.containsKey(path) || !Objects.equals(old.get(path), value)) {
                changed.add(path);
            }
        });
        ArrayNode entries = JsonNodeFactory.instance.arrayNode();
        boolean mine = false;
        for (JsonNode entry : written.path("metadata").path("managedFields")) {
            if (!entry.isObject()) {
                continue;
            }
            ObjectNode copy = ((ObjectNode) entry).deepCopy();
            Set<List<String>> fields = fromFieldsV1(copy.path("fieldsV1"));
            fields.retainAll(now.keySet());
            boolean same = manager.equals(copy.path("manager").asText()) && "Update".equals(copy.path("operation").asText())
                    && apiVersion.equals(copy.path("apiVersion").asText())
                    && Objects.equals(subresource, copy.path("subresource").asText(null));
            if (same) {
                mine = true;
                fields.addAll(changed);
                if (!changed.isEmpty()) {
                    copy.put("time", time);
                }
            } else {
                fields.removeAll(changed);
            }
            if (!fields.isEmpty()) {
                copy.set("fieldsV1", toFieldsV1(fields));
                entries.add(copy);
            }
        }
        if (!mine && !changed.isEmpty()) {
            ObjectNode entry = entries.addObject().put("manager", manager).put("operation", "Update").put("apiVersion", apiVersion)
                    .put("time", time).put("fieldsType", "FieldsV1");
            entry.set("fieldsV1", toFieldsV1(changed));
            if (subresource != null) {
                entry.put("subresource", subresource);
            }
        }
        ObjectNode metadata = (ObjectNode) written.get("metadata");
        if (entries.isEmpty()) {
            metadata.remove("managedFields");
        } else {
            metadata.set("managedFields", entries);
        }
    }

    /** Every owned path of an object (maps as themselves, {@code "."}, and their members; lists and scalars as leaves). */
    private static Map<List<String>, JsonNode> leaves(ObjectNode object) {
        Map<List<String>, JsonNode> paths = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.equals("apiVersion") || name.equals("kind")) {
                continue;
            }
            if (name.equals("metadata") && field.getValue() instanceof ObjectNode metadata) {
                ObjectNode owned = metadata.deepCopy();
                owned.remove(SERVER_METADATA);
                collect(List.of("f:metadata"), owned, paths, false);
            } else {
                collect(List.of("f:" + name), field.getValue(), paths, true);
            }
        }
        return paths;
    }

    private static void collect(List<String> path, JsonNode value, Map<List<String>, JsonNode> paths, boolean self) {
        if (value instanceof ObjectNode map && !map.isEmpty()) {
            if (self) {
                paths.put(append(path, SELF), JsonNodeFactory.instance.nullNode());
            }
            map.fields().forEachRemaining(e -> collect(append(path, "f:" + e.getKey()), e.getValue(), paths, true));
        } else if (!(value instanceof ObjectNode)) {
            paths.put(path, value);
        } else if (self) {
            paths.put(path, value);
        }
    }

    private static List<String> append(List<String> path, String element) {
        List<String> longer = new ArrayList<>(path);
        longer.add(element);
        return List.copyOf(longer);
    }

    private static ObjectNode toFieldsV1(Set<List<String>> fields) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (List<String> path : fields) {
            ObjectNode node = root;
            for (String element : path) {
                node = node.get(element) instanceof ObjectNode child ? child : node.putObject(element);
            }
        }
        return root;
    }

    private static Set<List<String>> fromFieldsV1(JsonNode fieldsV1) {
        Set<List<String>> fields = new LinkedHashSet<>();
        walk(List.of(), fieldsV1, fields);
        return fields;
    }

    private static void walk(List<String> path, JsonNode node, Set<List<String>> fields) {
        node.fields().forEachRemaining(e -> {
            List<String> child = append(path, e.getKey());
            if (e.getValue().isEmpty()) {
                fields.add(child);
            } else {
                walk(child, e.getValue(), fields);
            }
        });
    }
}
