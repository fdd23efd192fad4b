package io.k0rdent.backup.test;

import java.util.List;

import io.k0rdent.backup.controller.ReconcileCopies;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.callback.QuarkusTestAfterEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Fails a Quarkus test during which a reconcile changed the spec or status of a cached object in place
 * ({@link ReconcileCopies}: the copies a reconcile gets share them with the cache).
 */
public class NoCacheMutations implements QuarkusTestAfterEachCallback {

    @Override
    public void afterEach(QuarkusTestMethodContext context) {
        if (Arc.container() == null || !Arc.container().instance(ReconcileCopies.class).isAvailable()) {
            return;
        }
        List<String> mutations = Arc.container().instance(ReconcileCopies.class).get().takeMutations();
        if (!mutations.isEmpty()) {
            throw new AssertionError("cached objects changed by a reconcile: " + String.join("\n", mutations));
        }
    }
}
