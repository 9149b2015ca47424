package dev.failover4j.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every group of a process shares unless its builder names its own: one protocol loop,
 * a pool of at most {@value #CHECK_THREADS} threads for health checks and one of at most
 * {@value #LISTENER_THREADS} for listeners (each listener still gets its deliveries in order). Each starts on first use; counted: they end when the last group using them is closed. 255
 * groups are one loop thread, not 255.
 */
public final class SharedRuntime {

    /** Checks wait on I/O (HTTP, TCP, a command) up to their timeout: a few may run at once. */
    static final int CHECK_THREADS = 8;
    /** Listeners must return quickly; one that blocks should bring its own executor. */
    static final int LISTENER_THREADS = 4;
    private static final Object LOCK = new Object();
    private static SharedRuntime current;

    private ThreadEventLoop loop;
    private ExecutorService checks;
    private ExecutorService listeners;
    private int users;

    private SharedRuntime() {
    }

    /** The shared runtime, started if no group holds it; pair with {@link #release()}. */
    public static SharedRuntime acquire() {
        synchronized (LOCK) {
            if (current == null) {
                current = new SharedRuntime();
            }
            current.users++;
            return current;
        }
    }

    /** How many groups hold the shared runtime now (for diagnostics and tests). */
    public static int users() {
        synchronized (LOCK) {
            return current == null ? 0 : current.users;
        }
    }

    /** One user is done; the last one stops the threads (queued listener deliveries still run). */
    public void release() {
        synchronized (LOCK) {
            if (--users > 0) {
                return;
            }
            if (current == this) {
                current = null;
            }
        }
        synchronized (this) {
            if (loop != null) {
                loop.shutdown();
            }
            if (checks != null) {
                checks.shutdownNow();
            }
            if (listeners != null) {
                listeners.shutdown();
            }
        }
    }

    /** The protocol loop, started on first use. */
    public synchronized ThreadEventLoop loop() {
        if (loop == null) {
            loop = new ThreadEventLoop("failover4j-loop");
        }
        return loop;
    }

    /** The health-check pool, started on first use. */
    public synchronized ExecutorService checks() {
        if (checks == null) {
            checks = bounded(CHECK_THREADS, "failover4j-check-");
        }
        return checks;
    }

    /** The listener pool, started on first use. */
    public synchronized ExecutorService listeners() {
        if (listeners == null) {
            listeners = bounded(LISTENER_THREADS, "failover4j-listener-");
        }
        return listeners;
    }

    /** At most {@code threads} daemon threads, started on demand and ended after a minute idle. */
    private static ExecutorService bounded(int threads, String prefix) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
