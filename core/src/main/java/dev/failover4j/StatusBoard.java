package dev.failover4j;

import dev.failover4j.engine.RouterSnapshot;
import dev.failover4j.spi.EventLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Publishes a group's {@link HaStatus}: the history of changes (written on the protocol thread), a
 * snapshot after every event, and the waiters of {@code awaitState}, which end as soon as the state
 * is reached or the group is closed.
 */
final class StatusBoard {

    private static final int HISTORY = 64;

    private record Waiter(HaState state, CompletableFuture<Boolean> future) {
    }

    private final HaConfig config;
    private final LongSupplier listenerErrors;
    private final Deque<StateChange> history = new ArrayDeque<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private volatile HaStatus status;
    private volatile boolean closed;

    /** @param listenerErrors the listeners' live error count (they run on their own threads) */
    StatusBoard(HaConfig config, RouterSnapshot initial, LongSupplier listenerErrors) {
        this.config = config;
        this.listenerErrors = listenerErrors;
        this.status = snapshot(initial, List.of(), 0);
    }

    /** The last snapshot, with the listeners' error count as of now. */
    HaStatus status() {
        HaStatus s = status;
        long errors = listenerErrors.getAsLong();
        if (s.counters().get(Counter.LISTENER_ERRORS) == errors) {
            return s;
        }
        StatusValues v = (StatusValues) s;
        return new StatusValues(v.interfaceName(), v.vrid(), v.version(), v.virtualAddresses(), v.state(),
                v.basePriority(), v.effectivePriority(), v.masterAddress(), v.masterPriority(), v.masterAdverInterval(),
                v.epoch(), v.history(), v.health(), v.counters().with(Counter.LISTENER_ERRORS, errors));
    }

    /** On the protocol thread: a change listeners are being told about. */
    void record(StateChange change) {
        history.addLast(change);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    /** On the protocol thread: a new snapshot; waiters for its state are released. */
    void publish(RouterSnapshot router, List<HealthStatus> health, long lateWakeups) {
        HaStatus s = snapshot(router, health, lateWakeups);
        status = s;
        for (Waiter w : waiters) {
            if (w.state() == s.state()) {
                w.future().complete(true);
            }
        }
    }

    /** The group is closed: every waiter gets its answer now. */
    void close() {
        closed = true;
        HaState now = status.state();
        for (Waiter w : waiters) {
            w.future().complete(w.state() == now);
        }
    }

    /** Waits until the published state is {@code state}; false on timeout or once closed in another state. */
    boolean await(HaState state, Duration timeout, EventLoop loop) throws InterruptedException {
        if (status.state() == state) {
            return true;
        }
        if (closed) {
            return false;
        }
        Waiter w = new Waiter(state, new CompletableFuture<>());
        waiters.add(w);
        try {
            if (status.state() == state) {
                return true;
            }
            if (closed) {
                return false;
            }
            return loop.await(w.future(), timeout);
        } catch (TimeoutException e) {
            return status.state() == state;
        } finally {
            waiters.remove(w);
        }
    }

    private HaStatus snapshot(RouterSnapshot r, List<HealthStatus> health, long lateWakeups) {
        long[] counts = r.tally().counts();
        counts[Counter.LISTENER_ERRORS.ordinal()] = listenerErrors.getAsLong();
        counts[Counter.LATE_WAKEUPS.ordinal()] = lateWakeups;
        return new StatusValues(config.interfaceName(), config.vrid(), config.version(), config.virtualAddresses(),
                r.state(), r.basePriority(), r.effectivePriority(), r.masterAddress(), r.masterPriority(),
                r.masterAdverInterval(), r.epoch(), new ArrayList<>(history), health,
                new Counters(counts, r.tally().rejections()));
    }
}
