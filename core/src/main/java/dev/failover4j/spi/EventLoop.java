package dev.failover4j.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The one thread (real or virtual) that drives a group's protocol engine: tasks run one at a time,
 * in submission order, and timers fire on the loop's own {@link Clock}. Production groups get a
 * dedicated daemon thread; the testkit's {@code VirtualClock} runs many groups on virtual time.
 */
public interface EventLoop extends Clock, java.util.concurrent.Executor {

    /** Runs {@code task} on the loop, after the tasks already queued. */
    void execute(Runnable task);

    /** Runs {@code task} on the loop once {@link #nanoTime()} reaches {@code deadlineNanos}. */
    Cancellable schedule(Runnable task, long deadlineNanos);

    /** True when called from the loop's own task. */
    boolean inEventLoop();

    /**
     * Waits until {@code future} completes: a real loop blocks the caller; a virtual loop runs its
     * own tasks (advancing virtual time) until it completes or {@code timeout} of loop time passes.
     *
     * @throws TimeoutException if it did not complete in time
     */
    <T> T await(CompletableFuture<T> future, Duration timeout) throws TimeoutException, InterruptedException;

    /** Stops the loop; tasks not yet run are dropped. Loops shared by several groups ignore it. */
    void shutdown();

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
