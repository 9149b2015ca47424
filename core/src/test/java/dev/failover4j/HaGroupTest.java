package dev.failover4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.codec.VrrpPacket;
import dev.failover4j.spi.AddressManager;
import dev.failover4j.spi.Transport;
import dev.failover4j.testkit.SimulatedLan;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The builder's validation, the lifecycle, and the threading promises of {@link HaGroup}. */
class HaGroupTest {

    @Test
    void buildReportsEveryBadFieldAtOnceWithItsAllowedRange() {
        ConfigException e = assertThrows(ConfigException.class, () -> HaGroup.builder()
                .interfaceName("eth 0")
                .vrid(0)
                .priority(300)
                .virtualAddress("10.0.0.300/24")
                .vrrpVersion(3)
                .advertInterval(Duration.ofMillis(5))
                .authPassword("toolongpassword")
                .unicastPeer("224.0.0.1")
                .downTimerAdverts(0)
                .preempt(false).preemptDelay(Duration.ofSeconds(5))
                .healthCheck(HealthCheckSpec.builder("web", t -> true).fall(0).weight(300).build())
                .build());
        List<String> p = e.problems();
        String all = String.join("\n", p);
        assertTrue(all.contains("interfaceName: 'eth 0'"), all);
        assertTrue(all.contains("vrid: 0 is out of range (allowed 1..255)"), all);
        assertTrue(all.contains("priority: 300 is out of range (allowed 1..255"), all);
        assertTrue(all.contains("virtualAddress: '10.0.0.300/24'"), all);
        assertTrue(all.contains("advertInterval: PT0.005S is not allowed in VRRPv3 (multiples of 10 ms from 10 ms to 40.95 s)"), all);
        assertTrue(all.contains("authPassword: VRRPv3 has no authentication"), all);
        assertTrue(all.contains("unicastPeer: 224.0.0.1 is a multicast address"), all);
        assertTrue(all.contains("downTimerAdverts: 0 is out of range (allowed 1..100"), all);
        assertTrue(all.contains("preemptDelay: has no effect with preempt(false)"), all);
        assertTrue(all.contains("healthCheck 'web': fall 0 is out of range (allowed 1..1000)"), all);
        assertTrue(all.contains("healthCheck 'web': weight 300 is out of range (allowed -253..253)"), all);
        assertEquals(11, p.size(), all);
        assertTrue(e.getMessage().startsWith("invalid failover4j configuration:"));
    }

    @Test
    void requiredFieldsAreNamedAndNothingIsCoerced() {
        ConfigException e = assertThrows(ConfigException.class, () -> HaGroup.builder().build());
        assertEquals(List.of("interfaceName: required (e.g. eth0)", "vrid: required (1..255)",
                "virtualAddress: at least one is required (CIDR form, e.g. 192.168.0.100/24), or electionOnly(false) for leader election without one"), e.problems());
        ConfigException v2 = assertThrows(ConfigException.class, () -> HaGroup.builder().interfaceName("eth0").vrid(1)
                .virtualAddress("10.0.0.1/24").advertInterval(Duration.ofMillis(1500)).build());
        assertTrue(v2.problems().get(0).startsWith("advertInterval: PT1.5S is not allowed in VRRPv2 (whole seconds 1..255 s"));
        ConfigException v6 = assertThrows(ConfigException.class, () -> HaGroup.builder().interfaceName("eth0").vrid(1)
                .virtualAddress("fd00::1/64").build());
        assertEquals(List.of("vrrpVersion: IPv6 virtual addresses need VRRPv3 (vrrpVersion(3))"), v6.problems());
    }

    @Test
    void defaultsFollowKeepalivedAndTheLeaseCoversMasterDownInterval() {
        HaConfig c = HaGroup.builder().interfaceName("eth0").vrid(51).virtualAddress("10.0.0.100/24").build().config();
        assertEquals(100, c.priority());
        assertEquals(2, c.version().number());
        assertEquals(Duration.ofSeconds(1), c.advertInterval());
        assertTrue(c.preempt());
        assertEquals(3, c.downTimerAdverts());
        assertEquals(5, c.garpMasterRepeat());
        assertEquals(Duration.ofSeconds(5), c.garpMasterDelay());
        // Master_Down_Interval 3.61 s -> ceil 4 s + 1 s.
        assertEquals(Duration.ofSeconds(5), c.vipLease());
        HaConfig fast = HaGroup.builder().interfaceName("eth0").vrid(51).virtualAddress("10.0.0.100/24")
                .vrrpVersion(3).advertInterval(Duration.ofMillis(100)).build().config();
        assertEquals(Duration.ofSeconds(2), fast.vipLease());
    }

    @Test
    void theVirtualMacIsTheRfcsForEachFamilyAndAnElectionOnlyGroupHasNone() {
        HaConfig v4 = HaGroup.builder().interfaceName("eth0").vrid(51).virtualAddress("10.0.0.100/24")
                .useVirtualMac(true).buildConfig();
        assertEquals("vrrp.51", v4.addressInterface());
        assertEquals("eth0", v4.interfaceName());
        assertArrayEquals(new byte[] {0, 0, 0x5e, 0, 1, 51}, v4.virtualMac()); // RFC 3768 §7.3
        HaConfig v6 = HaGroup.builder().interfaceName("eth0").vrid(51).vrrpVersion(3).virtualAddress("fd00::100/64")
                .useVirtualMac(true).buildConfig();
        assertEquals("vrrp.51", v6.addressInterface());
        assertArrayEquals(new byte[] {0, 0, 0x5e, 0, 2, 51}, v6.virtualMac()); // RFC 5798 §7.3
        ConfigException e = assertThrows(ConfigException.class, () -> HaGroup.builder().interfaceName("eth0").vrid(51)
                .vrrpVersion(3).electionOnly(true).useVirtualMac(true).priority(300).buildConfig());
        assertEquals(List.of("priority: 300 is out of range (allowed 1..255; 255 = address owner)",
                "useVirtualMac: an election-only group has no address to put on a virtual MAC"), e.problems());
    }

    @Test
    void aVirtualMacInterfaceCanBeNamedAndTwoGroupsOfOneProcessNeverShareOne() throws Exception {
        HaConfig named = HaGroup.builder().interfaceName("eth0").vrid(51).vrrpVersion(3).virtualAddress("fd00::100/64")
                .useVirtualMac("vrrp6.51").buildConfig();
        assertEquals("vrrp6.51", named.addressInterface());
        assertArrayEquals(new byte[] {0, 0, 0x5e, 0, 2, 51}, named.virtualMac());
        ConfigException bad = assertThrows(ConfigException.class, () -> HaGroup.builder().interfaceName("eth0").vrid(51)
                .virtualAddress("10.0.0.100/24").useVirtualMac("a name that is far too long").startupDelay(Duration.ofHours(1))
                .buildConfig());
        assertEquals(List.of("useVirtualMac: 'a name that is far too long' is not an interface name (1..15 characters,"
                + " no white space, '/' or ':')", "startupDelay: PT1H is out of range (allowed 0..10 min)"), bad.problems());
        ConfigException own = assertThrows(ConfigException.class, () -> HaGroup.builder().interfaceName("eth0").vrid(51)
                .virtualAddress("10.0.0.100/24").useVirtualMac("eth0").buildConfig());
        assertEquals(List.of("useVirtualMac: 'eth0' is the group's own interface; the virtual MAC needs an interface of its own"),
                own.problems());

        // Creating the second would have deleted the first's interface as stale: it does not start, and says why.
        CountingTransport t = new CountingTransport();
        HaGroup first = HaGroup.builder().interfaceName("eth0").vrid(51).virtualAddress("10.0.0.100/24").useVirtualMac("vmac51")
                .transport(t).addressManager(t).build();
        HaGroup second = HaGroup.builder().interfaceName("eth0").vrid(52).virtualAddress("10.0.0.101/24").useVirtualMac("vmac51")
                .transport(t).addressManager(t).build();
        first.start();
        FailoverException e = assertThrows(FailoverException.class, second::start);
        assertTrue(e.getMessage().contains("the virtual MAC interface vmac51 is another group's in this process"), e.getMessage());
        assertTrue(e.getMessage().contains("useVirtualMac(\"vrrp1.52\")"), e.getMessage());
        first.close();
        HaGroup third = HaGroup.builder().interfaceName("eth0").vrid(52).virtualAddress("10.0.0.101/24").useVirtualMac("vmac51")
                .transport(t).addressManager(t).build();
        third.start(); // the name is free again once the first has closed
        assertTrue(third.awaitState(HaState.BACKUP, Duration.ofSeconds(5)) || third.state() == HaState.MASTER, String.valueOf(third.state()));
        third.close();
        second.close();
        assertEquals(List.of("create vmac51", "delete vmac51", "create vmac51", "delete vmac51"),
                t.log.stream().filter(l -> l.contains("vmac51")).toList(), "the first's interface was never deleted by the second");
    }

    @Test
    void thePasswordNeverAppearsInToString() {
        HaConfig c = HaGroup.builder().interfaceName("eth0").vrid(51).virtualAddress("10.0.0.100/24")
                .authPassword("s3cret").build().config();
        assertFalse(c.toString().contains("s3cret"), c.toString());
    }

    @Test
    void withoutANetworkProviderStartNamesTheJnaNetModule() {
        HaGroup g = HaGroup.builder().interfaceName("eth0").vrid(51).virtualAddress("10.0.0.100/24").build();
        FailoverException e = assertThrows(FailoverException.class, g::start);
        assertTrue(e.getMessage().contains("dev.failover4j:failover4j-jna-net"), e.getMessage());
        g.close(Duration.ofSeconds(1));
        assertEquals(HaState.INITIALIZE, g.state());
    }

    @Test
    void startIsOnceAndCloseIsIdempotent() {
        SimulatedLan lan = new SimulatedLan(1);
        HaGroup g = lan.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51)
                .virtualAddress("10.0.0.100/24").build();
        g.start();
        assertEquals(HaState.BACKUP, g.state());
        assertThrows(IllegalStateException.class, g::start);
        g.close();
        g.close();
        assertThrows(IllegalStateException.class, g::start);
        HaGroup never = lan.node("b", "10.0.0.2").configure(HaGroup.builder()).vrid(52)
                .virtualAddress("10.0.0.101/24").build();
        never.close(); // close without start is fine
    }

    /** A transport on real threads that counts adverts and sends nowhere. */
    static final class CountingTransport implements Transport, AddressManager {
        final AtomicInteger adverts = new AtomicInteger();
        final List<String> log = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void createVirtualMac(String baseInterface, String name, byte[] mac) {
            log.add("create " + name);
        }

        @Override
        public void deleteVirtualMac(String name) {
            log.add("delete " + name);
        }

        @Override
        public Channel open(ChannelSpec spec, Receiver receiver) {
            return new Channel() {
                @Override
                public InetAddress localAddress() {
                    return InetAddress.getLoopbackAddress();
                }

                @Override
                public void send(VrrpPacket advert) {
                    adverts.incrementAndGet();
                    log.add("advert " + advert.priority());
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void add(String interfaceName, List<VirtualAddress> vips, Duration lease) {
            log.add("add");
        }

        @Override
        public void remove(String interfaceName, List<VirtualAddress> vips) {
            log.add("remove");
        }

        @Override
        public void announce(String interfaceName, List<VirtualAddress> vips, int count) {
            log.add("announce");
        }
    }

    @Test
    void onRealThreadsABlockedListenerDoesNotStopAdvertsAndCloseDeliversTheFinalChange() throws Exception {
        CountingTransport t = new CountingTransport();
        CountDownLatch release = new CountDownLatch(1);
        List<StateChange> seen = Collections.synchronizedList(new ArrayList<>());
        HaGroup g = HaGroup.builder().interfaceName("eth0").vrid(51).priority(255).vrrpVersion(3)
                .advertInterval(Duration.ofMillis(10)).virtualAddress("10.0.0.100/24")
                .transport(t).addressManager(t)
                .listener(c -> {
                    seen.add(c);
                    if (c.current() == HaState.MASTER) {
                        try {
                            release.await(10, TimeUnit.SECONDS); // a listener that hangs
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .build();
        g.start();
        assertTrue(g.awaitState(HaState.MASTER, Duration.ofSeconds(5)));
        // While the listener hangs, the protocol thread keeps advertising every 10 ms.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.adverts.get() < 20 && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertTrue(t.adverts.get() >= 20, "adverts sent while the listener hung: " + t.adverts.get());
        release.countDown();
        g.close(Duration.ofSeconds(5));
        assertEquals(HaState.INITIALIZE, seen.get(seen.size() - 1).current(), "close() delivers the final change: " + seen);
        List<String> log = List.copyOf(t.log);
        int stop = log.lastIndexOf("advert 0");
        assertTrue(stop >= 0 && log.subList(stop, log.size()).contains("remove"), "priority 0 then release: " + log);
    }

    @Test
    void concurrentCloseCallsAllWaitForTheGracefulStop() throws Exception {
        CountingTransport t = new CountingTransport();
        HaGroup g = HaGroup.builder().interfaceName("eth0").vrid(51).priority(255).virtualAddress("10.0.0.100/24")
                .transport(t).addressManager(t).build();
        g.start();
        assertTrue(g.awaitState(HaState.MASTER, Duration.ofSeconds(5)));
        Thread[] closers = new Thread[4];
        for (int i = 0; i < closers.length; i++) {
            closers[i] = new Thread(() -> g.close(Duration.ofSeconds(5)));
            closers[i].start();
        }
        for (Thread c : closers) {
            c.join(10_000);
        }
        assertEquals(HaState.INITIALIZE, g.state());
        List<String> log = List.copyOf(t.log);
        assertEquals(1, log.stream().filter("advert 0"::equals).count(), "one priority-0 advert: " + log);
        assertTrue(log.indexOf("remove") > log.indexOf("advert 0"), "then the VIP released: " + log);
    }

    @Test
    void closeFromInsideAListenerDoesNotDeadlock() throws Exception {
        CountingTransport t = new CountingTransport();
        CountDownLatch done = new CountDownLatch(1);
        HaGroup[] holder = new HaGroup[1];
        HaGroup g = HaGroup.builder().interfaceName("eth0").vrid(51).priority(255).virtualAddress("10.0.0.100/24")
                .transport(t).addressManager(t)
                .listener(c -> {
                    if (c.current() == HaState.MASTER) {
                        holder[0].close(Duration.ofSeconds(5));
                        done.countDown();
                    }
                })
                .build();
        holder[0] = g;
        g.start();
        assertTrue(done.await(10, TimeUnit.SECONDS), "close() inside a listener returned");
        assertEquals(HaState.INITIALIZE, g.state());
    }

    @Test
    void manyGroupsShareOneProtocolThreadAndReleaseItWhenTheLastCloses() throws Exception {
        int othersHolding = dev.failover4j.internal.SharedRuntime.users(); // groups other tests left open
        CountingTransport t = new CountingTransport();
        List<HaGroup> groups = new ArrayList<>();
        for (int vrid = 1; vrid <= 100; vrid++) {
            groups.add(HaGroup.builder().interfaceName("eth0").vrid(vrid).priority(255).vrrpVersion(3)
                    .advertInterval(Duration.ofMillis(100)).virtualAddress("10.0." + vrid + ".100/24")
                    .transport(t).addressManager(t).listener(c -> { }).build());
        }
        groups.forEach(HaGroup::start);
        for (HaGroup g : groups) {
            assertTrue(g.awaitState(HaState.MASTER, Duration.ofSeconds(5)), g.toString());
        }
        assertEquals(1, liveThreads("failover4j-loop"), "one protocol thread for 100 groups");
        // Besides the loop, pool threads exist only while deliveries run: far fewer than one per group.
        assertTrue(liveThreads("failover4j-") < 25, "failover4j threads for 100 groups: " + liveThreads("failover4j-"));
        assertEquals(othersHolding + 100, dev.failover4j.internal.SharedRuntime.users());
        groups.forEach(HaGroup::close);
        assertEquals(othersHolding, dev.failover4j.internal.SharedRuntime.users(), "each group gave its share back");
        if (othersHolding == 0) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (liveThreads("failover4j-loop") > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            assertEquals(0, liveThreads("failover4j-loop"), "the shared loop ends with the last group");
        }
    }

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(th -> th.isAlive() && th.getName().startsWith(prefix)).count();
    }

    @Test
    void aRemovedListenerHearsNothingMore() {
        SimulatedLan lan = new SimulatedLan(1);
        List<StateChange> kept = new ArrayList<>();
        List<StateChange> removed = new ArrayList<>();
        StateListener gone = removed::add;
        HaGroup g = lan.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51).virtualAddress("10.0.0.100/24")
                .listener(kept::add, Runnable::run).listener(gone, Runnable::run).build();
        g.start();
        assertEquals(1, removed.size(), "INITIALIZE -> BACKUP");
        assertTrue(g.removeListener(gone));
        assertFalse(g.removeListener(gone), "only once");
        lan.clock().advance(Duration.ofSeconds(5));
        assertEquals(HaState.MASTER, g.state());
        assertEquals(1, removed.size(), "nothing after removal: " + removed);
        assertEquals(2, kept.size(), "the other listener still hears: " + kept);
        g.close();
    }

    @Test
    void aListenerThatThrowsIsCountedInTheStatusAndStillCalled() {
        SimulatedLan lan = new SimulatedLan(1);
        List<HaState> seen = new ArrayList<>();
        HaGroup g = lan.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51).virtualAddress("10.0.0.100/24")
                .listener(c -> {
                    seen.add(c.current());
                    throw new IllegalStateException("listener bug");
                }, Runnable::run).build();
        g.start();
        assertEquals(1, g.status().counters().get(Counter.LISTENER_ERRORS));
        lan.clock().advance(Duration.ofSeconds(5));
        assertEquals(List.of(HaState.BACKUP, HaState.MASTER), seen);
        assertEquals(2, g.status().counters().get(Counter.LISTENER_ERRORS));
        g.close();
    }

    @Test
    void awaitStateReturnsFalseAtOnceWhenTheGroupIsClosed() throws Exception {
        CountingTransport t = new CountingTransport();
        HaGroup g = HaGroup.builder().interfaceName("eth0").vrid(51).priority(255).virtualAddress("10.0.0.100/24")
                .transport(t).addressManager(t).build();
        g.start();
        assertTrue(g.awaitState(HaState.MASTER, Duration.ofSeconds(5)));
        long[] waited = new long[1];
        boolean[] result = {true};
        Thread waiter = new Thread(() -> {
            long t0 = System.nanoTime();
            try {
                result[0] = g.awaitState(HaState.FAULT, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            waited[0] = System.nanoTime() - t0;
        });
        waiter.start();
        Thread.sleep(200);
        g.close();
        waiter.join(10_000);
        assertFalse(result[0], "FAULT was never reached");
        assertTrue(waited[0] < TimeUnit.SECONDS.toNanos(5), "returned at close, not after 30 s: " + waited[0] / 1_000_000 + " ms");
        assertFalse(g.awaitState(HaState.MASTER, Duration.ofSeconds(30)), "after close: at once");
        assertTrue(g.awaitState(HaState.INITIALIZE, Duration.ofSeconds(30)));
    }

    @Test
    void aListenerThatReadsTheStatusSeesTheStateItIsToldAbout() {
        SimulatedLan lan = new SimulatedLan(17);
        HaGroup g = lan.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51).virtualAddress("10.0.0.100/24").build();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        g.addListener(change -> seen.add(change.current() + "/" + g.status().state()), Runnable::run);
        g.start();
        lan.clock().advance(Duration.ofSeconds(5));
        g.close();
        assertEquals(List.of("BACKUP/BACKUP", "MASTER/MASTER", "INITIALIZE/INITIALIZE"), seen);
    }
}
