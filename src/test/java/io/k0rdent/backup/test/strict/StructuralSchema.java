package io.k0rdent.backup.test.strict;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A CRD version's OpenAPI v3 schema applied as the API server applies it to a custom object: unknown fields pruned, nulls of
 * fields that are not nullable dropped, then types, {@code required}, {@code enum}, {@code pattern}, lengths, bounds and item
 * counts checked. CEL rules ({@code x-kubernetes-validations}), {@code format}, {@code default}s and list-type uniqueness are
 * not modelled.
 */
final class StructuralSchema {

    /** What ObjectMeta can hold: anything else under a root or embedded {@code metadata} is dropped on decoding. */
    private static final Set<String> OBJECT_META = Set.of("name", "generateName", "namespace", "selfLink", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels",
            "annotations", "ownerReferences", "finalizers", "managedFields");
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private final JsonNode root;

    StructuralSchema(JsonNode openApiV3Schema) {
        this.root = openApiV3Schema;
    }

    /** Prunes {@code object} in place and returns what is wrong with what is left. */
    List<FieldError> apply(ObjectNode object) {
        List<FieldError> errors = new ArrayList<>();
        pruneMetadata(object);
        visitObject(root, object, "", true, errors);
        if (!errors.isEmpty() && hasCelRules(root)) {
            // the server does not run CEL on an object that failed the schema, and says so
            errors.add(new FieldError("<nil>", FieldError.Type.INVALID, "\"null\"", "some validation rules were not checked "
                    + "because the object was invalid; correct the existing errors to complete validation"));
        }
        return errors;
    }

    private void visit(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
        if (schema == null || value == null) {
            return;
        }
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                errors.add(FieldError.typeInvalid(path, "null", path + " in body must be of type " + typeOf(schema) + ": \"null\""));
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isTextual() && !isInteger(value)) {
                errors.add(FieldError.typeInvalid(path, actualType(value), path + " in body must be of type integer or string: \""
                        + actualType(value) + "\""));
            }
            return;
        }
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !matches(type, value)) {
            errors.add(FieldError.typeInvalid(path, actualType(value),
                    path + " in body must be of type " + type + ": \"" + actualType(value) + "\""));
            return;
        }
        checkEnum(schema, value, path, errors);
        if (value.isTextual()) {
            checkString(schema, value, path, errors);
        } else if (value.isNumber()) {
            checkNumber(schema, value, path, errors);
        } else if (value.isArray()) {
            checkArray(schema, (ArrayNode) value, path, errors);
        } else if (value.isObject()) {
            visitObject(schema, (ObjectNode) value, path, false, errors);
        }
    }

    private void visitObject(JsonNode schema, ObjectNode object, String path, boolean isRoot, List<FieldError> errors) {
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
        if (embedded && object.get("metadata") instanceof ObjectNode) {
            pruneMetadata(object);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            String fieldPath = path.isEmpty() ? name : path + "." + name;
            boolean kept = (isRoot || embedded) && (name.equals("apiVersion") || name.equals("kind") || name.equals("metadata"));
            JsonNode fieldSchema = properties.get(name);
            if (fieldSchema == null && additional != null && additional.isObject()) {
                fieldSchema = additional;
            }
            if (fieldSchema == null) {
                if (!kept && !preserve && !(additional != null && additional.asBoolean(false))) {
                    it.remove();
                }
                continue;
            }
            if (field.getValue().isNull() && !fieldSchema.path("nullable").asBoolean(false)) {
                it.remove();
                continue;
            }
            if (!(kept && name.equals("metadata"))) {
                visit(fieldSchema, field.getValue(), fieldPath, errors);
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!object.has(required.asText())) {
                errors.add(FieldError.required(path.isEmpty() ? required.asText() : path + "." + required.asText()));
            }
        }
        int count = object.size();
        if (schema.has("maxProperties") && count > schema.get("maxProperties").asInt()) {
            errors.add(new FieldError(path, FieldError.Type.TOO_MANY, String.valueOf(count),
                    "must have at most " + schema.get("maxProperties").asInt() + " items"));
        }
        if (schema.has("minProperties") && count < schema.get("minProperties").asInt()) {
            errors.add(new FieldError(path, FieldError.Type.INVALID, String.valueOf(count),
                    path + " in body should have at least " + schema.get("minProperties").asInt() + " properties"));
        }
    }

    private void checkEnum(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
        JsonNode allowed = schema.get("enum");
        if (allowed == null || !allowed.isArray()) {
            return;
        }
        boolean found = StreamSupport.stream(allowed.spliterator(), false).anyMatch(a -> sameValue(a, value));
        if (!found) {
            String supported = StreamSupport.stream(allowed.spliterator(), false).map(FieldError::quoted)
                    .collect(Collectors.joining(", "));
            errors.add(new FieldError(path, FieldError.Type.NOT_SUPPORTED, FieldError.quoted(value), "supported values: " + supported));
        }
    }

    private void checkString(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
        String s = value.asText();
        int length = s.codePointCount(0, s.length());
        if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
            errors.add(new FieldError(path, FieldError.Type.TOO_LONG, null,
                    "may not be longer than " + schema.get("maxLength").asInt()));
        }
        if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
            errors.add(FieldError.invalid(path, value,
                    path + " in body should be at least " + schema.get("minLength").asInt() + " chars long"));
        }
        if (schema.has("pattern")) {
            String pattern = schema.get("pattern").asText();
            if (!PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(s).find()) {
                errors.add(FieldError.invalid(path, value, path + " in body should match '" + pattern + "'"));
            }
        }
    }

    private void checkNumber(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
        double v = value.asDouble();
        if (schema.has("minimum")) {
            double min = schema.get("minimum").asDouble();
            boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
            if (exclusive ? v <= min : v < min) {
                errors.add(FieldError.invalid(path, value, path + " in body should be greater than " + (exclusive ? "" : "or equal to ")
                        + number(schema.get("minimum"))));
            }
        }
        if (schema.has("maximum")) {
            double max = schema.get("maximum").asDouble();
            boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
            if (exclusive ? v >= max : v > max) {
                errors.add(FieldError.invalid(path, value, path + " in body should be less than " + (exclusive ? "" : "or equal to ")
                        + number(schema.get("maximum"))));
            }
        }
    }

    private void checkArray(JsonNode schema, ArrayNode array, String path, List<FieldError> errors) {
        if (schema.has("maxItems") && array.size() > schema.get("maxItems").asInt()) {
            errors.add(new FieldError(path, FieldError.Type.TOO_MANY, String.valueOf(array.size()),
                    "must have at most " + schema.get("maxItems").asInt() + " items"));
        }
        if (schema.has("minItems") && array.size() < schema.get("minItems").asInt()) {
            errors.add(new FieldError(path, FieldError.Type.INVALID, String.valueOf(array.size()),
                    path + " in body should have at least " + schema.get("minItems").asInt() + " items"));
        }
        JsonNode items = schema.get("items");
        for (int i = 0; items != null && i < array.size(); i++) {
            visit(items, array.get(i), path + "[" + i + "]", errors);
        }
    }

    private static void pruneMetadata(ObjectNode object) {
        if (object.get("metadata") instanceof ObjectNode metadata) {
            metadata.retain(OBJECT_META);
        }
    }

    /** Go's {@code %v} of a float64 bound: {@code 1}, not {@code 1.0}. */
    private static String number(JsonNode bound) {
        double v = bound.asDouble();
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static boolean hasCelRules(JsonNode schema) {
        if (schema.has("x-kubernetes-validations")) {
            return true;
        }
        for (JsonNode child : schema) {
            if (child.isContainerNode() && hasCelRules(child)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String type, JsonNode value) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> isInteger(value);
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> true;
        };
    }

    /** Go decodes JSON numbers as float64 and accepts {@code 2.0} as an integer. */
    private static boolean isInteger(JsonNode value) {
        return value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
    }

    private static String actualType(JsonNode value) {
        if (value.isTextual()) {
            return "string";
        }
        if (value.isNumber()) {
            return isInteger(value) ? "integer" : "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isArray() ? "array" : value.isObject() ? "object" : "null";
    }

    private static String typeOf(JsonNode schema) {
        return schema.path("type").asText("object");
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber() ? a.asDouble() == b.asDouble() : a.equals(b);
    }
}
