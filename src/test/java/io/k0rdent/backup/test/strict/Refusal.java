package io.k0rdent.backup.test.strict;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.mockwebserver.http.MockResponse;

/** A request the strict server refuses, answered with the {@code Status} a real API server sends. */
final class Refusal extends RuntimeException {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final int code;
    private final ObjectNode status;

    private Refusal(int code, String reason, String message, ObjectNode details) {
        super(message, null, false, false);
        this.code = code;
        status = JSON.objectNode();
        status.put("kind", "Status").put("apiVersion", "v1").set("metadata", JSON.objectNode());
        status.put("status", "Failure").put("message", message);
        if (reason != null) {
            status.put("reason", reason);
        }
        if (details != null) {
            status.set("details", details);
        }
        status.put("code", code);
    }

    int code() {
        return code;
    }

    ObjectNode status() {
        return status;
    }

    MockResponse response() {
        return new MockResponse().setResponseCode(code).setBody(status.toString());
    }

    /** etcd's answer to a write over {@code --max-request-bytes}, passed on by the API server as an internal error. */
    static Refusal tooLarge() {
        return new Refusal(500, null, "etcdserver: request is too large", null);
    }

    static Refusal notFound(ApiPath target) {
        return new Refusal(404, "NotFound", target.qualifiedResource() + " \"" + target.name() + "\" not found",
                resourceDetails(target, target.name()));
    }

    static Refusal alreadyExists(ApiPath target, String name) {
        return new Refusal(409, "AlreadyExists", target.qualifiedResource() + " \"" + name + "\" already exists",
                resourceDetails(target, name));
    }

    static Refusal conflict(ApiPath target) {
        return new Refusal(409, "Conflict", "Operation cannot be fulfilled on " + target.qualifiedResource() + " \""
                + target.name() + "\": the object has been modified; please apply your changes to the latest version and try again",
                resourceDetails(target, target.name()));
    }

    /** A list's continue token whose snapshot is gone (older than etcd's compaction). */
    static Refusal expired() {
        return new Refusal(410, "Expired", "The provided continue parameter is too old to display a consistent list result. "
                + "You can start a new list without the continue parameter.", null);
    }

    static Refusal badRequest(String message) {
        return new Refusal(400, "BadRequest", message, null);
    }

    /** A patch that cannot be applied to the stored object (a JSON patch whose path is missing, say). */
    static Refusal invalidPatch(String why) {
        return new Refusal(422, "Invalid", "the server rejected our request due to an error in our request: " + why, null);
    }

    static Refusal unsupportedMediaType(String contentType) {
        return new Refusal(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types "
                + "include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", null);
    }

    /** 422 Invalid, the message listing every error as {@code Kind.group "name" is invalid: [a, b]} does. */
    static Refusal invalid(String group, String kind, String name, List<FieldError> errors) {
        String listed = errors.size() == 1 ? errors.get(0).toString()
                : errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
        String qualifiedKind = group.isEmpty() ? kind : kind + "." + group;
        ObjectNode details = JSON.objectNode().put("name", name);
        if (!group.isEmpty()) {
            details.put("group", group);
        }
        details.put("kind", kind);
        var causes = details.putArray("causes");
        errors.forEach(e -> causes.addObject().put("reason", e.type().cause()).put("message", e.body()).put("field", e.field()));
        return new Refusal(422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + listed, details);
    }

    private static ObjectNode resourceDetails(ApiPath target, String name) {
        ObjectNode details = JSON.objectNode().put("name", name);
        if (!target.isCore()) {
            details.put("group", target.group());
        }
        return details.put("kind", target.plural());
    }
}
