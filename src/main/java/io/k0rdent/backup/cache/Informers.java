package io.k0rdent.backup.cache;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.k0rdent.backup.metrics.WatchFailures;

/** How the operator's own informers behave when their watch fails. */
public final class Informers {

    private Informers() {
    }

    /**
     * Once it has started, the informer lists and watches again after any failure, with fabric8's backoff (1 s doubling
     * to 32 s), instead of stopping for good on a watch failure that is not an expired resource version (fabric8's
     * default, which leaves a cache that never changes again). Each such failure is counted for {@code resource}
     * ({@code kcm_backup_watch_failures_total}) and logged by fabric8 at WARN. Before it has started, a failure still
     * ends the start, for its caller to report and try again.
     */
    public static <T> SharedIndexInformer<T> keepWatching(SharedIndexInformer<T> informer, String resource,
            WatchFailures failures) {
        return informer.exceptionHandler((started, failure) -> {
            if (started) {
                failures.failed(resource);
            }
            return started;
        });
    }
}
