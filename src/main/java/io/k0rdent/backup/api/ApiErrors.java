package io.k0rdent.backup.api;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Failures of API requests in words for a status, an event or a log line: each thing said once. */
public final class ApiErrors {

    private ApiErrors() {
    }

    /**
     * The API server's answer in one line, its code and message ({@code 422 Backup.velero.io "x" is invalid: ...}),
     * without the request and the Status object the Kubernetes client adds to its message, which repeat it; a failure
     * without an answer (connection refused, a timeout) in its own first line.
     */
    public static String concise(Throwable e) {
        // the framework may wrap the client's exception, naming it in its own message
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException k && answer(k) != null) {
                return k.getCode() + " " + answer(k).lines().findFirst().orElse("");
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** The message of the API server's answer, whole; null when the request got none. */
    public static String answer(KubernetesClientException e) {
        Status status = e.getStatus();
        return status == null || status.getMessage() == null || status.getMessage().isBlank() ? null : status.getMessage();
    }
}
