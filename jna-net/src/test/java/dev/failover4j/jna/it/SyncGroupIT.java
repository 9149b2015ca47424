package dev.failover4j.jna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.testsupport.netns.Lab;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * keepalived's {@code vrrp_sync_group} on the real network: each node runs an IPv4 group on eth0
 * (VRID 51, 10.77.0.100) and a VRRPv3 IPv6 group on eth1, a second network (VRID 52, fd78::100),
 * in one sync group. When the master w loses eth1's link, its IPv6 group goes to FAULT, its IPv4
 * group follows (its link is fine), and l takes both addresses; when the link comes back both move
 * back together. VRRPv3 at 100 ms.
 */
@Tag("netns")
class SyncGroupIT {

    static final String VIP4 = "10.77.0.100";
    static final String VIP6 = "fd78::100";
    static Lab lab;

    @RegisterExtension
    static final LabFixture fixture = new LabFixture(l -> lab = l, "w", "l").withSecondNetwork().requiring("keepalived")
            .resetting(VIP4 + "/24", VIP6 + "/64");

    /** keepalived 2.2.7 with the same two groups in a vrrp_sync_group. */
    static String keepalivedSyncConf(int priority) {
        String instance = "vrrp_instance %s {\n  state BACKUP\n  interface %s\n  virtual_router_id %d\n  priority " + priority
                + "\n  advert_int 0.1\n  version 3\n  virtual_ipaddress {\n    %s\n  }\n}\n";
        return "global_defs {\n  router_id k\n  vrrp_garp_master_delay 5\n}\n"
                + "vrrp_sync_group VG {\n  group {\n    VI_4\n    VI_6\n  }\n}\n"
                + String.format(Locale.ROOT, instance, "VI_4", "eth0", 51, VIP4 + "/24")
                + String.format(Locale.ROOT, instance, "VI_6", "eth1", 52, VIP6 + "/64");
    }

    @Test
    void withKeepalivedAsTheBackupSyncGroupBothAddressesMoveTogether() throws Exception {
        Router w = new Router(lab, "w", false, 101).with("--sync-v6", "eth1,52," + VIP6 + "/64");
        w.start();
        w.awaitMasters(1, Duration.ofSeconds(20));
        dev.failover4j.testsupport.netns.Keepalived k = lab.keepalived("l", keepalivedSyncConf(100));
        k.proc().await(s -> s.contains("(VI_6) Entering BACKUP STATE"), Duration.ofSeconds(15), "keepalived running");
        lab.awaitAddress("w", "eth0", VIP4, true, Duration.ofSeconds(10));
        lab.awaitAddress("w", "eth1", VIP6, true, Duration.ofSeconds(10));
        Lab.sleep(1500);
        assertFalse(k.saw("Entering MASTER STATE"), "keepalived stayed backup:\n" + k.proc().tail());
        long cut = System.nanoTime();
        lab.secondCableOut("w");
        long v4 = lab.awaitAddress("l", "eth0", VIP4, true, Duration.ofSeconds(5));
        long v6 = lab.awaitAddress("l", "eth1", VIP6, true, Duration.ofSeconds(5));
        lab.awaitAddress("w", "eth0", VIP4, false, Duration.ofSeconds(2));
        long back = System.nanoTime();
        lab.secondCableIn("w");
        long b4 = lab.awaitAddress("w", "eth0", VIP4, true, Duration.ofSeconds(5));
        long b6 = lab.awaitAddress("w", "eth1", VIP6, true, Duration.ofSeconds(5));
        lab.awaitAddress("l", "eth0", VIP4, false, Duration.ofSeconds(3));
        lab.awaitAddress("l", "eth1", VIP6, false, Duration.ofSeconds(3));
        fixture.report(String.format(Locale.ROOT, "[SyncGroupIT] keepalived's sync group as the backup: w's eth1 down ->"
                + " keepalived holds both after %.0f / %.0f ms; eth1 back -> w again after %.0f / %.0f ms",
                (v4 - cut) / 1e6, (v6 - cut) / 1e6, (b4 - back) / 1e6, (b6 - back) / 1e6));
    }

    @Test
    void withKeepalivedAsTheMasterSyncGroupBothAddressesMoveToUsTogether() throws Exception {
        dev.failover4j.testsupport.netns.Keepalived k = lab.keepalived("w", keepalivedSyncConf(101));
        k.proc().await(s -> s.contains("(VI_6) Entering MASTER STATE"), Duration.ofSeconds(15), "keepalived master");
        Router l = new Router(lab, "l", false, 100).with("--sync-v6", "eth1,52," + VIP6 + "/64");
        l.start();
        lab.awaitAddress("w", "eth0", VIP4, true, Duration.ofSeconds(10));
        lab.awaitAddress("w", "eth1", VIP6, true, Duration.ofSeconds(10));
        Lab.sleep(1500);
        assertEquals(0, l.masters(), "we stayed backup:\n" + l.tail());
        long cut = System.nanoTime();
        lab.secondCableOut("w");
        long v4 = lab.awaitAddress("l", "eth0", VIP4, true, Duration.ofSeconds(5));
        long v6 = lab.awaitAddress("l", "eth1", VIP6, true, Duration.ofSeconds(5));
        // the VIPs are bound before MASTER is reported: wait for the lines, then count them
        l.awaitMasters(1, Duration.ofSeconds(2));
        l.proc.await(s -> s.startsWith("STATE6 BACKUP MASTER"), Duration.ofSeconds(2), "IPv6 group MASTER");
        assertEquals(1, l.masters(), l.tail());
        assertEquals(1, l.proc.count(s -> s.startsWith("STATE6 BACKUP MASTER")), l.tail());
        fixture.report(String.format(Locale.ROOT, "[SyncGroupIT] keepalived's sync group as the master: its eth1 down ->"
                + " we hold both after %.0f / %.0f ms", (v4 - cut) / 1e6, (v6 - cut) / 1e6));
    }

    @Test
    void anIpv4AndAnIpv6GroupFailOverTogetherWhenOneLinkGoesDown() throws Exception {
        Router w = new Router(lab, "w", false, 101).with("--sync-v6", "eth1,52," + VIP6 + "/64");
        Router l = new Router(lab, "l", false, 100).with("--sync-v6", "eth1,52," + VIP6 + "/64");
        w.start();
        w.awaitMasters(1, Duration.ofSeconds(20));
        l.start();
        lab.awaitAddress("w", "eth0", VIP4, true, Duration.ofSeconds(10));
        lab.awaitAddress("w", "eth1", VIP6, true, Duration.ofSeconds(10));
        Lab.sleep(1500);
        int lMasters = l.masters();

        long cut = System.nanoTime();
        lab.secondCableOut("w");
        long v4 = lab.awaitAddress("l", "eth0", VIP4, true, Duration.ofSeconds(5));
        long v6 = lab.awaitAddress("l", "eth1", VIP6, true, Duration.ofSeconds(5));
        lab.awaitAddress("w", "eth0", VIP4, false, Duration.ofSeconds(2));
        // the VIPs go before the STATE lines are printed: wait for them, then count them
        w.proc.await(s -> s.startsWith("STATE MASTER FAULT SYNC_GROUP"), Duration.ofSeconds(2), "IPv4 group FAULT");
        w.proc.await(s -> s.startsWith("STATE6 MASTER FAULT LINK_DOWN"), Duration.ofSeconds(2), "IPv6 group FAULT");
        l.awaitMasters(lMasters + 1, Duration.ofSeconds(2));
        assertTrue(w.proc.count(s -> s.startsWith("STATE MASTER FAULT SYNC_GROUP")) == 1,
                "w's IPv4 group followed its IPv6 group into FAULT:\n" + w.tail());
        assertTrue(w.proc.count(s -> s.startsWith("STATE6 MASTER FAULT LINK_DOWN")) == 1, w.tail());
        assertEquals(lMasters + 1, l.masters());

        long back = System.nanoTime();
        lab.secondCableIn("w");
        long b4 = lab.awaitAddress("w", "eth0", VIP4, true, Duration.ofSeconds(5));
        long b6 = lab.awaitAddress("w", "eth1", VIP6, true, Duration.ofSeconds(5));
        lab.awaitAddress("l", "eth0", VIP4, false, Duration.ofSeconds(2));
        lab.awaitAddress("l", "eth1", VIP6, false, Duration.ofSeconds(2));
        assertFalse(lab.hasAddress("l", "eth1", VIP6));
        fixture.report(String.format(Locale.ROOT, "[SyncGroupIT] w's eth1 down -> l holds %s after %.0f ms and %s after"
                + " %.0f ms (w's IPv4 group had no fault of its own); eth1 back -> w holds them again after %.0f / %.0f ms"
                + " (preemption: Master_Down_Interval)", VIP4, (v4 - cut) / 1e6, VIP6, (v6 - cut) / 1e6,
                (b4 - back) / 1e6, (b6 - back) / 1e6));
    }
}
