package io.k0rdent.backup.health;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import io.k0rdent.backup.api.ApiErrors;

/**
 * The operator SDK's watches that stopped for good after they had started. The SDK's own handler exits the process at
 * once; here the stop is logged and the probes report it instead: readiness and liveness turn down with the kind and the
 * cause, so that the pod is restarted by its liveness probe after its grace, not in a crash loop, and the reason stays
 * readable meanwhile. A watch that fails while starting is the SDK's start-up error, not this.
 * <p>
 * A fabric8 informer stops only on what it cannot retry: with {@code TolerantReading}, an object it cannot read is no
 * longer one of those, and the operator's own informers retry everything once started ({@code Informers}).
 */
@Singleton
public class StoppedWatches implements InformerStoppedHandler {

    private static final Logger LOG = Logger.getLogger(StoppedWatches.class);

    private final Map<String, String> stopped = new ConcurrentSkipListMap<>();

    @Override
    @SuppressWarnings("rawtypes")
    public void onStop(SharedIndexInformer informer, Throwable cause) {
        if (cause == null || !informer.hasSynced()) {
            // stopped on purpose (the operator stops), or failed to start: reported by the start-up itself
            LOG.debugf("Watch of %s stopped%s", informer.getApiTypeClass(), cause == null ? "" : ": " + cause);
            return;
        }
        @SuppressWarnings("unchecked")
        String kind = HasMetadata.getFullResourceName((Class<? extends HasMetadata>) informer.getApiTypeClass());
        String reason = ApiErrors.concise(cause);
        stopped.put(kind, reason);
        LOG.errorf(cause, "The watch of %s stopped: %s. Readiness and liveness now fail, so that the pod is restarted", kind,
                reason);
    }

    /** The first watch that stopped, in words; empty while every watch runs. */
    public Optional<String> first() {
        return stopped.entrySet().stream().findFirst().map(e -> "the watch of " + e.getKey() + " stopped: " + e.getValue());
    }
}
