package io.k0rdent.backup.chart;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The permissions the chart's ClusterRole and Role grant, and the request attributes the API server would authorize a
 * request with: enough of Kubernetes RBAC to tell whether the operator's recorded requests would be allowed.
 */
public final class RbacRules {

    /** What RBAC authorizes: verb, API group, resource (with "/subresource"), namespace (null when cluster-wide). */
    public record Attributes(String verb, String group, String resource, String namespace) {
    }

    private record Rule(List<String> groups, List<String> resources, List<String> verbs, String namespace) {
        boolean allows(Attributes a) {
            return matches(groups, a.group()) && matches(resources, a.resource()) && matches(verbs, a.verb())
                    && (namespace == null || namespace.equals(a.namespace()));
        }

        private static boolean matches(List<String> values, String value) {
            return values.contains("*") || values.contains(value);
        }
    }

    /** Granted by Kubernetes' default roles to every authenticated user: self reviews. */
    private static final Set<String> EVERYONE = Set.of("selfsubjectrulesreviews", "selfsubjectaccessreviews");

    private final List<Rule> rules;

    private RbacRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules of the chart's ClusterRoles (everywhere) and Roles (in their namespace). */
    public static RbacRules of(Chart chart) {
        List<Rule> rules = new ArrayList<>();
        for (String kind : List.of("ClusterRole", "Role")) {
            for (Map<String, Object> role : chart.all(kind)) {
                String namespace = kind.equals("Role") ? Chart.at(role, "metadata.namespace") : null;
                List<Map<String, Object>> roleRules = Chart.at(role, "rules");
                for (Map<String, Object> rule : roleRules) {
                    rules.add(new Rule(list(rule.get("apiGroups")), list(rule.get("resources")), list(rule.get("verbs")),
                            namespace));
                }
            }
        }
        return new RbacRules(rules);
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }

    public boolean allows(Attributes attributes) {
        return EVERYONE.contains(attributes.resource()) || rules.stream().anyMatch(r -> r.allows(attributes));
    }

    /**
     * The verbs granted on {@code resource} of {@code group}, by namespace ({@code "*"} for cluster-wide grants), sorted:
     * to assert that a permission is granted exactly where it is needed.
     */
    public Map<String, Set<String>> grants(String group, String resource) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (Rule rule : rules) {
            if (Rule.matches(rule.groups(), group) && Rule.matches(rule.resources(), resource)) {
                grants.computeIfAbsent(rule.namespace() == null ? "*" : rule.namespace(), n -> new TreeSet<>())
                        .addAll(rule.verbs());
            }
        }
        return grants;
    }

    /** All verbs granted on a resource anywhere, e.g. to assert that nothing grants Secrets. */
    public boolean mentions(String resource) {
        return rules.stream().anyMatch(r -> r.resources().contains(resource) || r.resources().contains("*"));
    }

    /**
     * The attributes of a request, as the API server derives them from method and URL; empty for non-resource URLs
     * (discovery: {@code /api}, {@code /apis/GROUP/VERSION}), which Kubernetes' default roles grant to everyone.
     */
    public static Optional<Attributes> attributes(String method, URI uri) {
        String[] parts = uri.getPath().replaceAll("^/|/$", "").split("/");
        int i;
        String group;
        if (parts.length >= 2 && parts[0].equals("api")) {
            group = "";
            i = 2;
        } else if (parts.length >= 3 && parts[0].equals("apis")) {
            group = parts[1];
            i = 3;
        } else {
            return Optional.empty();
        }
        if (parts.length <= i) {
            return Optional.empty();
        }
        String namespace = null;
        if (parts[i].equals("namespaces") && parts.length > i + 2) {
            namespace = parts[i + 1];
            i += 2;
        }
        String resource = parts[i];
        String name = parts.length > i + 1 ? parts[i + 1] : null;
        String subresource = parts.length > i + 2 ? parts[i + 2] : null;
        boolean watch = uri.getQuery() != null && uri.getQuery().contains("watch=true");
        String verb = switch (method) {
            case "GET" -> name != null ? "get" : watch ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("unexpected method " + method);
        };
        return Optional.of(new Attributes(verb, group, subresource == null ? resource : resource + "/" + subresource,
                namespace));
    }
}
