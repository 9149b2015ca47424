package dev.failover4j.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The one thread (real or virtual) that drives groups' protocol engines: tasks run one at a time, in
 * submission order, and timers fire on the loop's own {@link Clock}. Many groups may share one loop.
 * By default every group of a process shares one daemon thread; the testkit's {@code VirtualClock}
 * runs many groups on virtual time.
 */
public interface EventLoop extends Clock, java.util.concurrent.Executor {

    /** Runs {@code task} on the loop, after the tasks already queued. Any thread. */
    @Override
    void execute(Runnable task);

    /**
     * {@return a timer that runs {@code task} on the loop when its deadline comes; the caller keeps
     * it and re-arms it as often as it likes (a group has one, re-armed after every event). Arm and
     * cancel it on the loop only}
     *
     * @param task what runs at each deadline
     */
    Timer timer(Runnable task);

    /**
     * Runs {@code task} on the loop once {@link #nanoTime()} reaches {@code deadlineNanos}. On the loop only.
     *
     * @param task what runs
     * @param deadlineNanos when, on {@link #nanoTime()}'s clock
     * @return the handle that cancels it
     */
    default Cancellable schedule(Runnable task, long deadlineNanos) {
        Timer t = timer(task);
        t.arm(deadlineNanos);
        return t::cancel;
    }

    /** {@return true when called from the loop's own task} */
    boolean inEventLoop();

    /**
     * Waits until {@code future} completes: a real loop blocks the caller; a virtual loop runs its
     * own tasks (advancing virtual time) until it completes or {@code timeout} of loop time passes.
     *
     * @throws TimeoutException if it did not complete in time
     * @param <T> the future's result type
     * @param future what to wait for
     * @param timeout how long at most
     * @return the future's result
     * @throws InterruptedException if the waiting thread is interrupted
     */
    <T> T await(CompletableFuture<T> future, Duration timeout) throws TimeoutException, InterruptedException;

    /** Stops the loop; tasks not yet run are dropped. failover4j never stops a loop it was given. */
    void shutdown();

    /** A reusable one-shot timer: armed at one deadline at a time; arming again moves it. */
    interface Timer {
        /**
         * Runs the task at {@code deadlineNanos} (at once if it has passed), replacing an earlier deadline.
         *
         * @param deadlineNanos when, on the loop's clock
         */
        void arm(long deadlineNanos);

        /** Disarms it; arming again later is allowed. */
        void cancel();
    }

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels it; it does not run if it has not started. */
        void cancel();
    }
}
