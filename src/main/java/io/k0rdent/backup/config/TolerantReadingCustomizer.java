package io.k0rdent.backup.config;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.k0rdent.backup.metrics.UnreadableObjects;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;

/** The operator's Kubernetes client reads objects with {@link TolerantReading}, reporting to {@link UnreadableObjects}. */
@Singleton
public class TolerantReadingCustomizer implements KubernetesClientObjectMapperCustomizer {

    private final UnreadableObjects unreadable;

    public TolerantReadingCustomizer(UnreadableObjects unreadable) {
        this.unreadable = unreadable;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        TolerantReading.install(mapper, unreadable);
    }
}
