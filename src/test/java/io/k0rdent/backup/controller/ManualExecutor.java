package io.k0rdent.backup.controller;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** An executor with a bounded queue whose tasks run only when the test says so, on the test's thread. */
final class ManualExecutor extends AbstractExecutorService {

    private final int capacity;
    private final Deque<Runnable> queued = new ArrayDeque<>();
    private boolean shutdown;

    ManualExecutor(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void execute(Runnable task) {
        if (shutdown || queued.size() >= capacity) {
            throw new RejectedExecutionException(shutdown ? "shut down" : "queue full");
        }
        queued.add(task);
    }

    /** Runs the queued tasks in order, and those they queue. */
    void runAll() {
        Runnable next;
        while ((next = poll()) != null) {
            next.run();
        }
    }

    synchronized int queued() {
        return queued.size();
    }

    private synchronized Runnable poll() {
        return queued.poll();
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queued);
        queued.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queued.isEmpty();
    }

    /** Nothing runs by itself: terminated only if nothing is left. */
    @Override
    public synchronized boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }
}
