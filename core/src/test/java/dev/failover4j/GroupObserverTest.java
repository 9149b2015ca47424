package dev.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.testkit.SimulatedLan;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What {@link GroupObserver}s see, on the virtual clock: takeover times that are the protocol's own
 * intervals (Master_Down_Interval after a death, Skew_Time after a priority-0 advert), none for an
 * election at start; timer runs with their lateness; and per-check failure counts in the status.
 */
class GroupObserverTest {

    record TookOver(Cause cause, long nanos) { }

    static final class Recorder implements GroupObserver {
        final List<TookOver> takeovers = new CopyOnWriteArrayList<>();
        final AtomicLong timerRuns = new AtomicLong();
        final AtomicLong maxLateness = new AtomicLong(-1);

        @Override
        public void timerRan(long latenessNanos) {
            timerRuns.incrementAndGet();
            maxLateness.accumulateAndGet(latenessNanos, Math::max);
        }

        @Override
        public void tookOver(Cause cause, long nanos) {
            takeovers.add(new TookOver(cause, nanos));
        }
    }

    private static HaGroup group(SimulatedLan.Node n, int priority) {
        return n.configure(HaGroup.builder()).vrid(51).priority(priority).vrrpVersion(3)
                .advertInterval(Duration.ofMillis(100)).virtualAddress("10.0.0.100/24").build();
    }

    @Test
    void aDeathIsReportedAsMasterDownIntervalAndAGracefulStopAsSkewTime() throws Exception {
        SimulatedLan lan = new SimulatedLan(7).latency(Duration.ZERO);
        SimulatedLan.Node a = lan.node("a", "10.0.0.1");
        SimulatedLan.Node b = lan.node("b", "10.0.0.2");
        SimulatedLan.Node c = lan.node("c", "10.0.0.3");
        HaGroup ga = group(a, 150);
        HaGroup gb = group(b, 100);
        HaGroup gc = group(c, 120);
        Recorder rb = new Recorder();
        Recorder rc = new Recorder();
        gb.addObserver(rb);
        gc.addObserver(rc);
        ga.start();
        lan.clock().advance(Duration.ofSeconds(1));
        gc.start();
        gb.start();
        lan.clock().advance(Duration.ofSeconds(2));
        assertTrue(ga.isMaster());
        assertEquals(List.of(), rc.takeovers, "an election at start is not a takeover");

        a.kill();
        lan.clock().advance(Duration.ofSeconds(2));
        assertTrue(gc.isMaster(), gc.status().toString());
        assertEquals(1, rc.takeovers.size(), rc.takeovers.toString());
        TookOver death = rc.takeovers.get(0);
        assertEquals(Cause.MASTER_DOWN, death.cause());
        // Master_Down_Interval: 3 x 100 ms + Skew_Time (256 - 120) x 100 ms / 256 = 353.1 ms, measured
        // from the last advert heard; the settle (a third router was heard) adds at most a few ms.
        long downNanos = 300_000_000L + (256 - 120) * 100_000_000L / 256;
        assertTrue(death.nanos() >= downNanos && death.nanos() <= downNanos + 10_000_000L, death.toString());

        gc.close();
        lan.clock().advance(Duration.ofSeconds(2));
        assertTrue(gb.isMaster());
        TookOver left = rb.takeovers.get(rb.takeovers.size() - 1);
        assertEquals(Cause.MASTER_LEFT, left.cause());
        long skew = (256 - 100) * 100_000_000L / 256; // 60.9 ms
        assertTrue(left.nanos() >= skew && left.nanos() <= skew + 10_000_000L, left.toString());

        assertTrue(rb.timerRuns.get() > 20, "every timer run is observed: " + rb.timerRuns);
        assertEquals(0, rb.maxLateness.get(), "the virtual clock runs every timer at its deadline");
        gb.close();
    }

    @Test
    void anObserverThatThrowsDoesNotStopTheGroupAndCanBeRemoved() {
        SimulatedLan lan = new SimulatedLan(8);
        HaGroup g = group(lan.node("a", "10.0.0.1"), 100);
        AtomicInteger calls = new AtomicInteger();
        GroupObserver bad = new GroupObserver() {
            @Override
            public void timerRan(long latenessNanos) {
                calls.incrementAndGet();
                throw new IllegalStateException("boom");
            }
        };
        g.addObserver(bad);
        g.start();
        lan.clock().advance(Duration.ofSeconds(2));
        assertTrue(g.isMaster());
        assertTrue(calls.get() > 1, "still called after it threw");
        assertTrue(g.removeObserver(bad));
        int before = calls.get();
        lan.clock().advance(Duration.ofSeconds(1));
        assertEquals(before, calls.get());
        g.close();
    }

    @Test
    void theStatusCountsEachChecksFailedRuns() {
        SimulatedLan lan = new SimulatedLan(9);
        AtomicInteger runs = new AtomicInteger();
        HaGroup g = lan.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51).virtualAddress("10.0.0.100/24")
                .healthCheck(HealthCheckSpec.builder("flaky", t -> runs.incrementAndGet() % 3 != 0)
                        .interval(Duration.ofSeconds(1)).weight(-10).build())
                .build();
        g.start();
        lan.clock().advance(Duration.ofMillis(8500));
        HealthStatus h = g.status().health().get(0);
        assertEquals(9, h.runs());
        assertEquals(3, h.failures(), "runs 3, 6 and 9 failed");
        g.close();
    }
}
