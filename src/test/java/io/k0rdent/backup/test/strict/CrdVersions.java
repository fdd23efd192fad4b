package io.k0rdent.backup.test.strict;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** What the strict server needs of a CustomResourceDefinition: per served version, its schema and whether it has {@code /status}. */
final class CrdVersions {

    static final CrdVersions NONE = new CrdVersions("", Map.of());

    /** One served version of the CRD. */
    record Served(String kind, StructuralSchema schema, boolean hasStatus) {
    }

    private final Map<String, Served> versions;

    private CrdVersions(String kind, Map<String, Served> versions) {
        this.versions = versions;
    }

    static CrdVersions of(JsonNode crd) {
        String kind = crd.path("spec").path("names").path("kind").asText();
        Map<String, Served> served = new HashMap<>();
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (version.path("served").asBoolean(true)) {
                // "subresources: {}" declares none: only a "status" key installs the endpoint
                served.put(version.path("name").asText(), new Served(kind,
                        new StructuralSchema(version.path("schema").path("openAPIV3Schema")),
                        version.path("subresources").has("status")));
            }
        }
        return new CrdVersions(kind, served);
    }

    /** The version, or {@code null} when it is not a served version of a known CRD. */
    Served served(String version) {
        return versions.get(version);
    }
}
