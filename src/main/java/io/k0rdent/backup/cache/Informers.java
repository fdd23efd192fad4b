package io.k0rdent.backup.cache;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/** How the operator's own informers behave when their watch fails. */
public final class Informers {

    private Informers() {
    }

    /**
     * Once it has started, the informer lists and watches again after any failure, with fabric8's backoff, instead of
     * stopping for good on a watch failure that is not an expired resource version (fabric8's default, which leaves a
     * cache that never changes again). Before it has started, a failure still ends the start, for its caller to report
     * and try again.
     */
    public static <T> SharedIndexInformer<T> keepWatching(SharedIndexInformer<T> informer) {
        return informer.exceptionHandler((started, failure) -> started);
    }
}
