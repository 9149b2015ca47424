package dev.failover4j.internal;

import dev.failover4j.spi.EventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The production event loop: one daemon thread, {@link System#nanoTime()}. */
public final class ThreadEventLoop implements EventLoop {

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    public ThreadEventLoop(String name) {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            // The protocol thread sends adverts on deadlines: let it win over application threads.
            t.setPriority(Thread.MAX_PRIORITY);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void execute(Runnable task) {
        if (!executor.isShutdown()) {
            executor.execute(task);
        }
    }

    @Override
    public Cancellable schedule(Runnable task, long deadlineNanos) {
        if (executor.isShutdown()) {
            return () -> { };
        }
        long delay = Math.max(0, deadlineNanos - System.nanoTime());
        ScheduledFuture<?> f = executor.schedule(task, delay, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public <T> T await(CompletableFuture<T> future, Duration timeout) throws TimeoutException, InterruptedException {
        if (inEventLoop() && !future.isDone()) {
            throw new IllegalStateException("cannot wait on the protocol thread for work that runs on it");
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void shutdown() {
        executor.shutdownNow();
    }
}
