package dev.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.testkit.SimulatedLan;
import dev.failover4j.testkit.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * keepalived's vrrp_sync_group on the simulated LAN: two nodes, each with two groups (VRID 51 for
 * 10.0.0.100, VRID 52 for 10.0.0.200) in one sync group. VRRPv2 at 1 s.
 */
class SyncGroupTest {

    final SimulatedLan lan = new SimulatedLan(11).latency(Duration.ofMillis(1));

    record Node(SimulatedLan.Node host, SyncGroup sync, HaGroup lan, HaGroup wan, AtomicBoolean wanHealthy,
                List<StateChange> seen) {
        boolean masterOfBoth() {
            return lan.state() == HaState.MASTER && wan.state() == HaState.MASTER;
        }
    }

    Node node(String name, String ip, int priority) {
        SimulatedLan.Node host = lan.node(name, ip);
        SyncGroup sync = SyncGroup.named("VG_" + name);
        List<StateChange> seen = Collections.synchronizedList(new ArrayList<>());
        sync.addListener(seen::add, lan.clock());
        AtomicBoolean healthy = new AtomicBoolean(true);
        HaGroup a = host.configure(HaGroup.builder()).vrid(51).priority(priority).virtualAddress("10.0.0.100/24")
                .syncGroup(sync).build();
        HaGroup b = host.configure(HaGroup.builder()).vrid(52).priority(priority).virtualAddress("10.0.0.200/24")
                .healthCheck(HealthCheckSpec.builder("wan", t -> healthy.get()).build()).syncGroup(sync).build();
        a.start();
        b.start();
        return new Node(host, sync, a, b, healthy, seen);
    }

    private void run(Duration d) {
        lan.clock().advance(d);
    }

    @Test
    void bothMembersBecomeMasterTogetherAndTheSyncGroupIsSeenAsOne() {
        Node a = node("a", "10.0.0.1", 101);
        Node b = node("b", "10.0.0.2", 100);
        run(Duration.ofSeconds(6));
        assertTrue(a.masterOfBoth());
        assertEquals(HaState.BACKUP, b.lan().state());
        assertEquals(HaState.BACKUP, b.wan().state());
        assertEquals(HaState.MASTER, a.sync().state());
        assertEquals(HaState.BACKUP, b.sync().state());
        assertEquals(List.of(HaState.BACKUP, HaState.MASTER), a.seen().stream().map(StateChange::current).toList(),
                "the sync group's listener sees BACKUP, then MASTER once both are");
    }

    @Test
    void oneMemberInFaultTakesTheWholeSyncGroupToFaultAndThePeerTakesBothAddresses() {
        Node a = node("a", "10.0.0.1", 101);
        Node b = node("b", "10.0.0.2", 100);
        run(Duration.ofSeconds(6));
        a.wanHealthy().set(false); // the WAN member's weight-0 check fails
        run(Duration.ofSeconds(2));
        assertEquals(HaState.FAULT, a.wan().state());
        assertEquals(HaState.FAULT, a.lan().state(), "the LAN member follows");
        assertEquals(Cause.SYNC_GROUP, a.lan().status().lastTransition().cause());
        assertTrue(a.lan().status().lastTransition().reason().contains("eth0/vrid52 is FAULT"),
                a.lan().status().lastTransition().reason());
        assertTrue(lan.clock().runUntil(b::masterOfBoth, Duration.ofSeconds(5)), "b takes both (priority-0 adverts: after Skew_Time)");
        assertEquals(List.of("b"), lan.holders("10.0.0.100"));
        assertEquals(List.of("b"), lan.holders("10.0.0.200"));
        a.wanHealthy().set(true);
        assertTrue(lan.clock().runUntil(a::masterOfBoth, Duration.ofSeconds(10)), "both come back and preempt together");
        run(Duration.ofMillis(100)); // b hears a and lets go
        assertEquals(List.of("a"), lan.holders("10.0.0.100"));
        assertEquals(List.of("a"), lan.holders("10.0.0.200"));
    }

    @Test
    void aMemberThatWouldPreemptAloneWaitsUntilEveryMemberWouldThenAllTakeOverTogether() {
        // keepalived's vrrp_sync_can_goto_master: "prefer backup state to avoid thrashing".
        Node a = node("a", "10.0.0.1", 101);
        Node b = node("b", "10.0.0.2", 100);
        run(Duration.ofSeconds(6));
        b.lan().setPriority(150); // b's LAN member would preempt, its WAN member still hears a higher master
        run(Duration.ofSeconds(20));
        assertTrue(a.masterOfBoth(), "a keeps both");
        assertEquals(HaState.BACKUP, b.lan().state());
        b.wan().setPriority(150);
        assertTrue(lan.clock().runUntil(b::masterOfBoth, Duration.ofSeconds(10)), "now every member of b wants MASTER");
        run(Duration.ofMillis(100));
        assertEquals(HaState.BACKUP, a.lan().state());
        assertEquals(HaState.BACKUP, a.wan().state());
        assertEquals(List.of("b"), lan.holders("10.0.0.100"));
        assertEquals(List.of("b"), lan.holders("10.0.0.200"));
    }

    @Test
    void aMemberThatHearsAHigherMasterTakesTheOthersOutOfMaster() {
        Node a = node("a", "10.0.0.1", 101);
        run(Duration.ofSeconds(6));
        assertTrue(a.masterOfBoth());
        // c serves only VRID 52, with a higher priority: a's WAN member yields, and its LAN member with it.
        HaGroup c = lan.node("c", "10.0.0.3").configure(HaGroup.builder()).vrid(52).priority(200)
                .virtualAddress("10.0.0.200/24").build();
        c.start();
        run(Duration.ofSeconds(6));
        assertEquals(HaState.BACKUP, a.wan().state());
        assertEquals(Cause.HIGHER_PRIORITY_MASTER, a.wan().status().history().stream()
                .filter(x -> x.previous() == HaState.MASTER).findFirst().orElseThrow().cause());
        assertEquals(Cause.SYNC_GROUP, a.lan().status().history().stream()
                .filter(x -> x.previous() == HaState.MASTER).findFirst().orElseThrow().cause(),
                "the LAN member left MASTER with its group");
        assertEquals(1, a.lan().status().counters().get(Counter.PRIORITY_ZERO_SENT), "with a priority-0 advert");
    }

    @Test
    void aSyncGroupNeedsANameAndNoGroupJoinsOrLeavesOneByReconfiguring() {
        ConfigException blank = assertThrows(ConfigException.class, () -> SyncGroup.named(" "));
        assertEquals(List.of("syncGroup: a sync group needs a name (keepalived's vrrp_sync_group NAME)"), blank.problems());
        Node a = node("a", "10.0.0.1", 101);
        run(Duration.ofSeconds(6));
        // Without its sync group the member would go MASTER on its own; refused whole, by name.
        HaConfig alone = a.host().configure(HaGroup.builder()).vrid(51).priority(120).virtualAddress("10.0.0.100/24").buildConfig();
        ConfigException e = assertThrows(ConfigException.class, () -> a.lan().reconfigure(alone));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith("syncGroup: VG_a -> null cannot change live"), e.problems().get(0));
        assertEquals(101, a.lan().status().basePriority(), "nothing applied");
    }

    @Test
    void membersOnDifferentEventLoopsAreRefused() {
        SyncGroup sync = SyncGroup.named("VG");
        SimulatedLan.Node host = lan.node("a", "10.0.0.1");
        host.configure(HaGroup.builder()).vrid(51).virtualAddress("10.0.0.100/24").syncGroup(sync).build();
        ConfigException e = assertThrows(ConfigException.class, () -> host.configure(HaGroup.builder()).vrid(52)
                .virtualAddress("10.0.0.200/24").eventLoop(new VirtualClock()).syncGroup(sync).build());
        assertTrue(e.getMessage().contains("every member must run on the same event loop"), e.getMessage());
    }
}
