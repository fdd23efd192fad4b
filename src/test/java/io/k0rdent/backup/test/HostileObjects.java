package io.k0rdent.backup.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Objects that a kind's real CRD schema lets the API server store, chosen to be hostile to a Java model: integers at and
 * past the edges of {@code int} and {@code long} (where the schema has no bound), integral floats past {@code long}, long
 * and non-ASCII strings, nulls where the schema allows them, empty and full lists, and, as a newer version of the kind
 * would bring, unknown fields and enum values the schema does not list (with {@link #newerVersion}). Seeded: a failing
 * case is found again from its seed.
 */
public final class HostileObjects {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Integers that break a narrower model, besides the schema's own bounds. */
    private static final List<JsonNode> INTEGERS = List.of(JSON.numberNode(0), JSON.numberNode(1), JSON.numberNode(-1),
            JSON.numberNode(Integer.MAX_VALUE), JSON.numberNode(Integer.MAX_VALUE + 1L), JSON.numberNode(Integer.MIN_VALUE),
            JSON.numberNode(Integer.MIN_VALUE - 1L), JSON.numberNode(1_099_511_627_776L), JSON.numberNode(9_007_199_254_740_993L),
            JSON.numberNode(Long.MAX_VALUE), JSON.numberNode(Long.MIN_VALUE),
            JSON.numberNode(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE)),
            JSON.numberNode(BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE)),
            // past int64, the API server keeps a number as a float64 and, being integral, accepts it as an integer; it
            // writes it back without a fraction below 1e21 and in exponent form above
            JSON.numberNode(new BigInteger("100000000000000000000")), JSON.numberNode(-1e30));
    private static final List<String> STRINGS = List.of("", "a", "kcm", "é漢字🙂", "line\nbreak", "\u0000nul", "-",
            "2026-12-03T12:00:00Z", "720h", "@every 1h", "0 */6 * * *", "1099511627776", "null", "true", "{}", "[]");
    private static final String[] UNKNOWN = { "futureField", "x", "addedInV2", "spec", "status", "metadata", "items" };

    private final Random random;
    private final boolean newerVersion;
    private final int maxDepth;

    /**
     * @param newerVersion also unknown fields and unlisted enum values, as objects of a newer version of the kind are
     * read by this model (an API server with the current schema prunes the fields and refuses the values)
     */
    public HostileObjects(long seed, boolean newerVersion) {
        this(new Random(seed), newerVersion, 8);
    }

    private HostileObjects(Random random, boolean newerVersion, int maxDepth) {
        this.random = random;
        this.newerVersion = newerVersion;
        this.maxDepth = maxDepth;
    }

    /** A whole object of the version's schema: {@code apiVersion}, {@code kind}, {@code metadata.name} set as given. */
    public ObjectNode object(JsonNode openApiV3Schema, String apiVersion, String kind, String name, String namespace) {
        ObjectNode object = JSON.objectNode();
        JsonNode properties = openApiV3Schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!List.of("apiVersion", "kind", "metadata").contains(field.getKey()) && random.nextInt(10) < 9) {
                object.set(field.getKey(), value(field.getValue(), 1));
            }
        }
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        metadata.put("resourceVersion", String.valueOf(1 + random.nextInt(1_000_000)));
        metadata.put("generation", 1 + random.nextInt(1_000));
        if (newerVersion && random.nextBoolean()) {
            object.put("futureTopLevelField", "x");
        }
        return object;
    }

    /** A value the schema allows. */
    public JsonNode value(JsonNode schema, int depth) {
        if (schema.path("nullable").asBoolean(false) && random.nextInt(8) == 0) {
            return JSON.nullNode();
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return random.nextBoolean() ? integer(schema) : string(schema);
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && allowed.isArray() && !allowed.isEmpty()) {
            if (newerVersion && random.nextInt(4) == 0) {
                return JSON.textNode("ValueOfANewerVersion");
            }
            return allowed.get(random.nextInt(allowed.size()));
        }
        String type = schema.path("type").asText("");
        if (type.isEmpty()) {
            type = schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
        }
        return switch (type) {
            case "integer" -> integer(schema);
            case "number" -> random.nextBoolean() ? integer(schema) : JSON.numberNode(random.nextDouble() * 1e6);
            case "boolean" -> JSON.booleanNode(random.nextBoolean());
            case "array" -> array(schema, depth);
            case "object" -> object(schema, depth);
            default -> string(schema);
        };
    }

    private JsonNode integer(JsonNode schema) {
        List<JsonNode> candidates = new ArrayList<>(INTEGERS);
        if (schema.has("minimum")) {
            candidates.add(JSON.numberNode(schema.get("minimum").asLong()));
        }
        if (schema.has("maximum")) {
            candidates.add(JSON.numberNode(schema.get("maximum").asLong()));
        }
        candidates.removeIf(n -> schema.has("minimum") && n.asDouble() < schema.get("minimum").asDouble()
                || schema.has("maximum") && n.asDouble() > schema.get("maximum").asDouble());
        return candidates.get(random.nextInt(candidates.size()));
    }

    private JsonNode string(JsonNode schema) {
        String pattern = schema.path("pattern").asText(null);
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        int min = schema.path("minLength").asInt(0);
        List<String> candidates = new ArrayList<>(STRINGS);
        candidates.add("x".repeat(Math.min(max, 10_000)));
        candidates.add("ü".repeat(Math.min(max, 300)));
        if ("date-time".equals(schema.path("format").asText())) {
            candidates = new ArrayList<>(List.of("2026-12-03T12:00:00Z", "2026-12-03T12:00:00.123456789+05:30",
                    "1970-01-01T00:00:00Z"));
        }
        candidates.removeIf(s -> s.codePointCount(0, s.length()) > max || s.codePointCount(0, s.length()) < min
                || pattern != null && !Pattern.compile(pattern).matcher(s).find());
        if (candidates.isEmpty()) {
            // a pattern none of the candidates meets: a short lowercase word usually does (names, durations are rare)
            return JSON.textNode("a".repeat(Math.max(min, 1)));
        }
        return JSON.textNode(candidates.get(random.nextInt(candidates.size())));
    }

    private JsonNode array(JsonNode schema, int depth) {
        ArrayNode array = JSON.arrayNode();
        int min = schema.path("minItems").asInt(0);
        int max = Math.min(schema.path("maxItems").asInt(4), 4);
        int count = depth >= maxDepth ? min : min + random.nextInt(Math.max(1, max - min + 1));
        JsonNode items = schema.path("items");
        for (int i = 0; i < count; i++) {
            array.add(items.isMissingNode() ? JSON.textNode("item") : value(items, depth + 1));
        }
        return array;
    }

    private JsonNode object(JsonNode schema, int depth) {
        ObjectNode object = JSON.objectNode();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (required.contains(field.getKey()) || depth < maxDepth && random.nextInt(10) < 7) {
                object.set(field.getKey(), value(field.getValue(), depth + 1));
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && additional.isObject() && depth < maxDepth) {
            for (int i = random.nextInt(3); i > 0; i--) {
                object.set("key-" + random.nextInt(1_000), value(additional, depth + 1));
            }
        }
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if ((preserve || newerVersion) && depth < maxDepth && random.nextInt(3) == 0) {
            ObjectNode junk = object.putObject(UNKNOWN[random.nextInt(UNKNOWN.length)] + "Extra");
            junk.set("n", integer(JSON.objectNode()));
            junk.put("s", STRINGS.get(random.nextInt(STRINGS.size())));
        }
        return object;
    }

    /**
     * {@code schema} (changed in place) as this project's CRDs were before their integers had bounds: without
     * {@code minimum} and {@code maximum}.
     */
    public static JsonNode withoutBounds(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            object.remove(List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"));
        }
        schema.forEach(HostileObjects::withoutBounds);
        return schema;
    }

    /** The object as a user sends it to be created: without what the API server sets. */
    public static ObjectNode toCreate(ObjectNode object) {
        ObjectNode metadata = (ObjectNode) object.get("metadata");
        metadata.remove(List.of("resourceVersion", "generation"));
        return object;
    }

    /** The schema of {@code version} in the CRD at {@code path} (a file of the project or a resource under /crds). */
    public static JsonNode schema(String crd, String version) {
        JsonNode root = read(crd);
        for (JsonNode v : root.path("spec").path("versions")) {
            if (version.equals(v.path("name").asText())) {
                return v.path("schema").path("openAPIV3Schema");
            }
        }
        throw new IllegalArgumentException("no version " + version + " in " + crd);
    }

    /** The CRD at {@code path}: a file (the generated ones under target/kubernetes) or a test resource under /crds. */
    public static JsonNode read(String path) {
        try {
            Path file = Path.of(path);
            if (Files.exists(file)) {
                return new YAMLMapper().readTree(Files.readString(file));
            }
            try (InputStream in = HostileObjects.class.getResourceAsStream("/crds/" + path)) {
                if (in == null) {
                    throw new IllegalArgumentException("no CRD " + path);
                }
                return new YAMLMapper().readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
