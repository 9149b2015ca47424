package dev.failover4j;

import dev.failover4j.engine.RouterSnapshot;
import dev.failover4j.engine.Tally;
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
 * snapshot after every event that changes more than a counter, live counters, and the waiters of {@code awaitState}, which end as soon as the state
 * is reached or the group is closed.
 */
final class StatusBoard {

    private static final int HISTORY = 64;

    private record Waiter(HaState state, CompletableFuture<Boolean> future) {
    }

    private volatile HaConfig config;
    private final Tally tally;
    private final LongSupplier listenerErrors;
    private final LongSupplier lateWakeups;
    private final LongSupplier nanoTime;
    private final Deque<StateChange> history = new ArrayDeque<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private volatile HaStatus status;
    private volatile LowerPriorityMaster lastLowerPriorityMaster;
    private volatile boolean closed;

    /**
     * @param tally          the router's live counters (readable from any thread)
     * @param listenerErrors the listeners' live error count (they run on their own threads)
     * @param lateWakeups    the driver's live count of late wake-ups
     * @param nanoTime       the group's clock, for the ages of peers and dropped packets
     */
    StatusBoard(HaConfig config, RouterSnapshot initial, Tally tally, LongSupplier listenerErrors, LongSupplier lateWakeups,
                LongSupplier nanoTime) {
        this.config = config;
        this.tally = tally;
        this.listenerErrors = listenerErrors;
        this.lateWakeups = lateWakeups;
        this.nanoTime = nanoTime;
        this.status = snapshot(initial, List.of());
    }

    /**
     * The last published snapshot (published when anything but a counter changes) with the counters as
     * of now: a steady advert costs the protocol thread no snapshot, and a reader still sees live counts.
     */
    HaStatus status() {
        StatusValues v = (StatusValues) status;
        return new StatusValues(v.interfaceName(), v.vrid(), v.version(), v.virtualAddresses(), v.state(),
                v.basePriority(), v.effectivePriority(), v.masterAddress(), v.masterPriority(), v.masterAdverInterval(),
                v.epoch(), v.history(), v.health(), counters(), lastLowerPriorityMaster, tally.peers(nanoTime.getAsLong()),
                tally.rejectedAdverts(nanoTime.getAsLong()));
    }

    private Counters counters() {
        long[] counts = tally.counts();
        counts[Counter.LISTENER_ERRORS.ordinal()] = listenerErrors.getAsLong();
        counts[Counter.LATE_WAKEUPS.ordinal()] = lateWakeups.getAsLong();
        return new Counters(counts, tally.rejections());
    }

    /** On the protocol thread: a change listeners are being told about. */
    void record(StateChange change) {
        history.addLast(change);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    /** On the protocol thread: a live reconfiguration (the addresses the status lists); the next publish shows it. */
    void reconfigure(HaConfig next) {
        config = next;
    }

    /** On the protocol thread: a split-brain event (the status shows the latest). */
    void record(LowerPriorityMaster event) {
        lastLowerPriorityMaster = event;
    }

    /** On the protocol thread: a new snapshot; waiters for its state are released. */
    void publish(RouterSnapshot router, List<HealthStatus> health) {
        HaStatus s = snapshot(router, health);
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

    private HaStatus snapshot(RouterSnapshot r, List<HealthStatus> health) {
        return new StatusValues(config.interfaceName(), config.vrid(), config.version(), config.virtualAddresses(),
                r.state(), r.basePriority(), r.effectivePriority(), r.masterAddress(), r.masterPriority(),
                r.masterAdverInterval(), r.epoch(), new ArrayList<>(history), health, counters(), lastLowerPriorityMaster,
                List.of(), List.of());
    }
}
