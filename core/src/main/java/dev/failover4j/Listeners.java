package dev.failover4j;

import dev.failover4j.internal.SerialExecutor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's listeners: each gets every change in order on its own serial lane of its executor, so a
 * slow or throwing listener delays only itself and never the protocol thread. Counts the calls that
 * threw; completes {@link #finalDelivered()} when every listener has run the final change.
 */
final class Listeners {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);
    /** Set while a listener runs, so close() from a listener does not wait for its own delivery. */
    private static final ThreadLocal<Listeners> IN_LISTENER = new ThreadLocal<>();

    private record Registered(StateListener listener, Executor lane) {
    }

    private final String name;
    private final Executor defaultExecutor;
    private final List<Registered> registered = new CopyOnWriteArrayList<>();
    private final AtomicLong errors = new AtomicLong();
    private final CompletableFuture<Void> finalDelivered = new CompletableFuture<>();

    /** @param defaultExecutor where listeners given without an executor run */
    Listeners(String name, Executor defaultExecutor) {
        this.name = name;
        this.defaultExecutor = defaultExecutor;
    }

    /** Adds {@code listener} on {@code executor}, or on the default executor if null. */
    void add(StateListener listener, Executor executor) {
        registered.add(new Registered(listener, new SerialExecutor(executor != null ? executor : defaultExecutor)));
    }

    /** Removes every registration of {@code listener}; changes already handed to it still arrive. */
    boolean remove(StateListener listener) {
        return registered.removeIf(r -> r.listener() == listener);
    }

    /** Listener calls that threw. */
    long errors() {
        return errors.get();
    }

    /** Completes once every listener has run the final change to INITIALIZE (or there is none to run). */
    CompletableFuture<Void> finalDelivered() {
        return finalDelivered;
    }

    /** The group stopped without a final change (it never started): nothing more will be delivered. */
    void noFinalChange() {
        finalDelivered.complete(null);
    }

    /** True on a thread that is running one of these listeners. */
    boolean inListener() {
        return IN_LISTENER.get() == this;
    }

    /** Hands a split-brain event to every listener, in order with the changes. */
    void deliver(LowerPriorityMaster event) {
        for (Registered r : List.copyOf(registered)) {
            try {
                r.lane().execute(() -> {
                    IN_LISTENER.set(this);
                    try {
                        r.listener().onLowerPriorityMaster(event);
                    } catch (Throwable t) {
                        errors.incrementAndGet();
                        log.error("{}: listener {} threw on {}", name, r.listener(), event, t);
                    } finally {
                        IN_LISTENER.remove();
                    }
                });
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                log.error("{}: listener executor rejected {}", name, event, e);
            }
        }
    }

    /** Hands {@code change} to every listener; {@code last} marks the final change of a stopped group. */
    void deliver(StateChange change, boolean last) {
        List<Registered> now = List.copyOf(registered);
        AtomicInteger pending = new AtomicInteger(now.size());
        if (last && now.isEmpty()) {
            finalDelivered.complete(null);
        }
        for (Registered r : now) {
            Runnable done = () -> {
                if (last && pending.decrementAndGet() == 0) {
                    finalDelivered.complete(null);
                }
            };
            try {
                r.lane().execute(() -> {
                    IN_LISTENER.set(this);
                    try {
                        r.listener().onStateChange(change);
                    } catch (Throwable t) {
                        errors.incrementAndGet();
                        log.error("{}: listener {} threw on {}", name, r.listener(), change, t);
                    } finally {
                        IN_LISTENER.remove();
                        done.run();
                    }
                });
            } catch (RuntimeException e) {
                errors.incrementAndGet();
                log.error("{}: listener executor rejected {}", name, change, e);
                done.run();
            }
        }
    }
}
