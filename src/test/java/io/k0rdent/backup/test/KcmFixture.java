package io.k0rdent.backup.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;

/**
 * Plays kcm in tests: its Management (whose status, a subresource, kcm's controller writes separately), the
 * ClusterTemplates and ClusterDeployments in use, and the admission reviews the API server sends the upgrade gate when
 * someone changes the Management. Objects are valid for kcm's CRDs.
 */
public final class KcmFixture {

    public static final String API_VERSION = "k0rdent.mirantis.com/v1beta1";

    private final KubernetesClient client;

    public KcmFixture(KubernetesClient client) {
        this.client = client;
    }

    /** A ClusterTemplate whose status, written like kcm's template controller does, names {@code providers}. */
    public void clusterTemplate(String namespace, String name, List<String> providers) {
        var templates = client.genericKubernetesResources(API_VERSION, "ClusterTemplate").inNamespace(namespace);
        templates.resource(new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION).withKind("ClusterTemplate")
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("helm", Map.of("chartRef", Map.of("kind", "HelmChart",
                        "name", name)))))
                .build()).create();
        // status is a subresource: kcm's template controller writes it separately
        templates.withName(name).editStatus(t -> {
            t.setAdditionalProperty("status", Map.of("providers", providers, "valid", true));
            return t;
        });
    }

    /** A ClusterDeployment of {@code template}. */
    public void clusterDeployment(String namespace, String name, String template) {
        client.genericKubernetesResources(API_VERSION, "ClusterDeployment").inNamespace(namespace)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION).withKind("ClusterDeployment")
                        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                        .withAdditionalProperties(Map.of("spec", Map.of("template", template, "credential", "aws-cred")))
                        .build())
                .create();
    }

    public NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> managements() {
        return client.genericKubernetesResources(API_VERSION, "Management");
    }

    /** A Management wanting {@code specRelease}, with {@code statusRelease} installed (null: nothing installed yet). */
    public GenericKubernetesResource management(String name, String specRelease, String statusRelease) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("release", specRelease);
        spec.put("providers", List.of(Map.of("name", "cluster-api-provider-aws")));
        GenericKubernetesResource management = new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION)
                .withKind("Management").withNewMetadata().withName(name).endMetadata()
                .withAdditionalProperties(Map.of("spec", spec)).build();
        managements().resource(management).create();
        if (statusRelease != null) {
            installed(name, statusRelease);
        }
        return managements().withName(name).get();
    }

    /** What kcm's controller writes once a release is installed. */
    public void installed(String name, String release) {
        managements().withName(name).editStatus(m -> {
            m.setAdditionalProperty("status", Map.of("release", release, "observedGeneration", 1));
            return m;
        });
    }

    /** What {@code kubectl patch management kcm --type=merge -p '{"spec":{"release":"…"}}'} does. */
    public void wantRelease(String name, String release) {
        managements().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"release\":\"" + release + "\"}}");
    }

    public void deleteAll() {
        managements().delete();
    }

    /** Reasons of the events recorded on the Management {@code name}, one per occurrence, found as kubectl describe does. */
    public List<String> managementEventReasons(String name) {
        return Events.occurrences(managementEvents(name));
    }

    public List<Event> managementEvents(String name, String reason) {
        return managementEvents(name).stream().filter(e -> reason.equals(e.getReason())).toList();
    }

    private List<Event> managementEvents(String name) {
        return Events.about(client, name).stream().filter(e -> "Management".equals(e.getInvolvedObject().getKind())).toList();
    }

    /** The AdmissionReview the API server sends for an update of Management {@code kcm}, as JSON. */
    public static String review(String operation, String oldSpecRelease, String newSpecRelease, String statusRelease,
            Map<String, String> newAnnotations, boolean dryRun) {
        String annotations = newAnnotations.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
        return template().replace("${uid}", UUID.randomUUID().toString()).replace("${operation}", operation)
                .replace("${oldSpecRelease}", oldSpecRelease).replace("${newSpecRelease}", newSpecRelease)
                .replace("${statusRelease}", statusRelease).replace("${annotations}", annotations)
                .replace("${dryRun}", String.valueOf(dryRun));
    }

    private static String template() {
        try (InputStream in = KcmFixture.class.getResourceAsStream("/admission/management-update.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
