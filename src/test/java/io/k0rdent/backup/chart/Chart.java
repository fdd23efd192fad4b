package io.k0rdent.backup.chart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/** The Helm chart in {@code helm/kcm-backup-operator}, rendered by the real Helm library, as parsed documents. */
public final class Chart {

    public static final Path DIR = Path.of("helm", "kcm-backup-operator");
    public static final String RELEASE = "kcm-backup-operator";
    public static final String NAMESPACE = "kcm-system";
    /** The plain manifests, rendered from the chart with its default values. */
    public static final Path PLAIN_MANIFESTS = Path.of("kubernetes", "kcm-backup-operator.yaml");

    private static final YAMLMapper YAML = new YAMLMapper();

    private final List<Map<String, Object>> documents;

    private Chart(List<Map<String, Object>> documents) {
        this.documents = documents;
    }

    /** The manifests {@code helm template kcm-backup-operator helm/kcm-backup-operator -n kcm-system} prints. */
    public static String template(Map<String, Object> values) {
        TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(template::set);
        return template.call();
    }

    public static Chart render(Map<String, Object> values) {
        return parse(template(values));
    }

    public static Chart render() {
        return render(Map.of());
    }

    public static Chart parse(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> it = YAML.readerFor(new TypeReference<Map<String, Object>>() {
        }).readValues(yaml)) {
            while (it.hasNext()) {
                Map<String, Object> document = it.next();
                if (document != null && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("rendered chart is not YAML", e);
        }
        return new Chart(documents);
    }

    public List<Map<String, Object>> documents() {
        return documents;
    }

    public List<String> kinds() {
        return documents.stream().map(d -> (String) d.get("kind")).toList();
    }

    public List<Map<String, Object>> all(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    public Optional<Map<String, Object>> find(String kind) {
        List<Map<String, Object>> found = all(kind);
        if (found.size() > 1) {
            throw new IllegalStateException("more than one " + kind);
        }
        return found.stream().findFirst();
    }

    public Map<String, Object> get(String kind) {
        return find(kind).orElseThrow(() -> new AssertionError("no " + kind + " rendered; kinds: " + kinds()));
    }

    /** The value at a dotted path of maps; list elements by index, e.g. {@code spec.template.spec.containers.0}. */
    @SuppressWarnings("unchecked")
    public static <T> T at(Object document, String path) {
        Object current = document;
        for (String key : path.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(key);
            } else if (current instanceof List<?> list) {
                current = list.get(Integer.parseInt(key));
            } else {
                return null;
            }
        }
        return (T) current;
    }

    /** The environment of the operator container, name to value (values from a field reference as "fieldRef:PATH"). */
    public Map<String, String> env() {
        List<Map<String, Object>> env = at(get("Deployment"), "spec.template.spec.containers.0.env");
        Map<String, String> result = new LinkedHashMap<>();
        for (Map<String, Object> variable : env) {
            Object value = variable.get("value");
            String fieldPath = at(variable, "valueFrom.fieldRef.fieldPath");
            result.put((String) variable.get("name"), value != null ? value.toString()
                    : "fieldRef:" + Objects.requireNonNull(fieldPath));
        }
        return result;
    }
}
