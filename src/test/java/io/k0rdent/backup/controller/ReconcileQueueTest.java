package io.k0rdent.backup.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcileQueueTest {

    /** The object of each task of the tests, as the pool tells JOSDK's tasks apart. */
    final Map<Runnable, String> objects = new ConcurrentHashMap<>();
    final ExecutorService pool = ReconcileQueue.executor(1, objects::get);
    final List<String> ran = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Occupies the only thread until {@link #release}, so that what is submitted meanwhile waits in the queue. */
    void occupy(Runnable whileRunning) {
        pool.execute(() -> {
            whileRunning.run();
            await(release);
        });
    }

    Runnable record(String name, CountDownLatch done) {
        return () -> {
            ran.add(name);
            done.countDown();
        };
    }

    @Test
    void reconcilesSubmittedAheadOvertakeThoseWaitingAndTheRestKeepTheirOrder() throws Exception {
        CountDownLatch done = new CountDownLatch(4);
        occupy(() -> {
        });
        pool.execute(record("slot-1", done));
        pool.execute(record("slot-2", done));
        ReconcileQueue.ahead(() -> pool.execute(record("completed-1", done)));
        pool.execute(record("slot-3", done));
        release.countDown();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("completed-1", "slot-1", "slot-2", "slot-3");
    }

    @Test
    void aFollowUpSubmittedByAReconcileThreadGoesAhead() throws Exception {
        CountDownLatch done = new CountDownLatch(3);
        CountDownLatch queued = new CountDownLatch(1);
        occupy(() -> {
            await(queued);
            pool.execute(record("follow-up", done));
        });
        pool.execute(record("slot-1", done));
        pool.execute(record("slot-2", done));
        queued.countDown();
        release.countDown();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("follow-up", "slot-1", "slot-2");
    }

    @Test
    void anEventForAnObjectWhoseReconcileWaitsMovesThatReconcileAhead() throws Exception {
        CountDownLatch done = new CountDownLatch(4);
        occupy(() -> {
        });
        pool.execute(of("a", record("slot-a", done)));
        pool.execute(of("b", record("slot-b", done)));
        // the echo of a status write of x, already waiting when Velero reports x's backup Completed: JOSDK only marks it
        pool.execute(of("x", record("echo-x", done)));
        pool.execute(of("c", record("slot-c", done)));
        ReconcileQueue.ahead("x", () -> {
        });
        ReconcileQueue.ahead("not-waiting", () -> {
        });
        release.countDown();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("echo-x", "slot-a", "slot-b", "slot-c");
    }

    @Test
    void theObjectOfTheOperatorSdksReconcileTasksIsKnown() {
        // fails when an upgrade of the SDK renames what the pool reads: waiting reconciles would stay behind
        assertThat(ReconcileQueue.knowsOperatorSdkTasks()).isTrue();
    }

    private Runnable of(String object, Runnable task) {
        objects.put(task, object);
        return task;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
