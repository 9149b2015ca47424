package dev.failover4j.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every group of a process shares unless its builder names its own: one protocol loop,
 * and two pools, for health checks and for listeners, whose threads exist only while checks or
 * deliveries run (and {@value #IDLE_SECONDS} s after). A hung check or a blocking listener occupies
 * one pool thread and never delays another group's (each listener still gets its deliveries in order). Each starts on first use; counted: they end when the last group using them is closed. 255
 * groups are one loop thread, not 255.
 */
public final class SharedRuntime {

    /** Pool threads end after this long without work. */
    static final long IDLE_SECONDS = 30;
    private static final Object LOCK = new Object();
    private static SharedRuntime current;

    private dev.failover4j.spi.EventLoop loop;
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

    /**
     * The protocol loop, started on first use: the platform's (which also reads its sockets) if the
     * group uses the platform's network ({@code platform}) and the platform has one, else a parked thread.
     */
    public synchronized dev.failover4j.spi.EventLoop loop(boolean platform) {
        if (loop == null) {
            loop = platform ? platformLoop() : null;
            if (loop == null) {
                loop = new ThreadEventLoop("failover4j-loop");
            }
        }
        return loop;
    }

    private static dev.failover4j.spi.EventLoop platformLoop() {
        try {
            return ProviderLookup.find().eventLoop();
        } catch (RuntimeException e) {
            return null; // no platform here: start() will say so
        }
    }

    /** The health-check pool, started on first use. */
    public synchronized ExecutorService checks() {
        if (checks == null) {
            checks = onDemand("failover4j-check-");
        }
        return checks;
    }

    /** The listener pool, started on first use. */
    public synchronized ExecutorService listeners() {
        if (listeners == null) {
            listeners = onDemand("failover4j-listener-");
        }
        return listeners;
    }

    /** Daemon threads started when all are busy, ended after {@value #IDLE_SECONDS} s idle. */
    private static ExecutorService onDemand(String prefix) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
    }
}
