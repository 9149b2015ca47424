package dev.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.testkit.SimulatedLan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@link HaGroup}s built with the builder, on the testkit's simulated LAN and virtual clock.
 * VRRPv2 at 1 s: Master_Down_Interval is 3 s + Skew_Time, Skew_Time (256 − prio)/256 s.
 */
class ScenarioTest {

    static final String VIP = "10.0.0.100";
    static final Duration ONE_S = Duration.ofSeconds(1);

    final SimulatedLan lan = new SimulatedLan(7).latency(Duration.ofMillis(1));
    final List<Node> nodes = new ArrayList<>();

    /** A started group on a new node, with a recording listener. */
    Node node(String name, String ip, int priority, Consumer<HaGroup.Builder> tweak) {
        SimulatedLan.Node n = lan.node(name, ip);
        List<StateChange> seen = Collections.synchronizedList(new ArrayList<>());
        HaGroup.Builder b = n.configure(HaGroup.builder()).vrid(51).priority(priority).virtualAddress(VIP + "/24")
                .listener(seen::add, lan.clock());
        tweak.accept(b);
        HaGroup g = b.build();
        g.start();
        Node node = new Node(n, g, seen);
        nodes.add(node);
        return node;
    }

    Node node(String name, String ip, int priority) {
        return node(name, ip, priority, b -> { });
    }

    record Node(SimulatedLan.Node host, HaGroup group, List<StateChange> seen) {
        HaState state() {
            return group.state();
        }

        List<HaState> states() {
            return seen.stream().map(StateChange::current).toList();
        }
    }

    void run(Duration d) {
        lan.clock().advance(d);
    }

    /** Runs until exactly one node holds the VIP and it is the one given, or fails after {@code max}. */
    Duration timeUntilHeldBy(Node n, Duration max) {
        long start = lan.clock().nanoTime();
        boolean ok = lan.clock().runUntil(() -> lan.holders(VIP).equals(List.of(n.host().name()))
                && n.state() == HaState.MASTER, max);
        assertTrue(ok, "VIP held by " + lan.holders(VIP) + " after " + max + ", expected " + n.host().name());
        return Duration.ofNanos(lan.clock().nanoTime() - start);
    }

    /** Live nodes in MASTER (a dead host's group is frozen in whatever state it died in). */
    long masters() {
        return nodes.stream().filter(n -> !n.host().isDead() && n.group().isMaster()).count();
    }

    @Test
    void theHigherPriorityNodeBecomesMasterAndHoldsTheVipAlone() {
        Node a = node("a", "10.0.0.1", 101);
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        run(Duration.ofSeconds(30));
        assertEquals(List.of("a"), lan.holders(VIP));
        assertEquals(HaState.BACKUP, b.state());
        assertEquals(List.of(HaState.BACKUP, HaState.MASTER), a.states());
        assertEquals(List.of(HaState.BACKUP), b.states());
        assertEquals("a", lan.arpOwner(VirtualAddress.parse(VIP + "/32").address()), "clients were told by a's GARP");
        assertEquals(a.host().address(), b.group().status().masterAddress());
    }

    @Test
    void masterDiesTheBackupTakesOverWithinMasterDownInterval() {
        Node a = node("a", "10.0.0.1", 101);
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        run(Duration.ofMillis(300));
        a.host().kill();
        // RFC 3768 §6.4.2: after Master_Down_Interval = 3 s + 156/256 s of silence (plus one latency).
        Duration took = timeUntilHeldBy(b, Duration.ofSeconds(5));
        assertTrue(took.compareTo(b.group().config().masterDownInterval()) <= 0, "took " + took);
        assertTrue(took.compareTo(b.group().config().masterDownInterval().minus(ONE_S)) > 0, "took " + took);
        assertEquals(1, b.group().status().epoch());
    }

    /**
     * The backup's process stalls for longer than Master_Down_Interval while the master keeps sending:
     * the adverts that arrived meanwhile are read before the overdue timer, so nothing changes.
     */
    @Test
    void aBackupsOwnStallIsNotATakeover() {
        Node a = node("a", "10.0.0.1", 101, b -> b.advertInterval(Duration.ofMillis(100)).vrrpVersion(VrrpVersion.V3));
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        Node b = node("b", "10.0.0.2", 100, b2 -> b2.advertInterval(Duration.ofMillis(100)).vrrpVersion(VrrpVersion.V3));
        run(Duration.ofMillis(250));
        int changes = b.seen().size();
        long sent = b.group().status().counters().get(Counter.ADVERTS_SENT);
        b.host().pause(Duration.ofSeconds(2)); // Master_Down_Interval is 360.9 ms
        run(Duration.ofSeconds(5));
        assertEquals(changes, b.seen().size(), "the stalled backup changed state: " + b.seen());
        assertEquals(HaState.BACKUP, b.state());
        assertEquals(sent, b.group().status().counters().get(Counter.ADVERTS_SENT), "the stalled backup sent an advert");
        assertEquals(List.of("a"), lan.holders(VIP));
        assertEquals(1, b.group().status().counters().get(Counter.LATE_WAKEUPS), "the stall is counted once");
        assertEquals(0, a.group().status().counters().get(Counter.LATE_WAKEUPS));
    }

    @Test
    void masterClosesGracefullyTheBackupTakesOverAfterSkewTimeOnly() {
        Node a = node("a", "10.0.0.1", 101);
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        run(Duration.ofMillis(300));
        a.group().close();
        assertEquals(HaState.INITIALIZE, a.state());
        assertEquals(HaState.INITIALIZE, a.seen().get(a.seen().size() - 1).current(), "final change delivered");
        assertFalse(a.host().holds(VIP), "VIP released on close");
        // Priority 0 received: the backup waits Skew_Time = 156/256 s only (a pair: no takeover settle).
        Duration took = timeUntilHeldBy(b, Duration.ofSeconds(2));
        assertTrue(took.compareTo(Duration.ofMillis(620)) < 0, "took " + took);
        a.group().close(); // idempotent
    }

    @Test
    void healthFailureMovesTheVipAndRecoveryMovesItBackWithPreempt() {
        AtomicBoolean healthy = new AtomicBoolean(true);
        Node a = node("a", "10.0.0.1", 101, b -> b.healthCheck(HealthCheckSpec.builder("web", t -> healthy.get())
                .interval(ONE_S).fall(2).rise(2).build()));
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        healthy.set(false);
        timeUntilHeldBy(b, Duration.ofSeconds(4)); // 2 failures (fall) + Skew_Time after a's priority 0
        assertEquals(HaState.FAULT, a.state());
        assertEquals(Cause.HEALTH_FAULT, a.group().status().lastTransition().cause());
        assertFalse(a.group().status().health().get(0).healthy());
        healthy.set(true);
        // rise 2, then BACKUP; b's lower adverts are discarded and a preempts after Master_Down_Interval.
        timeUntilHeldBy(a, Duration.ofSeconds(8));
        assertEquals(HaState.BACKUP, b.state());
    }

    @Test
    void withNopreemptTheRecoveredNodeStaysBackup() {
        AtomicBoolean healthy = new AtomicBoolean(true);
        Node a = node("a", "10.0.0.1", 101, b -> b.preempt(false).healthCheck("web", t -> healthy.get()));
        Node b = node("b", "10.0.0.2", 100, x -> x.preempt(false));
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        healthy.set(false);
        timeUntilHeldBy(b, Duration.ofSeconds(4));
        healthy.set(true);
        run(Duration.ofSeconds(30));
        assertEquals(List.of("b"), lan.holders(VIP));
        assertEquals(HaState.BACKUP, a.state());
    }

    @Test
    void aNegativeWeightLetsAHealthierBackupPreempt() {
        AtomicBoolean healthy = new AtomicBoolean(true);
        Node a = node("a", "10.0.0.1", 110, b -> b.healthCheck(HealthCheckSpec.builder("disk", t -> healthy.get())
                .weight(-20).build()));
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        healthy.set(false);
        timeUntilHeldBy(b, Duration.ofSeconds(6));
        assertEquals(90, a.group().status().effectivePriority());
        assertEquals(HaState.BACKUP, a.state());
    }

    @Test
    void partitionMakesTwoMastersHealLeavesExactlyOneWithinOneAdvertInterval() {
        Node a = node("a", "10.0.0.1", 101);
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        lan.partition(List.of("a"), List.of("b"));
        run(Duration.ofSeconds(10));
        assertEquals(2, masters(), "each side of a partition elects its own master");
        lan.heal();
        // a's next advert (at most one interval away) reaches b, which yields (RFC §6.4.3).
        Duration took = timeUntilHeldBy(a, Duration.ofSeconds(2));
        assertTrue(took.compareTo(ONE_S.plusMillis(2)) <= 0, "took " + took);
        assertEquals(1, masters());
    }

    @Test
    void afterAHealTheWinnerTellsTheApplicationWhoWasAlsoMaster() {
        // keepalived's notify_master_rx_lower_pri: the winner answers b's advert, and its listener and status
        // name b. b (priority 100) sends first when its next advert is due before a's.
        List<LowerPriorityMaster> events = Collections.synchronizedList(new ArrayList<>());
        Node a = node("a", "10.0.0.1", 101, g -> g.listener(new StateListener() {
            @Override
            public void onStateChange(StateChange change) {
            }

            @Override
            public void onLowerPriorityMaster(LowerPriorityMaster event) {
                events.add(event);
            }
        }, lan.clock()));
        Node b = node("b", "10.0.0.2", 100, g -> g.higherPrioritySendAdvert(true));
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        lan.partition(List.of("a"), List.of("b"));
        run(Duration.ofSeconds(10));
        assertEquals(2, masters());
        lan.heal();
        timeUntilHeldBy(a, Duration.ofSeconds(2));
        run(Duration.ofSeconds(1));
        assertEquals(1, events.size(), events.toString());
        LowerPriorityMaster e = events.get(0);
        assertEquals(b.host().address(), e.address());
        assertEquals(100, e.priority());
        assertEquals(101, e.ourPriority());
        assertEquals(a.group().status().epoch(), e.epoch());
        assertEquals(e, a.group().status().lastLowerPriorityMaster());
        assertTrue(a.group().status().counters().get(Counter.LOWER_PRIORITY_MASTER_ADVERTS) >= 1);
        assertEquals(null, b.group().status().lastLowerPriorityMaster(), "the loser heard a higher master");
    }

    @Test
    void writingATrackedFileMovesTheMasterAwayAndBack(@TempDir Path dir) throws Exception {
        // keepalived's track_file as the operator's knob: a value of 1 × weight -10 puts a (101) below b (100).
        Path knob = dir.resolve("a.prio");
        Files.writeString(knob, "0\n");
        Node a = node("a", "10.0.0.1", 101, g -> g.trackFile(knob, -10));
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        Files.writeString(knob, "1\n");
        awaitEffectivePriority(a, 91);
        timeUntilHeldBy(b, Duration.ofSeconds(5));
        assertEquals(Cause.PREEMPTED, b.seen().get(b.seen().size() - 1).cause());
        Files.writeString(knob, "0\n");
        awaitEffectivePriority(a, 101);
        timeUntilHeldBy(a, Duration.ofSeconds(5));
        HealthStatus file = a.group().status().health().get(0);
        assertEquals("file " + knob, file.name());
        assertTrue(file.lastDetail().startsWith("value 0 * weight -10 = 0"), file.lastDetail());
    }

    @Test
    void aTrackedFileWithWeightZeroIsFaultWhileItHoldsANonZeroValue(@TempDir Path dir) throws Exception {
        Path stop = dir.resolve("maintenance");
        Node a = node("a", "10.0.0.1", 101, g -> g.trackFile(stop, 0));
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        Files.writeString(stop, "1");
        awaitState(a, HaState.FAULT);
        timeUntilHeldBy(b, Duration.ofSeconds(2));
        Files.delete(stop); // a missing file reads as 0
        awaitState(a, HaState.BACKUP);
        timeUntilHeldBy(a, Duration.ofSeconds(5));
    }

    /** The file watch runs on a real thread: let it post its read to the virtual clock, in real time (bounded). */
    private void awaitEffectivePriority(Node n, int priority) throws InterruptedException {
        awaitReal(() -> n.group().status().effectivePriority() == priority, "effective priority " + priority);
    }

    private void awaitState(Node n, HaState state) throws InterruptedException {
        awaitReal(() -> n.state() == state, "state " + state);
    }

    private void awaitReal(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - end < 0, "not reached within 10 s: " + what);
            Thread.sleep(5);
            run(Duration.ofMillis(60)); // past the empty-file recheck, if the watch saw a truncation
        }
    }

    @Test
    void twoNodesStartedTogetherAt100MsNeverBothBecomeMaster() {
        // Their Master_Down timers run out 0.39 ms apart (Skew_Time's difference), less than the LAN's
        // 1 ms latency: without a settle before the first bind, b would be MASTER for a moment at 0.36 s.
        for (int round = 0; round < 5; round++) {
            SimulatedLan l = new SimulatedLan(round).latency(Duration.ofMillis(1));
            List<StateChange> seenA = new ArrayList<>();
            List<StateChange> seenB = new ArrayList<>();
            HaGroup a = l.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51).priority(101).vrrpVersion(3)
                    .advertInterval(Duration.ofMillis(100)).virtualAddress(VIP + "/24").listener(seenA::add, l.clock()).build();
            HaGroup b = l.node("b", "10.0.0.2").configure(HaGroup.builder()).vrid(51).priority(100).vrrpVersion(3)
                    .advertInterval(Duration.ofMillis(100)).virtualAddress(VIP + "/24").listener(seenB::add, l.clock()).build();
            a.start();
            b.start();
            l.clock().advance(Duration.ofSeconds(2));
            assertEquals(HaState.MASTER, a.state());
            assertEquals(List.of(HaState.BACKUP), seenB.stream().map(StateChange::current).toList(), "b never MASTER");
            assertEquals(List.of("a"), l.holders(VIP));
            a.close();
            b.close();
        }
    }

    @Test
    void aStartupDelayKeepsTheGroupSilentInInitializeThatLong() {
        // keepalived's vrrp_startup_delay: a link that passes nothing for a while after boot.
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(b, Duration.ofSeconds(4));
        Node a = node("a", "10.0.0.1", 101, g -> g.startupDelay(Duration.ofSeconds(3)));
        run(Duration.ofMillis(2900));
        assertEquals(HaState.INITIALIZE, a.state());
        assertEquals(0, a.host().advertsSent(), "silent during the delay");
        assertEquals(List.of(), a.states());
        run(Duration.ofMillis(200));
        assertEquals(HaState.BACKUP, a.state(), "then it starts as usual");
        timeUntilHeldBy(a, Duration.ofSeconds(4)); // and preempts b
    }

    @Test
    void aLiveReconfigurationKeepsTheMasterAddsTheNewVipAndNobodySeesPriorityZero() {
        Node a = node("a", "10.0.0.1", 101);
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        run(Duration.ofSeconds(10)); // past the second GARP burst
        int aChanges = a.seen().size();
        int bChanges = b.seen().size();
        a.group().reconfigure(a.host().configure(HaGroup.builder()).vrid(51).priority(120)
                .virtualAddress(VIP + "/24").virtualAddress("10.0.0.101/24").buildConfig());
        run(Duration.ofSeconds(10));
        assertEquals(HaState.MASTER, a.state());
        assertTrue(a.host().holds("10.0.0.101") && a.host().holds(VIP), "both addresses on a");
        assertEquals(List.of("a"), lan.holders("10.0.0.101"));
        assertEquals("a", lan.arpOwner("10.0.0.101"), "the new address announced");
        assertEquals(120, a.group().status().effectivePriority());
        assertEquals(120, b.group().status().masterPriority(), "the backup heard the new priority");
        assertEquals(aChanges, a.seen().size(), "no state change on a");
        assertEquals(bChanges, b.seen().size(), "none on b");
        assertEquals(0, b.group().status().counters().get(Counter.PRIORITY_ZERO_RECEIVED), "no priority-0 advert");
        assertEquals(2, a.group().config().virtualAddresses().size());
        assertEquals(2, a.group().status().virtualAddresses().size());
    }

    @Test
    void preemptionAndTrackedInterfacesChangeLiveAndTakeEffectAtOnce() {
        Node a = node("a", "10.0.0.1", 101);
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        // b above a, but told not to preempt (keepalived's nopreempt): a stays master.
        b.group().reconfigure(b.host().configure(HaGroup.builder()).vrid(51).priority(110).preempt(false)
                .virtualAddress(VIP + "/24").buildConfig());
        run(Duration.ofSeconds(10));
        assertEquals(List.of("a"), lan.holders(VIP), "nopreempt applied live");
        assertEquals(HaState.BACKUP, b.state());
        b.group().reconfigure(b.host().configure(HaGroup.builder()).vrid(51).priority(110)
                .virtualAddress(VIP + "/24").buildConfig());
        timeUntilHeldBy(b, Duration.ofSeconds(5)); // preempt again: b takes over at its next look at a's advert
        // A tracked interface added live counts at once; removed, it no longer does.
        b.group().reconfigure(b.host().configure(HaGroup.builder()).vrid(51).priority(110).trackInterface("eth1", 0)
                .virtualAddress(VIP + "/24").buildConfig());
        b.host().linkDown("eth1");
        run(Duration.ofMillis(10));
        assertEquals(HaState.FAULT, b.state(), "eth1 down: FAULT (weight 0)");
        timeUntilHeldBy(a, Duration.ofSeconds(5));
        b.group().reconfigure(b.host().configure(HaGroup.builder()).vrid(51).priority(110)
                .virtualAddress(VIP + "/24").buildConfig());
        run(Duration.ofMillis(10));
        assertEquals(HaState.BACKUP, b.state(), "eth1 untracked: out of FAULT though still down");
        timeUntilHeldBy(b, Duration.ofSeconds(5));
    }

    @Test
    void unicastPeersChangeLiveAndAPeerAddedToTheMasterHearsItAtOnce() throws Exception {
        Node a = node("a", "10.0.0.1", 101, g -> g.unicastPeer("10.0.0.2"));
        Node b = node("b", "10.0.0.2", 100, g -> g.unicastPeer("10.0.0.1"));
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        run(Duration.ofSeconds(2));
        int aChanges = a.seen().size();
        // A third router joins; a's peer list gets it by a reload (the channel is opened again), so c hears
        // a's adverts and never times out into a second master.
        Node c = node("c", "10.0.0.3", 100, g -> g.unicastPeer("10.0.0.1"));
        a.group().reconfigure(a.host().configure(HaGroup.builder()).vrid(51).priority(101).virtualAddress(VIP + "/24")
                .unicastPeer("10.0.0.2").unicastPeer("10.0.0.3").buildConfig());
        run(Duration.ofSeconds(10));
        assertEquals(List.of("a"), lan.holders(VIP));
        assertEquals(HaState.BACKUP, c.state(), "c heard a within its Master_Down_Interval");
        assertEquals(java.net.InetAddress.getByName("10.0.0.1"), c.group().status().masterAddress());
        assertEquals(HaState.BACKUP, b.state());
        assertEquals(aChanges, a.seen().size(), "no state change on a");
        assertEquals(List.of(java.net.InetAddress.getByName("10.0.0.2"), java.net.InetAddress.getByName("10.0.0.3")),
                a.group().config().unicastPeers());
    }

    @Test
    void aReconfigurationThatChangesTheGroupsIdentityIsRefusedWholeNamingEachField() {
        Node a = node("a", "10.0.0.1", 101);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        HaConfig bad = HaGroup.builder().interfaceName("eth9").vrid(52).priority(90).virtualAddress(VIP + "/24").buildConfig();
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> a.group().reconfigure(bad));
        assertTrue(e.getMessage().contains("interfaceName: eth0 -> eth9 cannot change live"), e.getMessage());
        assertTrue(e.getMessage().contains("vrid: 51 -> 52"), e.getMessage());
        assertEquals(101, a.group().status().effectivePriority(), "nothing applied, not even the priority");
        assertEquals(51, a.group().config().vrid());
    }

    @Test
    void aHealthCheckThatStaysKeepsItsFailingVerdictThroughAReconfiguration() {
        // Without carrying the verdict over, a's priority would jump back to 101 until the check ran again.
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(b, Duration.ofSeconds(4));
        Node a = node("a", "10.0.0.1", 101, g -> g.healthCheck(HealthCheckSpec.builder("app", t -> false).weight(-20).build()));
        run(Duration.ofSeconds(5));
        assertEquals(81, a.group().status().effectivePriority());
        a.group().reconfigure(a.host().configure(HaGroup.builder()).vrid(51).priority(101).virtualAddress(VIP + "/24")
                .preemptDelay(Duration.ofSeconds(1))
                .healthCheck(HealthCheckSpec.builder("app", t -> false).weight(-20).build()).buildConfig());
        assertEquals(81, a.group().status().effectivePriority(), "still failing, still -20");
        run(Duration.ofSeconds(10));
        assertEquals(HaState.BACKUP, a.state());
        assertEquals(List.of("b"), lan.holders(VIP));
    }

    @Test
    void aTrackedInterfaceDownIsFaultWithWeightZeroAndANegativeWeightOtherwise() {
        // keepalived's track_interface: "eth3 (no weight): fault if down", "eth2 weight -2: prio -2 if DOWN".
        Node a = node("a", "10.0.0.1", 101, g -> g.trackInterface("eth1", 0).trackInterface("eth2", -5));
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        a.host().linkDown("eth2");
        run(Duration.ofMillis(10));
        assertEquals(96, a.group().status().effectivePriority(), "101 - 5 while eth2 is down");
        timeUntilHeldBy(b, Duration.ofSeconds(5)); // b (100) preempts
        a.host().linkUp("eth2");
        timeUntilHeldBy(a, Duration.ofSeconds(5));
        a.host().linkDown("eth1");
        run(Duration.ofMillis(10));
        assertEquals(HaState.FAULT, a.state());
        assertTrue(a.group().status().lastTransition().reason().contains("interface eth1 (link down)"),
                a.group().status().lastTransition().reason());
        timeUntilHeldBy(b, Duration.ofSeconds(2));
        HealthStatus eth1 = a.group().status().health().stream().filter(h -> h.name().equals("interface eth1")).findFirst().orElseThrow();
        assertEquals(false, eth1.healthy());
        a.host().linkUp("eth1");
        timeUntilHeldBy(a, Duration.ofSeconds(5));
    }

    /** A binder that calls out (a cloud API): each add completes {@code delay} later, or fails while {@code failing}. */
    static final class SlowBinder implements dev.failover4j.spi.AddressManager {
        final dev.failover4j.testkit.VirtualClock clock;
        final Duration delay;
        final AtomicBoolean failing = new AtomicBoolean();
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        SlowBinder(dev.failover4j.testkit.VirtualClock clock, Duration delay) {
            this.clock = clock;
            this.delay = delay;
        }

        @Override
        public void add(String interfaceName, List<VirtualAddress> vips, Duration lease) {
            calls.add("add");
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> addAsync(String interfaceName, List<VirtualAddress> vips, Duration lease) {
            calls.add("addAsync");
            java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
            clock.schedule(() -> {
                if (failing.get()) {
                    f.completeExceptionally(new java.io.IOException("the cloud API said 503"));
                } else {
                    f.complete(null);
                }
            }, clock.nanoTime() + delay.toNanos());
            return f;
        }

        @Override
        public void remove(String interfaceName, List<VirtualAddress> vips) {
            calls.add("remove");
        }

        @Override
        public void announce(String interfaceName, List<VirtualAddress> vips, int count) {
            calls.add("announce");
        }
    }

    @Test
    void aSlowBinderMakesTheGroupMasterOnlyWhenItCompletesWhileItsAdvertsKeepThePeerBackup() {
        SlowBinder binder = new SlowBinder(lan.clock(), Duration.ofSeconds(2));
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(b, Duration.ofSeconds(4));
        Node a = node("a", "10.0.0.1", 101, g -> g.addressManager(binder).vipLease(Duration.ZERO));
        // a preempts b after Master_Down_Interval (3.6 s): its adverts go out at once, b yields; the
        // binder then takes 2 s, and only then do a's listeners hear MASTER.
        assertTrue(lan.clock().runUntil(() -> binder.calls.contains("addAsync"), Duration.ofSeconds(5)));
        long asked = lan.clock().nanoTime();
        assertEquals(HaState.BACKUP, a.state(), "not MASTER for listeners while the binder works");
        run(Duration.ofMillis(1500));
        assertEquals(HaState.BACKUP, a.state());
        assertEquals(HaState.BACKUP, b.state(), "b heard a's adverts and yielded; nobody preempts a meanwhile");
        assertTrue(lan.clock().runUntil(() -> a.state() == HaState.MASTER, Duration.ofSeconds(1)));
        assertTrue(lan.clock().nanoTime() - asked >= Duration.ofSeconds(2).toNanos(), "MASTER after the binder completed");
        assertTrue(binder.calls.indexOf("announce") > binder.calls.indexOf("addAsync"), binder.calls.toString());
    }

    @Test
    void aBinderThatFailsIsABindFailureFaultAndRetried() {
        SlowBinder binder = new SlowBinder(lan.clock(), Duration.ofMillis(500));
        binder.failing.set(true);
        Node a = node("a", "10.0.0.1", 101, g -> g.addressManager(binder).vipLease(Duration.ZERO));
        Node b = node("b", "10.0.0.2", 100);
        assertTrue(lan.clock().runUntil(() -> a.state() == HaState.FAULT, Duration.ofSeconds(6)));
        assertEquals(Cause.VIP_BIND_FAILED, a.group().status().lastTransition().cause());
        assertTrue(a.group().status().lastTransition().reason().contains("the cloud API said 503"),
                a.group().status().lastTransition().reason());
        timeUntilHeldBy(b, Duration.ofSeconds(2));
        binder.failing.set(false);
        run(Duration.ofSeconds(30));
        assertEquals(HaState.BACKUP, a.state(), "back from FAULT, and (as after any failed bind) not preempting b");
        b.host().kill();
        assertTrue(lan.clock().runUntil(() -> a.state() == HaState.MASTER, Duration.ofSeconds(10)),
                "takes over when b goes, once its binder completes: " + a.group().status().history());
    }

    @Test
    void anElectionOnlyGroupElectsAMasterWithoutAnAddressAndEachMastershipHasANewEpoch() {
        List<Node> both = new ArrayList<>();
        for (String[] n : new String[][] {{"a", "10.0.0.1", "101"}, {"b", "10.0.0.2", "100"}}) {
            SimulatedLan.Node host = lan.node(n[0], n[1]);
            List<StateChange> seen = Collections.synchronizedList(new ArrayList<>());
            HaGroup g = host.configure(HaGroup.builder()).vrid(51).priority(Integer.parseInt(n[2])).vrrpVersion(3)
                    .advertInterval(Duration.ofMillis(100)).electionOnly(false).listener(seen::add, lan.clock()).build();
            g.start();
            both.add(new Node(host, g, seen));
        }
        Node a = both.get(0);
        Node b = both.get(1);
        run(Duration.ofSeconds(2));
        assertEquals(HaState.MASTER, a.state());
        assertEquals(HaState.BACKUP, b.state());
        assertEquals(0, b.group().status().counters().rejected(), "count-0 adverts taken: " + b.group().status().counters());
        long epochA = a.group().status().epoch();
        a.host().kill();
        run(Duration.ofSeconds(1));
        assertEquals(HaState.MASTER, b.state(), "b takes over");
        assertEquals(1, b.group().status().epoch(), "its own first mastership: the fencing token the application passes on");
        assertEquals(1, epochA);
        assertEquals(List.of(), b.group().status().virtualAddresses());
    }

    @Test
    void electionOnlyIsValidatedWithEveryProblemAtOnce() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> HaGroup.builder()
                .interfaceName("eth0").vrid(51).vrrpVersion(2).electionOnly(true).virtualAddress(VIP + "/24").buildConfig());
        assertTrue(e.getMessage().contains("electionOnly: the group has virtual addresses"), e.getMessage());
        assertTrue(e.getMessage().contains("electionOnly: IPv6 adverts need VRRPv3"), e.getMessage());
        ConfigException none = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> HaGroup.builder()
                .interfaceName("eth0").vrid(51).buildConfig());
        assertTrue(none.getMessage().contains("or electionOnly(false) for leader election without one"), none.getMessage());
    }

    @Test
    void equalPrioritiesTheHigherAddressWins() {
        Node low = node("low", "10.0.0.1", 100);
        Node high = node("high", "10.0.0.2", 100);
        run(Duration.ofSeconds(10));
        assertEquals(List.of("high"), lan.holders(VIP));
        assertEquals(HaState.BACKUP, low.state());
        assertEquals(HaState.MASTER, high.state());
    }

    @Test
    void threeNodesTheHighestSurvivorTakesOver() {
        Node a = node("a", "10.0.0.1", 150);
        Node b = node("b", "10.0.0.2", 120);
        Node c = node("c", "10.0.0.3", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        a.host().kill();
        timeUntilHeldBy(b, Duration.ofSeconds(5)); // b's Skew_Time is shorter than c's
        run(Duration.ofSeconds(20));
        assertEquals(List.of("b"), lan.holders(VIP));
        assertEquals(HaState.BACKUP, c.state());
        assertFalse(c.states().contains(HaState.MASTER), "c never became master");
    }

    @Test
    void aListenerThatThrowsDelaysNothingAndOthersStillHearEverything() {
        List<StateChange> second = new ArrayList<>();
        Node a = node("a", "10.0.0.1", 101, b -> b
                .listener(c -> { throw new IllegalStateException("listener bug"); }, lan.clock())
                .listener(second::add, lan.clock()));
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        run(Duration.ofSeconds(20));
        assertEquals(HaState.BACKUP, b.state(), "adverts kept flowing");
        assertEquals(List.of(HaState.BACKUP, HaState.MASTER), second.stream().map(StateChange::current).toList());
        a.group().close();
        assertEquals(HaState.INITIALIZE, second.get(second.size() - 1).current());
    }

    @Test
    void withTwentyPercentLossEveryConvergenceLeavesExactlyOneHolder() {
        lan.loss(0.2).duplication(0.05);
        Node a = node("a", "10.0.0.1", 150);
        Node b = node("b", "10.0.0.2", 120);
        Node c = node("c", "10.0.0.3", 100);
        int convergences = 0;
        for (int round = 0; round < 120; round++) {
            run(Duration.ofSeconds(5));
            if (round == 40) {
                lan.partition(List.of("a"), List.of("b", "c"));
            } else if (round == 50) {
                lan.heal();
            } else if (round == 80) {
                a.host().kill();
            }
            // Converged: one master, and that one alone holds the VIP (flaps in between are allowed).
            boolean converged = lan.clock().runUntil(() -> masters() == 1 && lan.holders(VIP).size() == 1,
                    Duration.ofSeconds(10));
            if (round == 40 || (round > 40 && round < 50)) {
                continue; // partitioned: one master per side is correct
            }
            assertTrue(converged, "round " + round + ": masters=" + masters() + " holders=" + lan.holders(VIP));
            Node master = nodes.stream().filter(n -> !n.host().isDead() && n.group().isMaster()).findFirst().orElseThrow();
            assertEquals(List.of(master.host().name()), lan.holders(VIP));
            convergences++;
        }
        assertTrue(convergences >= 100, "converged " + convergences + " times");
        assertTrue(b.group().status().counters().rejected() == 0, "loss drops packets, it does not corrupt them");
        assertTrue(c.seen().size() >= 1);
    }

    @Test
    void aVipRemovedBehindTheMastersBackIsAddedBack() {
        Node a = node("a", "10.0.0.1", 101);
        node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        a.host().removeAddress(VIP);
        lan.clock().runDue();
        assertEquals(List.of("a"), lan.holders(VIP));
        assertEquals(HaState.MASTER, a.state());
    }

    @Test
    void aNodeThatCannotBindTheVipGoesToFaultAndTheOtherServes() {
        Node a = node("a", "10.0.0.1", 101);
        a.host().failBinds(true);
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(b, Duration.ofSeconds(10));
        assertTrue(a.states().contains(HaState.FAULT));
        assertFalse(a.states().contains(HaState.MASTER), "listeners never saw a MASTER without its VIP");
        lan.clock().runDue(); // deliver queued listener calls
        long bTransitions = b.seen().size();
        a.host().failBinds(false);
        run(Duration.ofSeconds(60));
        // After a failed bind a does not preempt the healthy master (that would flap the VIP) ...
        assertEquals(List.of("b"), lan.holders(VIP));
        assertEquals(bTransitions, b.seen().size(), "b kept the VIP without interruption");
        assertEquals(HaState.BACKUP, a.state());
        // ... but takes over when b goes.
        b.host().kill();
        timeUntilHeldBy(a, Duration.ofSeconds(5));
    }

    @Test
    void linkDownIsFaultAndTheOtherNodeTakesOver() {
        Node a = node("a", "10.0.0.1", 101);
        Node b = node("b", "10.0.0.2", 100);
        timeUntilHeldBy(a, Duration.ofSeconds(4));
        a.host().linkDown();
        assertEquals(HaState.FAULT, a.state());
        assertFalse(a.host().holds(VIP));
        timeUntilHeldBy(b, Duration.ofSeconds(5));
        a.host().linkUp();
        timeUntilHeldBy(a, Duration.ofSeconds(5));
    }

    @Test
    void epochRisesOnEveryMastershipAndAwaitStateWorksOnVirtualTime() throws Exception {
        Node a = node("a", "10.0.0.1", 101);
        Node b = node("b", "10.0.0.2", 100);
        assertTrue(a.group().awaitState(HaState.MASTER, Duration.ofSeconds(5)));
        long first = a.group().status().epoch();
        a.group().demote();
        assertTrue(b.group().awaitState(HaState.MASTER, Duration.ofSeconds(2)));
        b.host().kill();
        assertTrue(a.group().awaitState(HaState.MASTER, Duration.ofSeconds(5)));
        assertEquals(first + 1, a.group().status().epoch());
        assertFalse(b.group().awaitState(HaState.FAULT, Duration.ofSeconds(1)));
    }
}
