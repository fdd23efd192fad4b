package io.k0rdent.backup.sandbox;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.k0rdent.backup.api.velero.Backup;
import io.k0rdent.backup.api.velero.BackupProgress;
import io.k0rdent.backup.api.velero.DeleteBackupRequest;
import io.k0rdent.backup.api.velero.Restore;
import io.k0rdent.backup.api.velero.RestoreProgress;
import io.k0rdent.backup.test.RestoreSimulator;
import io.k0rdent.backup.test.VeleroDeletions;
import io.k0rdent.backup.test.VeleroSimulator;

/**
 * A SIMULATION of Velero for the sandbox. Every new Backup goes InProgress after a moment and Completed a few seconds
 * later; every new Restore likewise; every new DeleteBackupRequest deletes its Backup and is marked Processed. Status is
 * written the way Velero writes it (through the object itself: Velero's kinds have no status subresource). It copies
 * nothing anywhere and restores nothing.
 */
public final class SimulatedVelero implements AutoCloseable {

    /** What the simulation reports as backed up and restored. */
    static final int ITEMS = 78;

    private final KubernetesClient client;
    private final String namespace;
    private final VeleroSimulator backups;
    private final RestoreSimulator restores;
    private final VeleroDeletions deletions;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-velero");
        t.setDaemon(true);
        return t;
    });
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    public SimulatedVelero(KubernetesClient client, String namespace) {
        this.client = client;
        this.backups = new VeleroSimulator(client, namespace);
        this.restores = new RestoreSimulator(client, namespace);
        this.deletions = new VeleroDeletions(client, namespace);
        this.namespace = namespace;
    }

    public SimulatedVelero start() {
        onNew(Backup.class, b -> b.getStatus() == null || b.getStatus().getPhase() == null, b -> {
            String name = b.getMetadata().getName();
            timer.schedule(() -> backupInProgress(name), 1, TimeUnit.SECONDS);
            timer.schedule(() -> backupCompleted(name), 4, TimeUnit.SECONDS);
        });
        onNew(Restore.class, r -> r.getStatus() == null || r.getStatus().getPhase() == null, r -> {
            String name = r.getMetadata().getName();
            timer.schedule(() -> restoreInProgress(name), 1, TimeUnit.SECONDS);
            timer.schedule(() -> restoreCompleted(name), 4, TimeUnit.SECONDS);
        });
        onNew(DeleteBackupRequest.class, d -> d.getStatus() == null || d.getStatus().getPhase() == null,
                d -> timer.schedule(() -> delete(d), 1, TimeUnit.SECONDS));
        return this;
    }

    /** Runs {@code action} for each object of the kind that appears (or is there at start) and is still unprocessed. */
    private <T extends HasMetadata> void onNew(Class<T> kind, Predicate<T> unprocessed, Consumer<T> action) {
        informers.add(client.resources(kind).inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                if (unprocessed.test(object)) {
                    action.accept(object);
                }
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
            }

            @Override
            public void onDelete(T object, boolean deletedFinalStateUnknown) {
            }
        }));
    }

    private void backupInProgress(String name) {
        write("backup " + name + " is InProgress", () -> backups.setStatus(name, s -> {
            s.setPhase("InProgress");
            s.setVersion(1);
            s.setFormatVersion("1.1.0");
            s.setStartTimestamp(now());
            s.setExpiration(DateTimeFormatter.ISO_INSTANT.format(Instant.now().plus(30, ChronoUnit.DAYS)
                    .truncatedTo(ChronoUnit.SECONDS)));
        }));
    }

    private void backupCompleted(String name) {
        write("backup " + name + " Completed (" + ITEMS + " items; nothing was copied: this is a simulation)",
                () -> backups.setStatus(name, s -> {
                    s.setPhase("Completed");
                    s.setCompletionTimestamp(now());
                    BackupProgress progress = new BackupProgress();
                    progress.setItemsBackedUp(ITEMS);
                    progress.setTotalItems(ITEMS);
                    s.setProgress(progress);
                }));
    }

    private void restoreInProgress(String name) {
        write("restore " + name + " is InProgress", () -> restores.setStatus(name, s -> {
            s.setPhase("InProgress");
            s.setStartTimestamp(now());
            RestoreProgress progress = new RestoreProgress();
            progress.setItemsRestored(0);
            progress.setTotalItems(ITEMS);
            s.setProgress(progress);
        }));
    }

    private void restoreCompleted(String name) {
        write("restore " + name + " Completed (" + ITEMS + " items; nothing was restored: this is a simulation)",
                () -> restores.setStatus(name, s -> {
                    s.setPhase("Completed");
                    s.setCompletionTimestamp(now());
                    RestoreProgress progress = new RestoreProgress();
                    progress.setItemsRestored(ITEMS);
                    progress.setTotalItems(ITEMS);
                    s.setProgress(progress);
                }));
    }

    private void delete(DeleteBackupRequest request) {
        write("deleted backup " + request.getSpec().getBackupName() + " as DeleteBackupRequest "
                + request.getMetadata().getName() + " asked", () -> deletions.process(request));
    }

    private static void write(String done, Runnable write) {
        try {
            write.run();
            System.out.printf("[simulated Velero] %s%n", done);
        } catch (KubernetesClientException e) {
            System.out.printf("[simulated Velero] could not record that %s: %s%n", done, e.getMessage());
        }
    }

    private static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::stop);
        timer.shutdownNow();
    }
}
