package dev.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.internal.SharedRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Groups that share the process's threads stay independent: a close that times out still gives its
 * share back, a rejected delivery does not silence a listener, blocking listeners and hung checks of
 * some groups delay nothing of another's.
 */
class SharedThreadsTest {

    /** Unbinding takes 500 ms (a slow netlink / a busy loop); close(100 ms) times out. */
    static final class SlowRemove implements dev.failover4j.spi.Transport, dev.failover4j.spi.AddressManager {
        final HaGroupTest.CountingTransport d = new HaGroupTest.CountingTransport();

        @Override
        public Channel open(ChannelSpec spec, Receiver receiver) {
            return d.open(spec, receiver);
        }

        @Override
        public void add(String i, List<VirtualAddress> vips, Duration lease) {
            d.add(i, vips, lease);
        }

        @Override
        public void remove(String i, List<VirtualAddress> vips) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            d.remove(i, vips);
        }

        @Override
        public void announce(String i, List<VirtualAddress> vips, int count) {
            d.announce(i, vips, count);
        }
    }

    @Test
    void aCloseThatTimesOutStillGivesBackItsShareOfTheRuntime() throws Exception {
        SlowRemove t = new SlowRemove();
        HaGroup g = HaGroup.builder().interfaceName("eth0").vrid(77).priority(255).virtualAddress("10.0.0.77/24")
                .transport(t).addressManager(t).build();
        g.start();
        assertTrue(g.awaitState(HaState.MASTER, Duration.ofSeconds(5)));
        g.close(Duration.ofMillis(100)); // gives up waiting: the stop (500 ms) is still running
        int during = SharedRuntime.users(); // g still holds its share; other tests' groups may give theirs back
        Thread.sleep(1500); // the stop has long finished on the loop
        assertEquals(HaState.INITIALIZE, g.state());
        assertTrue(SharedRuntime.users() <= during - 1, "closed group still holds the shared loop and pools");
    }

    @Test
    void oneRejectedDeliveryDoesNotSilenceAListenerForever() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Executor flaky = r -> {
            if (calls.getAndIncrement() == 0) {
                throw new RejectedExecutionException("queue full, once");
            }
            new Thread(r).start();
        };
        List<StateChange> seen = Collections.synchronizedList(new ArrayList<>());
        HaGroupTest.CountingTransport t = new HaGroupTest.CountingTransport();
        HaGroup g = HaGroup.builder().interfaceName("eth0").vrid(78).priority(255).virtualAddress("10.0.0.78/24")
                .transport(t).addressManager(t).listener(seen::add, flaky).build();
        g.start();
        assertTrue(g.awaitState(HaState.MASTER, Duration.ofSeconds(5)));
        long t0 = System.nanoTime();
        g.close(Duration.ofSeconds(3));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(200);
        assertTrue(seen.stream().anyMatch(c -> c.current() == HaState.INITIALIZE), "final change never delivered: " + seen);
        assertTrue(ms < 2500, "close() waited for a delivery that could never come: " + ms + " ms");
        assertEquals(1, g.status().counters().get(Counter.LISTENER_ERRORS), "the rejected delivery is counted");
    }

    @Test
    void blockingListenersOfSomeGroupsDoNotDelayAnotherGroupsListeners() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HaGroupTest.CountingTransport t = new HaGroupTest.CountingTransport();
        List<HaGroup> slow = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            slow.add(HaGroup.builder().interfaceName("eth0").vrid(80 + i).priority(255).virtualAddress("10.0.8" + i + ".1/24")
                    .transport(t).addressManager(t)
                    .listener(c -> {
                        if (c.current() == HaState.MASTER) {
                            try {
                                release.await(5, TimeUnit.SECONDS); // e.g. starting a service on MASTER
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }).build());
        }
        slow.forEach(HaGroup::start);
        for (HaGroup g : slow) {
            assertTrue(g.awaitState(HaState.MASTER, Duration.ofSeconds(5)));
        }
        CountDownLatch told = new CountDownLatch(1);
        HaGroup other = HaGroup.builder().interfaceName("eth0").vrid(90).priority(255).virtualAddress("10.0.90.1/24")
                .transport(t).addressManager(t)
                .listener(c -> {
                    if (c.current() == HaState.MASTER) {
                        told.countDown();
                    }
                }).build();
        other.start();
        assertTrue(other.awaitState(HaState.MASTER, Duration.ofSeconds(5)));
        boolean ok = told.await(2, TimeUnit.SECONDS);
        release.countDown();
        slow.forEach(HaGroup::close);
        other.close();
        assertTrue(ok, "an unrelated group's listener was not told of MASTER within 2 s");
    }

    @Test
    void hungChecksOfOtherGroupsDoNotFailAHealthyGroupsCheck() throws Exception {
        HaGroupTest.CountingTransport t = new HaGroupTest.CountingTransport();
        HaGroup healthy = HaGroup.builder().interfaceName("eth0").vrid(100).priority(255).virtualAddress("10.1.0.1/24")
                .transport(t).addressManager(t)
                .healthCheck(HealthCheckSpec.builder("fast", x -> true).interval(Duration.ofMillis(200))
                        .timeout(Duration.ofMillis(500)).build())
                .build();
        healthy.start();
        assertTrue(healthy.awaitState(HaState.MASTER, Duration.ofSeconds(5)));
        List<HaGroup> others = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            HaGroup g = HaGroup.builder().interfaceName("eth0").vrid(101 + i).priority(100).virtualAddress("10.1." + (i + 1) + ".1/24")
                    .transport(t).addressManager(t)
                    .healthCheck(HealthCheckSpec.builder("backend", x -> { Thread.sleep(3000); return true; })
                            .timeout(Duration.ofSeconds(1)).build()) // a check slower than its timeout: fails *its* group
                    .build();
            others.add(g);
            g.start();
        }
        boolean faulted = healthy.awaitState(HaState.FAULT, Duration.ofSeconds(3));
        others.forEach(g -> g.close(Duration.ofSeconds(1)));
        healthy.close();
        assertTrue(!faulted, "a group whose check always returns true went FAULT");
    }
}
