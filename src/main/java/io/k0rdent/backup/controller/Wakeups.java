package io.k0rdent.backup.controller;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Wakes reconcilers without touching their objects, e.g. after the clock was stepped or a dependency appeared. Each
 * controller registers the trigger of its inbound event source here.
 */
@ApplicationScoped
public class Wakeups {

    private final Set<Consumer<ResourceID>> single = ConcurrentHashMap.newKeySet();
    private final Set<Runnable> all = ConcurrentHashMap.newKeySet();

    void register(Consumer<ResourceID> wakeOne, Runnable wakeAll) {
        single.add(wakeOne);
        all.add(wakeAll);
    }

    /** Reconciles the cluster-scoped object {@code name} in every controller that knows it. */
    public void wake(String name) {
        single.forEach(w -> w.accept(new ResourceID(name)));
    }

    /** Reconciles every object of every controller. */
    public void wakeAll() {
        all.forEach(Runnable::run);
    }
}
