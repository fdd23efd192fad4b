package io.k0rdent.backup.controller;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.k0rdent.backup.api.ManagementBackup;
import io.k0rdent.backup.api.ManagementRestore;
import io.k0rdent.backup.api.PartlyRead;
import io.k0rdent.backup.config.OperatorConfig;

/**
 * The copy of a cached object that the operator SDK hands each reconcile.
 * <p>
 * The SDK's own copy goes through JSON, so that a reconciler changing the object it is given cannot change the cache:
 * in a slot of 1,000 ManagementBackups that copy was 17 % of the operator's CPU (JFR profile). The reconcilers here
 * change no spec and no status in place: they compute a new status from a copy ({@code StatusCalculator},
 * {@code RestoreStatusCalculator}, {@code UpgradeBackupMachine}) and set it on the object they were given. So a
 * ManagementBackup or ManagementRestore is copied as a new object with metadata of its own (which the client and the
 * SDK may write to) that shares its spec and status with the cached one. Any other kind is copied as the SDK does.
 * <p>
 * That rule is checked, not assumed, where {@code kcm-backup.check-cache-mutations} is on (the tests): the originals of
 * the last {@value #CHECKED} copies are kept with their JSON, and each new copy first looks whether any of them changed;
 * one that did is logged, reported by {@link #takeMutations()} and fails the reconcile asking for the copy. This is what
 * client-go's cache mutation detector does for Go controllers.
 */
@Singleton
public class ReconcileCopies implements Cloner {

    private static final Logger LOG = Logger.getLogger(ReconcileCopies.class);
    /** Originals checked: several reconciles' worth beyond the concurrent ones. */
    static final int CHECKED = 48;

    private final KubernetesSerialization serialization;
    private final boolean check;
    private final Deque<Original> originals = new ArrayDeque<>();
    private final List<String> mutations = new ArrayList<>();

    private record Original(HasMetadata object, String json) {
    }

    @Inject
    public ReconcileCopies(KubernetesClient client, OperatorConfig config) {
        this(client.getKubernetesSerialization(), config.checkCacheMutations());
    }

    ReconcileCopies(KubernetesSerialization serialization, boolean check) {
        this.serialization = serialization;
        this.check = check;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R extends HasMetadata> R clone(R object) {
        if (check) {
            checkOriginals(object);
        }
        if (object instanceof ManagementBackup mb) {
            return (R) sharingSpecAndStatus(mb, new ManagementBackup());
        }
        if (object instanceof ManagementRestore mr) {
            return (R) sharingSpecAndStatus(mr, new ManagementRestore());
        }
        return serialization.clone(object);
    }

    /**
     * What the check found changed after it was copied since the last call, one line per object; always empty when the
     * check is off.
     */
    public synchronized List<String> takeMutations() {
        List<String> found = List.copyOf(mutations);
        mutations.clear();
        return found;
    }

    private static <S, T, C extends CustomResource<S, T> & PartlyRead> C sharingSpecAndStatus(C original, C copy) {
        copy.setMetadata(original.getMetadata() == null ? null : new ObjectMetaBuilder(original.getMetadata()).build());
        copy.setSpec(original.getSpec());
        copy.setStatus(original.getStatus());
        copy.readProblems(original.readProblems());
        return copy;
    }

    private synchronized void checkOriginals(HasMetadata next) {
        String changed = null;
        for (Original original : originals) {
            String now = serialization.asJson(original.object());
            if (!now.equals(original.json())) {
                String what = original.object().getKind() + " " + original.object().getMetadata().getName()
                        + " changed in the cache after it was copied for a reconcile: was " + original.json() + ", is " + now;
                LOG.error(what);
                mutations.add(what);
                changed = Objects.requireNonNullElse(changed, what);
            }
        }
        if (changed != null) {
            // reported once: the copies kept so far are dropped with it
            originals.clear();
            throw new IllegalStateException(changed);
        }
        // an object copied again is kept once, with its JSON of the first time: a cached object never changes
        if (originals.stream().anyMatch(original -> original.object() == next)) {
            return;
        }
        if (originals.size() == CHECKED) {
            originals.removeFirst();
        }
        originals.addLast(new Original(next, serialization.asJson(next)));
    }
}
