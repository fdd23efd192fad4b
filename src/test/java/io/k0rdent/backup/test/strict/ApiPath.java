package io.k0rdent.backup.test.strict;

import java.util.Arrays;
import java.util.List;

import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;

/** Where a request goes: group, version, namespace, resource, name and subresource, read off the URL as the API server routes it. */
record ApiPath(String group, String version, String namespace, String plural, String name, String subresource) {

    /** The path parsed, or {@code null} when it names no resource (discovery, {@code /version}, ...). */
    static ApiPath parse(String rawPath) {
        int query = rawPath.indexOf('?');
        String path = query < 0 ? rawPath : rawPath.substring(0, query);
        String[] segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        String group;
        int rest;
        if (segments.length >= 3 && segments[0].equals("api")) {
            group = "";
            rest = 2;
        } else if (segments.length >= 4 && segments[0].equals("apis")) {
            group = segments[1];
            rest = 3;
        } else {
            return null;
        }
        String version = segments[rest - 1];
        String namespace = null;
        int left = segments.length - rest;
        // namespaces/NAME/status names the namespace's own subresource, not a resource called "status"
        if (left >= 3 && segments[rest].equals("namespaces")
                && !(left == 3 && (segments[rest + 2].equals("status") || segments[rest + 2].equals("finalize")))) {
            namespace = segments[rest + 1];
            rest += 2;
            left -= 2;
        }
        if (left < 1 || left > 3) {
            return null;
        }
        return new ApiPath(group, version, namespace, segments[rest], left > 1 ? segments[rest + 1] : null,
                left > 2 ? segments[rest + 2] : null);
    }

    /** {@code request} with its query replaced by {@code parameters}: what the mock is asked in its place. */
    static RecordedRequest withParameters(RecordedRequest request, List<String> parameters) {
        String path = request.getPath();
        int query = path.indexOf('?');
        String passedOn = (query < 0 ? path : path.substring(0, query))
                + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
        return new RecordedRequest(request.getHttpVersion(), request.method(), passedOn, request.getHeaders(), new Buffer());
    }

    boolean isStatus() {
        return "status".equals(subresource);
    }

    boolean isCore() {
        return group.isEmpty();
    }

    String apiVersion() {
        return isCore() ? version : group + "/" + version;
    }

    /** {@code backups.velero.io}, or {@code configmaps} for the core group: how the server names the resource in messages. */
    String qualifiedResource() {
        return isCore() ? plural : plural + "." + group;
    }

    /** The collection's URL: where objects of this resource in this namespace are created. */
    String collectionPath() {
        String prefix = isCore() ? "/api/" + version : "/apis/" + group + "/" + version;
        return prefix + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
    }

    /** The object's own URL, without subresource. */
    String objectPath() {
        return collectionPath() + "/" + name;
    }

    ApiPath named(String newName) {
        return new ApiPath(group, version, namespace, plural, newName, subresource);
    }
}
