package io.k0rdent.backup.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests to the Kubernetes API counted by kind: the verb as the API server names it (get, list, watch, create,
 * update, patch, delete) and the resource with its subresource, e.g. {@code create backups} or
 * {@code update managementbackups/status}.
 */
final class ApiRequests {

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts one request by its HTTP method and request URI (path and query). */
    void count(String method, String uri) {
        add(kind(method, uri), 1);
    }

    void add(String kind, long n) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).add(n);
    }

    /** The counts now, by kind. */
    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((kind, n) -> copy.put(kind, n.sum()));
        return copy;
    }

    /** {@code later - earlier}, by kind, leaving out kinds that did not change. */
    static Map<String, Long> difference(Map<String, Long> later, Map<String, Long> earlier) {
        Map<String, Long> result = new TreeMap<>();
        later.forEach((kind, n) -> {
            long d = n - earlier.getOrDefault(kind, 0L);
            if (d != 0) {
                result.put(kind, d);
            }
        });
        return result;
    }

    /** How many of {@code counts} are writes: creates, updates, patches and deletes. */
    static long writes(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getKey().matches("(create|update|patch|delete) .*"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /**
     * The kind of a request: its verb and resource. Paths are {@code /api/v1/...} or {@code /apis/GROUP/VERSION/...},
     * optionally {@code namespaces/NS/}, then the resource, a name and a subresource; anything else is "other".
     */
    static String kind(String method, String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        boolean watch = q >= 0 && uri.substring(q).contains("watch=true");
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        int i;
        if (parts.length >= 2 && parts[0].equals("api")) {
            i = 2;
        } else if (parts.length >= 3 && parts[0].equals("apis")) {
            i = 3;
        } else {
            return method + " other";
        }
        if (parts.length <= i) {
            return "get discovery";
        }
        if (parts[i].equals("namespaces") && parts.length > i + 2) {
            i += 2;
        }
        String resource = parts[i];
        boolean named = parts.length > i + 1;
        String sub = parts.length > i + 2 ? "/" + parts[i + 2] : "";
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        return verb + " " + resource + sub;
    }

    /**
     * The API server's own count of the requests it served, from its {@code apiserver_request_total} metric (the
     * text of {@code /metrics}), by the same kinds as {@link #kind}.
     */
    static Map<String, Long> fromServerMetrics(String metrics) {
        Map<String, Long> result = new TreeMap<>();
        for (String line : metrics.lines().toList()) {
            if (!line.startsWith("apiserver_request_total{")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            Map<String, String> labels = new TreeMap<>();
            Matcher m = LABEL.matcher(line.substring(0, close));
            while (m.find()) {
                labels.put(m.group(1), m.group(2));
            }
            String resource = labels.getOrDefault("resource", "");
            if (resource.isEmpty()) {
                continue;
            }
            String sub = labels.getOrDefault("subresource", "");
            String verb = switch (labels.getOrDefault("verb", "")) {
                case "POST" -> "create";
                case "PUT" -> "update";
                default -> labels.getOrDefault("verb", "").toLowerCase(java.util.Locale.ROOT);
            };
            long n = (long) Double.parseDouble(line.substring(close + 1).trim().split("\\s+")[0]);
            result.merge(verb + " " + resource + (sub.isEmpty() ? "" : "/" + sub), n, Long::sum);
        }
        return result;
    }
}
