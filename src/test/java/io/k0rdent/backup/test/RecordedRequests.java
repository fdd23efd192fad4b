package io.k0rdent.backup.test;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.k0rdent.backup.config.TolerantReading;
import io.k0rdent.backup.config.UnreadFields;

/** Every request one Kubernetes client sends, in order: what an operator instance did to the API server. */
public final class RecordedRequests implements Interceptor {

    /** Orders requests across all recorders of the JVM, so that two clients' requests can be compared in time. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** One request: HTTP method and URI (path and query), and its place in the order of all recorded requests. */
    public record Request(long sequence, String method, URI uri) {
        public boolean isWrite() {
            return !"GET".equals(method);
        }

        @Override
        public String toString() {
            return method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    /** A client for {@code config} whose requests are recorded here. */
    public KubernetesClient client(Config config) {
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("record-requests", this))
                .build();
    }

    /**
     * As {@link #client}, reading objects as the operator's own client does ({@code UnreadFields}, {@code TolerantReading}):
     * for an operator run outside Quarkus.
     */
    public KubernetesClient operatorClient(Config config) {
        ObjectMapper mapper = new ObjectMapper();
        new UnreadFields().customize(mapper);
        TolerantReading.install(mapper, (object, problems) -> {
        });
        return new KubernetesClientBuilder().withConfig(config)
                .withKubernetesSerialization(new KubernetesSerialization(mapper, true))
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("record-requests", this))
                .build();
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        requests.add(new Request(SEQUENCE.incrementAndGet(), request.method(), request.uri()));
    }

    public List<Request> all() {
        return List.copyOf(requests);
    }

    public List<Request> writes() {
        return requests.stream().filter(Request::isWrite).toList();
    }

    /** Marks a point in time: requests recorded after it are {@code since(mark)}. */
    public int mark() {
        return requests.size();
    }

    public List<Request> since(int mark) {
        return List.copyOf(requests.subList(mark, requests.size()));
    }
}
