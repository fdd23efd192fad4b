package io.k0rdent.backup.startup;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The operator's entry point: Quarkus, with {@link Preload} warming the Kubernetes client's classes on another core
 * while Quarkus boots on this one (on a JVM only: a native executable has nothing to load).
 */
@QuarkusMain
public final class Main {

    public static void main(String... args) {
        Preload.start();
        Quarkus.run(args);
    }
}
