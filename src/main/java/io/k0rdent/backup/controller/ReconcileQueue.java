package io.k0rdent.backup.controller;

import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thread pool JOSDK runs every reconcile on, with two lanes. JOSDK queues reconciles first come, first served, so
 * when a thousand ManagementBackups share a slot, Velero's report that one backup completed would wait behind the
 * creation of all the others. Reconciles submitted inside {@link #ahead} (the watch of Velero's Backups) and those JOSDK
 * submits from a reconcile thread (for an event that arrived while its object was being reconciled, such as Velero's
 * progress on a backup just created) go ahead of the queue; the rest (timers of schedule slots, changes of the
 * ManagementBackups) keep their order behind them.
 */
public final class ReconcileQueue {

    private static final ThreadLocal<Boolean> AHEAD = ThreadLocal.withInitial(() -> false);

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

    /** Whether {@code thread} is one of a pool of {@link #executor}. */
    public static boolean isReconcileThread(Thread thread) {
        return thread instanceof ReconcileThread;
    }

    /** A pool of {@code threads} reconcile threads with the two lanes. */
    public static ExecutorService executor(int threads) {
        return new Pool(threads);
    }

    /** A reconcile thread: what it submits is the follow-up of the reconcile it runs. */
    private static final class ReconcileThread extends Thread {
        ReconcileThread(Runnable task, String name) {
            super(task, name);
        }
    }

    /** A task and its place: the lane first, then the order of submission. */
    private record Queued(Runnable task, boolean ahead, long sequence) implements Runnable {
        static final Comparator<Runnable> ORDER = Comparator.comparing((Runnable r) -> !((Queued) r).ahead())
                .thenComparingLong(r -> ((Queued) r).sequence());

        @Override
        public void run() {
            task.run();
        }
    }

    private static final class Pool extends ThreadPoolExecutor {
        private final AtomicLong sequence = new AtomicLong();

        Pool(int threads) {
            super(threads, threads, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(64, Queued.ORDER), threadFactory());
        }

        private static java.util.concurrent.ThreadFactory threadFactory() {
            AtomicInteger count = new AtomicInteger();
            return task -> new ReconcileThread(task, "reconcile-" + count.incrementAndGet());
        }

        @Override
        public void execute(Runnable task) {
            boolean ahead = AHEAD.get() || Thread.currentThread() instanceof ReconcileThread;
            super.execute(new Queued(task, ahead, sequence.incrementAndGet()));
        }
    }
}
