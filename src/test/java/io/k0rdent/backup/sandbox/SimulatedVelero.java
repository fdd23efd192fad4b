package io.k0rdent.backup.sandbox;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupProgress;
import io.k0rdent.backup.api.velero.BackupStatus;

/**
 * A SIMULATION of Velero for the sandbox: every new Backup goes InProgress after a moment and Completed a few seconds
 * later, written the way Velero writes it (the Backup object itself; Velero's kinds have no status subresource). It
 * copies nothing anywhere.
 */
public final class SimulatedVelero implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-velero");
        t.setDaemon(true);
        return t;
    });
    private SharedIndexInformer<Backup> informer;

    public SimulatedVelero(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public SimulatedVelero start() {
        informer = client.resources(Backup.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Backup backup) {
                if (backup.getStatus() == null || backup.getStatus().getPhase() == null) {
                    String name = backup.getMetadata().getName();
                    timer.schedule(() -> progress(name), 1, TimeUnit.SECONDS);
                    timer.schedule(() -> complete(name), 4, TimeUnit.SECONDS);
                }
            }

            @Override
            public void onUpdate(Backup oldBackup, Backup newBackup) {
            }

            @Override
            public void onDelete(Backup backup, boolean deletedFinalStateUnknown) {
            }
        });
        return this;
    }

    private void progress(String name) {
        edit(name, s -> {
            s.setPhase("InProgress");
            s.setVersion(1);
            s.setFormatVersion("1.1.0");
            s.setStartTimestamp(now());
            s.setExpiration(DateTimeFormatter.ISO_INSTANT.format(Instant.now().plus(30, ChronoUnit.DAYS)
                    .truncatedTo(ChronoUnit.SECONDS)));
        });
        System.out.printf("[simulated Velero] backup %s is InProgress%n", name);
    }

    private void complete(String name) {
        edit(name, s -> {
            s.setPhase("Completed");
            s.setCompletionTimestamp(now());
            BackupProgress progress = new BackupProgress();
            progress.setItemsBackedUp(78);
            progress.setTotalItems(78);
            s.setProgress(progress);
        });
        System.out.printf("[simulated Velero] backup %s Completed (78 items; nothing was copied: this is a simulation)%n",
                name);
    }

    private void edit(String name, java.util.function.Consumer<BackupStatus> change) {
        try {
            client.resources(Backup.class).inNamespace(namespace).withName(name).edit(b -> {
                BackupStatus status = b.getStatus() == null ? new BackupStatus() : b.getStatus();
                change.accept(status);
                b.setStatus(status);
                return b;
            });
        } catch (KubernetesClientException e) {
            System.out.printf("[simulated Velero] could not update %s: %s%n", name, e.getMessage());
        }
    }

    private static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.stop();
        }
        timer.shutdownNow();
    }
}
