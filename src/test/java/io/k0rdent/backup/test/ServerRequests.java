package io.k0rdent.backup.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The requests the mock API server received, from every client: what the operator under test asked of it. Unlike
 * {@link RecordedRequests}, which records one client of our own, this sees the injected client's requests too.
 */
public final class ServerRequests {

    /** One request: method and path with its query. */
    public record Request(String method, String path) {
        public boolean isList(String plural) {
            return "GET".equals(method) && path.split("\\?")[0].endsWith("/" + plural) && !path.contains("watch=true");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final KubernetesMockServer server;
    private final List<Request> seen = new ArrayList<>();

    public ServerRequests(KubernetesMockServer server) {
        this.server = server;
        // what came before (an earlier test's requests) is not this one's
        drain();
        seen.clear();
    }

    /** Every request received since this was created. */
    public synchronized List<Request> all() {
        drain();
        return List.copyOf(seen);
    }

    /** The creates (POST) of objects whose path ends in {@code /plural}. */
    public List<Request> creates(String plural) {
        return all().stream().filter(r -> "POST".equals(r.method()) && r.path().split("\\?")[0].endsWith("/" + plural)).toList();
    }

    /** The list calls (not watches, not gets of one object) of {@code plural}. */
    public List<Request> lists(String plural) {
        return all().stream().filter(r -> r.isList(plural)).toList();
    }

    private void drain() {
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
                seen.add(new Request(request.getMethod(), request.getPath()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
