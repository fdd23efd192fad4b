package io.k0rdent.backup.controller;

import java.lang.reflect.Field;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.jboss.logging.Logger;

/**
 * The thread pool JOSDK runs every reconcile on, with two lanes. JOSDK queues reconciles first come, first served, so
 * when a thousand ManagementBackups share a slot, Velero's report that one backup completed would wait behind the
 * creation of all the others. Reconciles submitted inside {@link #ahead} (the watch of Velero's Backups) and those JOSDK
 * submits from a reconcile thread (for an event that arrived while its object was being reconciled, such as Velero's
 * progress on a backup just created) go ahead of the queue; the rest (timers of schedule slots, changes of the
 * ManagementBackups) keep their order behind them.
 * <p>
 * An event for an object whose reconcile already waits in the queue only marks that reconcile (JOSDK submits one per
 * object), so {@link #ahead(Object, Runnable)} also moves a waiting reconcile of that object ahead: otherwise Velero's
 * Completed waited for the whole slot behind, say, the echo of the status write just made.
 */
public final class ReconcileQueue {

    private static final Logger LOG = Logger.getLogger(ReconcileQueue.class);
    private static final ThreadLocal<Boolean> AHEAD = ThreadLocal.withInitial(() -> false);
    private static final List<Pool> POOLS = new CopyOnWriteArrayList<>();
    /** The object a JOSDK reconcile task is for ({@code EventProcessor.ReconcilerExecutor.resourceID}), if found. */
    private static final Field RESOURCE_OF_TASK = resourceField();

    private ReconcileQueue() {
    }

    /** Runs {@code submitting}; the reconciles it submits go ahead of those waiting for a thread. */
    public static void ahead(Runnable submitting) {
        boolean outer = AHEAD.get();
        AHEAD.set(true);
        try {
            submitting.run();
        } finally {
            AHEAD.set(outer);
        }
    }

    /**
     * As {@link #ahead(Runnable)}, and a reconcile of {@code resource} (a JOSDK {@code ResourceID}) already waiting in the
     * queue goes ahead too.
     */
    public static void ahead(Object resource, Runnable submitting) {
        ahead(submitting);
        POOLS.forEach(pool -> pool.promote(resource));
    }

    /** Whether the object of JOSDK's reconcile tasks can be told (the SDK's internals are as this class expects). */
    static boolean knowsOperatorSdkTasks() {
        return RESOURCE_OF_TASK != null;
    }

    private static Field resourceField() {
        try {
            Field field = Class.forName("io.javaoperatorsdk.operator.processing.event.EventProcessor$ReconcilerExecutor")
                    .getDeclaredField("resourceID");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("Cannot tell which object a reconcile is for (%s): waiting reconciles are not moved ahead", e);
            return null;
        }
    }

    private static Object resourceOf(Runnable task) {
        if (RESOURCE_OF_TASK == null || !RESOURCE_OF_TASK.getDeclaringClass().isInstance(task)) {
            return null;
        }
        try {
            return RESOURCE_OF_TASK.get(task);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** Whether {@code thread} is one of a pool of {@link #executor}. */
    public static boolean isReconcileThread(Thread thread) {
        return thread instanceof ReconcileThread;
    }

    /** A pool of {@code threads} reconcile threads with the two lanes. */
    public static ExecutorService executor(int threads) {
        return executor(threads, ReconcileQueue::resourceOf);
    }

    /** As {@link #executor(int)}, telling the object of each task with {@code resourceOf} (null: not known). */
    static ExecutorService executor(int threads, Function<Runnable, Object> resourceOf) {
        Pool pool = new Pool(threads, resourceOf);
        POOLS.add(pool);
        return pool;
    }

    /** A reconcile thread: what it submits is the follow-up of the reconcile it runs. */
    private static final class ReconcileThread extends Thread {
        ReconcileThread(Runnable task, String name) {
            super(task, name);
        }
    }

    /** A task and its place: the lane first, then the order of submission; {@code resource} null if not known. */
    private record Queued(Runnable task, boolean ahead, long sequence, Object resource) implements Runnable {
        static final Comparator<Runnable> ORDER = Comparator.comparing((Runnable r) -> !((Queued) r).ahead())
                .thenComparingLong(r -> ((Queued) r).sequence());

        @Override
        public void run() {
            task.run();
        }
    }

    private static final class Pool extends ThreadPoolExecutor {
        private final AtomicLong sequence = new AtomicLong();
        private final Function<Runnable, Object> resourceOf;
        /** Reconciles in the second lane not yet started, by object. */
        private final Map<Object, Queued> waiting = new ConcurrentHashMap<>();

        Pool(int threads, Function<Runnable, Object> resourceOf) {
            super(threads, threads, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(64, Queued.ORDER), threadFactory());
            this.resourceOf = resourceOf;
        }

        /** Moves the waiting reconcile of {@code resource}, if there is one, to the first lane. */
        void promote(Object resource) {
            Queued queued = resource == null ? null : waiting.remove(resource);
            // if a thread took it meanwhile, it is not in the queue any more and runs as it is
            if (queued != null && getQueue().remove(queued)) {
                try {
                    super.execute(new Queued(queued.task(), true, queued.sequence(), null));
                } catch (RejectedExecutionException shuttingDown) {
                    LOG.debugf("Not moving a reconcile ahead: the pool is shutting down");
                }
            }
        }

        @Override
        protected void beforeExecute(Thread thread, Runnable task) {
            if (task instanceof Queued queued && queued.resource() != null) {
                waiting.remove(queued.resource(), queued);
            }
        }

        @Override
        protected void terminated() {
            POOLS.remove(this);
        }

        private static java.util.concurrent.ThreadFactory threadFactory() {
            AtomicInteger count = new AtomicInteger();
            return task -> new ReconcileThread(task, "reconcile-" + count.incrementAndGet());
        }

        @Override
        public void execute(Runnable task) {
            boolean ahead = AHEAD.get() || Thread.currentThread() instanceof ReconcileThread;
            Object resource = ahead ? null : resourceOf.apply(task);
            Queued queued = new Queued(task, ahead, sequence.incrementAndGet(), resource);
            if (resource != null) {
                waiting.put(resource, queued);
            }
            super.execute(queued);
        }
    }
}
