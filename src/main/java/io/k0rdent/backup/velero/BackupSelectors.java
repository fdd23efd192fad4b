package io.k0rdent.backup.velero;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.k0rdent.backup.api.KubernetesNames;
import io.k0rdent.backup.api.Labels;
import io.k0rdent.backup.kcm.KcmInventory.ClusterInUse;

/**
 * Which objects a management backup contains, as Velero {@code orLabelSelectors}: the objects kcm selects with one
 * single-label selector per label value, selected with a number of selectors that does not grow with the fleet.
 * <p>
 * The fixed labels are {@code matchLabels} selectors; the values of each other label key (cluster names, Helm release
 * names, providers) go into {@code matchExpressions In} selectors, sorted and cut into chunks whose list-request query
 * stays under {@link #MAX_SELECTOR_QUERY_BYTES}. When the values of all keys together would take more than
 * {@link #EXACT_VALUES_BUDGET_BYTES} of the Backup, the key with the most bytes is selected by {@code Exists} instead, and
 * so on until the rest fits: a superset of kcm's selection, never a Backup too large to store.
 */
public final class BackupSelectors {

    static final String CLUSTER_NAME = "cluster.x-k8s.io/cluster-name";
    static final String HELM_RELEASE_NAME = "helm.toolkit.fluxcd.io/name";
    static final String PROVIDER = "cluster.x-k8s.io/provider";

    /** Label pairs every backup selects, whatever is deployed. */
    static final List<Map.Entry<String, String>> FIXED = List.of(
            Map.entry(Labels.COMPONENT, Labels.COMPONENT_KCM),
            Map.entry("controller.cert-manager.io/fao", "true"),
            Map.entry(PROVIDER, "cluster-api"));

    /**
     * Longest {@code labelSelector=} query value (URL-encoded, as client-go sends it) of one selector. Velero lists every
     * resource type once per selector with {@code metav1.FormatLabelSelector(selector)} as the label selector, on every
     * page. kube-apiserver's HTTP server refuses a request whose request line and headers pass {@code MaxHeaderBytes}
     * (1 MiB, {@code 1 << 20}; for HTTP/2 the same bound is the header list size) and the label selector parser has no
     * bound of its own; an Envoy in front of an API server refuses headers over 60 KiB by default. 32 KiB is a thirty-second
     * of the API server's bound and about half of Envoy's.
     */
    public static final int MAX_SELECTOR_QUERY_BYTES = 32 * 1024;

    /**
     * Most bytes the label values of an exact selection may take in the Backup's JSON. etcd refuses a write over 1.5 MiB
     * ({@code --max-request-bytes}), and Velero rewrites the whole Backup with its status as the backup runs; 768 KiB of
     * values keeps the Backup under 1 MiB with everything else on it. With names like
     * {@code prod-eu-west-00001-aws-standalone} (36 bytes each, twice: cluster name and Helm release) that is exact up to
     * 10,920 ClusterDeployments; the most selectors it can take is 30 (3 fixed, 24 full chunks, 3 part-filled).
     */
    public static final int EXACT_VALUES_BUDGET_BYTES = 768 * 1024;

    /** Each JSON value costs its quotes and comma; in the query each separator is an encoded comma ({@code %2C}). */
    private static final int PER_VALUE_OVERHEAD = 3;
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    /**
     * The selectors of one backup and whether they select exactly what kcm's would.
     *
     * @param supersetKeys the label keys selected by {@code Exists} because their values did not fit, sorted
     * @param valueBytes the bytes the label values of all keys would take in an exact selection
     */
    public record Selection(List<LabelSelector> selectors, boolean exact, List<String> supersetKeys, int clusters,
            long valueBytes, String message) {
    }

    private BackupSelectors() {
    }

    public static Selection of(Collection<ClusterInUse> clusters) {
        return of(clusters, EXACT_VALUES_BUDGET_BYTES, MAX_SELECTOR_QUERY_BYTES);
    }

    /** As {@link #of(Collection)} with other bounds, so that tests reach them with small fleets. */
    static Selection of(Collection<ClusterInUse> clusters, long valuesBudget, int maxQueryBytes) {
        SortedMap<String, SortedSet<String>> values = values(clusters);
        SortedMap<String, Long> bytes = new TreeMap<>();
        values.forEach((key, set) -> bytes.put(key, set.stream().mapToLong(v -> utf8Length(v) + PER_VALUE_OVERHEAD).sum()));
        long total = bytes.values().stream().mapToLong(Long::longValue).sum();

        // the key taking most room falls back first, so as few keys as possible lose their exactness
        TreeSet<String> superset = new TreeSet<>();
        long remaining = total;
        while (remaining > valuesBudget) {
            String largest = null;
            for (Map.Entry<String, Long> key : bytes.entrySet()) {
                if (!superset.contains(key.getKey()) && (largest == null || key.getValue() > bytes.get(largest))) {
                    largest = key.getKey();
                }
            }
            superset.add(largest);
            remaining -= bytes.get(largest);
        }

        List<LabelSelector> selectors = new ArrayList<>();
        FIXED.stream().sorted(Map.Entry.comparingByKey())
                .forEach(l -> selectors.add(new LabelSelectorBuilder().addToMatchLabels(l.getKey(), l.getValue()).build()));
        values.forEach((key, set) -> {
            if (superset.contains(key)) {
                selectors.add(expression(key, "Exists", null));
            } else {
                chunks(key, set, maxQueryBytes).forEach(chunk -> selectors.add(expression(key, "In", chunk)));
            }
        });
        boolean exact = superset.isEmpty();
        String message = exact
                ? String.format(Locale.ROOT, "selects exactly the objects kcm selects: %d ClusterDeployments in %d"
                        + " orLabelSelectors, %,d bytes of label values", clusters.size(), selectors.size(), total)
                : String.format(Locale.ROOT, "selects more than kcm would: the label values of %d ClusterDeployments need"
                        + " %,d bytes, over the %,d-byte budget, so every object labelled %s is selected; %d orLabelSelectors",
                        clusters.size(), total, valuesBudget, String.join(" or ", superset), selectors.size());
        return new Selection(List.copyOf(selectors), exact, List.copyOf(superset), clusters.size(), total, message);
    }

    /**
     * The label values kcm selects, by key, beside the fixed pairs. A value no label can carry (a name longer than 63
     * characters) selects nothing, and is left out: in an {@code In} selector it would make Velero's whole list fail.
     */
    static SortedMap<String, SortedSet<String>> values(Collection<ClusterInUse> clusters) {
        SortedMap<String, SortedSet<String>> values = new TreeMap<>();
        for (ClusterInUse cluster : clusters) {
            add(values, CLUSTER_NAME, cluster.name());
            add(values, HELM_RELEASE_NAME, cluster.name());
            cluster.providers().forEach(p -> add(values, PROVIDER, p));
        }
        return values;
    }

    private static void add(SortedMap<String, SortedSet<String>> values, String key, String value) {
        if (value == null || value.isEmpty() || value.length() > KubernetesNames.MAX_LABEL_VALUE
                || !LABEL_VALUE.matcher(value).matches() || FIXED.contains(Map.entry(key, value))) {
            return;
        }
        values.computeIfAbsent(key, k -> new TreeSet<>()).add(value);
    }

    /** Sorted values cut so that each {@code key in (v1,v2,...)} stays within {@code maxQueryBytes} once URL-encoded. */
    static List<List<String>> chunks(String key, SortedSet<String> values, int maxQueryBytes) {
        int frame = queryLength(key + " in ()");
        List<List<String>> chunks = new ArrayList<>();
        List<String> chunk = new ArrayList<>();
        int length = frame;
        for (String value : values) {
            int added = queryLength(value) + (chunk.isEmpty() ? 0 : PER_VALUE_OVERHEAD);
            if (!chunk.isEmpty() && length + added > maxQueryBytes) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                length = frame;
                added = queryLength(value);
            }
            chunk.add(value);
            length += added;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    /**
     * How Velero writes a selector for the API server ({@code metav1.FormatLabelSelector}): requirements joined by
     * {@code ,}, {@code key=value}, {@code key in (a,b)}, {@code key} for Exists.
     */
    public static String format(LabelSelector selector) {
        List<String> requirements = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            new TreeMap<>(selector.getMatchLabels()).forEach((k, v) -> requirements.add(k + "=" + v));
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                requirements.add(switch (r.getOperator()) {
                    case "In" -> r.getKey() + " in (" + String.join(",", new TreeSet<>(r.getValues())) + ")";
                    case "NotIn" -> r.getKey() + " notin (" + String.join(",", new TreeSet<>(r.getValues())) + ")";
                    case "Exists" -> r.getKey();
                    case "DoesNotExist" -> "!" + r.getKey();
                    default -> throw new IllegalArgumentException("unknown operator " + r.getOperator());
                });
            }
        }
        return String.join(",", requirements);
    }

    /** Length of {@code text} as a URL query value (client-go's {@code url.Values.Encode}). */
    public static int queryLength(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).length();
    }

    private static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    private static LabelSelector expression(String key, String operator, List<String> values) {
        return new LabelSelectorBuilder().addNewMatchExpression().withKey(key).withOperator(operator).withValues(values)
                .endMatchExpression().build();
    }

    /** The CAPI providers the clusters use, sorted: recorded on the Backup so a restore knows its caveats. */
    public static List<String> providers(Collection<ClusterInUse> clusters) {
        TreeSet<String> providers = new TreeSet<>();
        clusters.forEach(c -> providers.addAll(c.providers()));
        return List.copyOf(providers);
    }
}
