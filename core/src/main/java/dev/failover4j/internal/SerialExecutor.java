package dev.failover4j.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in order, on any executor (even a multi-threaded one). A task the
 * executor rejects is not run and the rejection is thrown; later tasks still run.
 */
public final class SerialExecutor implements Executor {
    private final Executor delegate;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    public SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (queue) {
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            delegate.execute(this::drain);
        } catch (RuntimeException e) {
            // Rejected: this task is not run, and the lane must not stay marked busy, or every later
            // task would queue behind a drain that never comes.
            boolean others;
            synchronized (queue) {
                queue.remove(task);
                running = false;
                others = !queue.isEmpty();
            }
            if (others) {
                try {
                    execute(() -> { }); // tasks queued meanwhile by other threads get their drain
                } catch (RuntimeException again) {
                    // still rejected: they run with the next execute() that is accepted
                }
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            next.run();
        }
    }
}
