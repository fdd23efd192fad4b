package io.k0rdent.backup.kcm;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.k0rdent.backup.config.OperatorConfig;

/**
 * Reads kcm's own kinds at whichever version the cluster serves: current kcm serves {@code v1beta1}, older releases
 * {@code v1alpha1}. Discovery answers are cached briefly so that a kcm upgrade that changes the version is followed.
 */
@ApplicationScoped
public class KcmApi {

    public static final String GROUP = "k0rdent.mirantis.com";
    /** Preferred first. */
    static final List<String> VERSIONS = List.of("v1beta1", "v1alpha1");

    private final KubernetesClient client;
    private final Clock clock;
    private final OperatorConfig config;
    private final Map<String, Cached> versions = new ConcurrentHashMap<>();

    private record Cached(Optional<String> version, Instant until) {
    }

    public KcmApi(KubernetesClient client, Clock clock, OperatorConfig config) {
        this.client = client;
        this.clock = clock;
        this.config = config;
    }

    /** The newest version of {@code plural} the cluster serves, or empty when kcm's CRD for it is not installed. */
    public Optional<String> servedVersion(String plural) {
        Instant now = clock.instant();
        Cached cached = versions.get(plural);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.version();
        }
        Optional<String> found = VERSIONS.stream().filter(v -> serves(v, plural)).findFirst();
        versions.put(plural, new Cached(found, now.plus(config.discoveryCacheTtl())));
        return found;
    }

    private boolean serves(String version, String plural) {
        try {
            APIResourceList resources = client.getApiResources(GROUP + "/" + version);
            return resources != null && resources.getResources().stream().anyMatch(r -> plural.equals(r.getName()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
