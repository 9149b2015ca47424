package dev.failover4j.testkit;

import dev.failover4j.spi.EventLoop;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Virtual time for any number of groups: an {@link EventLoop} whose clock moves only when the test
 * says so, running every task in deadline order (ties in submission order). Deterministic; drive
 * it from one thread.
 *
 * <p>A task submitted from outside a run (e.g. by {@code group.start()} on the test thread) runs at
 * once, with everything it causes at the same instant, so a test reads state right after a call.
 * A task submitted from another thread than the one that made the clock (a file watch, a user's own
 * thread) waits in an inbox until the clock next runs ({@link #runDue()}, {@link #advance}, ...), at
 * the virtual time of that moment.
 */
public final class VirtualClock implements EventLoop {

    private record Task(long at, long seq, Runnable run, boolean[] cancelled) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(at - o.at, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> inbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Thread driver = Thread.currentThread();
    private long now;
    private long seq;
    private boolean running;
    private final long origin;

    /** A clock that starts at an arbitrary origin (near the nanoTime overflow, to keep drivers honest). */
    public VirtualClock() {
        this(Long.MAX_VALUE - Duration.ofHours(1).toNanos());
    }

    /**
     * A clock that starts at {@code originNanos}.
     *
     * @param originNanos the first value of {@link #nanoTime()}
     */
    public VirtualClock(long originNanos) {
        this.now = originNanos;
        this.origin = originNanos;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /** {@return time elapsed since this clock was made} */
    public Duration elapsed() {
        return Duration.ofNanos(now - origin);
    }

    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() != driver) {
            inbox.add(task);
            return;
        }
        queue.add(new Task(now, seq++, task, new boolean[1]));
        if (!running) {
            runDue();
        }
    }

    @Override
    public Cancellable schedule(Runnable task, long deadlineNanos) {
        boolean[] cancelled = new boolean[1];
        queue.add(new Task(deadlineNanos - now < 0 ? now : deadlineNanos, seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public Timer timer(Runnable task) {
        return new Timer() {
            private Cancellable scheduled;

            @Override
            public void arm(long deadlineNanos) {
                cancel();
                scheduled = schedule(task, deadlineNanos);
            }

            @Override
            public void cancel() {
                if (scheduled != null) {
                    scheduled.cancel();
                    scheduled = null;
                }
            }
        };
    }

    @Override
    public boolean inEventLoop() {
        return running;
    }

    /** Runs every task due now, including those they submit for now. */
    public void runDue() {
        advanceTo(now);
    }

    /**
     * Moves time forward by {@code d}, running every task due on the way, in order.
     *
     * @param d how much virtual time passes
     */
    public void advance(Duration d) {
        advanceTo(now + d.toNanos());
    }

    /**
     * Runs tasks until {@code condition} holds (checked after each task) or {@code max} of virtual
     * time passes. Returns whether it holds.
     *
     * @param condition what to wait for
     * @param max how much virtual time may pass at most
     * @return whether the condition holds
     */
    public boolean runUntil(BooleanSupplier condition, Duration max) {
        long end = now + max.toNanos();
        if (condition.getAsBoolean()) {
            return true;
        }
        while (true) {
            drainInbox();
            Task t = queue.peek();
            if (t == null || t.at() - end > 0) {
                now = end;
                return condition.getAsBoolean();
            }
            runOne();
            if (condition.getAsBoolean()) {
                return true;
            }
        }
    }

    private void advanceTo(long end) {
        while (true) {
            drainInbox();
            Task t = queue.peek();
            if (t == null || t.at() - end > 0) {
                break;
            }
            runOne();
        }
        now = end;
    }

    /** Tasks other threads submitted join the queue now. */
    private void drainInbox() {
        for (Runnable r; (r = inbox.poll()) != null; ) {
            queue.add(new Task(now, seq++, r, new boolean[1]));
        }
    }

    private void runOne() {
        Task t = queue.poll();
        if (t.at() - now > 0) {
            now = t.at();
        }
        if (t.cancelled()[0]) {
            return;
        }
        boolean outer = !running;
        running = true;
        try {
            t.run().run();
        } finally {
            if (outer) {
                running = false;
            }
        }
    }

    @Override
    public <T> T await(CompletableFuture<T> future, Duration timeout) throws TimeoutException, InterruptedException {
        if (!runUntil(future::isDone, timeout)) {
            throw new TimeoutException("not done within " + timeout + " of virtual time");
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Shared by every group on the LAN: a group closing does not stop it. */
    @Override
    public void shutdown() {
    }
}
