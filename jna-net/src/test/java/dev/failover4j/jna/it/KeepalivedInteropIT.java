package dev.failover4j.jna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.testsupport.netns.Keepalived;
import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * failover4j against the real keepalived 2.2.7, both ways round, in one namespace lab: host f runs
 * failover4j, host k keepalived (VRRP only, foreground, its own config and pid files), host c is a
 * client. These tests are the proof that failover4j speaks VRRP on the wire.
 */
@Tag("netns")
class KeepalivedInteropIT {

    static final String VIP = "10.77.0.100";
    static Lab lab;

    @RegisterExtension
    static final LabFixture fixture = new LabFixture(l -> lab = l, "f", "k", "c").requiring("keepalived", "curl").resetting(VIP + "/24", "fd00::100/64");

    static String keepalivedConf(int version, int vrid, int priority, int advertMs, String password) {
        return keepalivedConf(version, vrid, priority, advertMs, password, VIP + "/24", "");
    }

    static String keepalivedConf(int version, int vrid, int priority, int advertMs, String password, String vip,
                                 String extra) {
        String auth = password == null ? "" : "  authentication {\n    auth_type PASS\n    auth_pass " + password + "\n  }\n";
        return "global_defs {\n  router_id k\n  vrrp_garp_master_delay 5\n}\n"
                + "vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id " + vrid + "\n"
                + "  priority " + priority + "\n  advert_int " + (advertMs / 1000.0) + "\n  version " + version + "\n"
                + auth + extra + "  virtual_ipaddress {\n    " + vip + "\n  }\n}\n";
    }

    static Proc failover4j(int version, int vrid, int priority, int advertMs, String password,
                               String... extra) throws Exception {
        return failover4jOn("f", version, vrid, priority, advertMs, password, extra);
    }

    static Proc failover4jOn(String host, int version, int vrid, int priority, int advertMs, String password,
                                 String... extra) throws Exception {
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("--vrid", String.valueOf(vrid),
                "--priority", String.valueOf(priority), "--version", String.valueOf(version),
                "--interval-ms", String.valueOf(advertMs)));
        if (password != null) {
            a.add("--auth-pass");
            a.add(password);
        }
        a.addAll(java.util.List.of(extra));
        if (!a.contains("--vip")) {
            a.add("--vip");
            a.add(VIP + "/24");
        }
        Proc p = TestNode.start(lab, host, a.toArray(new String[0]));
        p.await(l -> l.startsWith("STARTED") || l.startsWith("START-FAILED"), Duration.ofSeconds(20), "start");
        return p;
    }

    static long stateAt(Proc p, String state, Duration timeout) {
        String line = p.await(l -> l.startsWith("STATE ") && l.split(" ")[2].equals(state), timeout, state);
        return Long.parseLong(line.split(" ")[5]);
    }

    /** Polls k's interface until it holds the VIP; returns the monotonic time it was first seen. */
    static long vipSeenOn(String host, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - end < 0) {
            if (lab.hasAddress(host, VIP)) {
                return System.nanoTime();
            }
            Lab.sleep(10);
        }
        throw new AssertionError("VIP never appeared on " + host + " within " + timeout);
    }

    /** When the node's listener saw MASTER -> INITIALIZE (after its priority-0 advert went out). */
    static long stopped(Proc p) {
        String line = p.await(l -> l.startsWith("STATE MASTER INITIALIZE"), Duration.ofSeconds(5), "stop");
        return Long.parseLong(line.split(" ")[5]);
    }

    static String status(String host) throws IOException {
        return lab.get("c", "http://" + lab.ip(host) + ":8080/status", Duration.ofSeconds(2));
    }

    static void report(String what, long ms, long boundMs) {
        System.out.println("[KeepalivedInteropIT] " + what + ": " + ms + " ms (bound " + boundMs + " ms)");
    }

    // ------------------------------------------------------------------ keepalived master, failover4j backup

    @Test
    void v2AuthKeepalivedMasterWeStayBackupThenTakeOverWhenItsVrrpChildCrashes() throws Exception {
        Keepalived k = lab.keepalived("k", keepalivedConf(2, 51, 101, 1000, "1111"));
        k.proc().await(l -> l.contains("Entering MASTER STATE"), Duration.ofSeconds(15), "keepalived MASTER");
        Proc f = failover4j(2, 51, 100, 1000, "1111");
        stateAt(f, "BACKUP", Duration.ofSeconds(10));
        Lab.sleep(5000);
        assertFalse(f.has(l -> l.startsWith("STATE") && l.contains(" MASTER ")), f.tail());
        String st = status("f");
        assertTrue(st.contains("state=BACKUP") && st.contains("rejections=\n"), st);
        assertFalse(st.contains("received=0"), st);

        long t0 = System.nanoTime();
        k.crashVrrpChild(); // SIGKILL: no priority-0 advert
        long took = (stateAt(f, "MASTER", Duration.ofSeconds(10)) - t0) / 1_000_000;
        long bound = 3000 + 156 * 1000 / 256 + 300; // Master_Down_Interval + 300 ms
        report("v2 PASS: keepalived VRRP child killed -> failover4j MASTER", took, bound);
        assertTrue(took <= bound, "took " + took + " ms");
    }

    @Test
    void v3KeepalivedMasterWeTakeOverWhenItsLinkGoesDown() throws Exception {
        Keepalived k = lab.keepalived("k", keepalivedConf(3, 51, 101, 100, null));
        k.proc().await(l -> l.contains("Entering MASTER STATE"), Duration.ofSeconds(15), "keepalived MASTER");
        Proc f = failover4j(3, 51, 100, 100, null);
        stateAt(f, "BACKUP", Duration.ofSeconds(10));
        Lab.sleep(3000);
        assertFalse(f.has(l -> l.startsWith("STATE") && l.contains(" MASTER ")), f.tail());

        long t0 = System.nanoTime();
        lab.cableOut("k");
        long took = (stateAt(f, "MASTER", Duration.ofSeconds(10)) - t0) / 1_000_000;
        long bound = 300 + 156 * 100 / 256 + 300;
        report("v3 100 ms: keepalived link down -> failover4j MASTER", took, bound);
        assertTrue(took <= bound, "took " + took + " ms");
        assertEquals("Welcome to f", lab.get("c", "http://" + VIP + ":8080/", Duration.ofSeconds(2)));
    }

    // ------------------------------------------------------------------ failover4j master, keepalived backup

    void weAreMasterKeepalivedStaysBackupThenTakesOverOnClose(int version, int advertMs, String password,
                                                              long skewMs, String label) throws Exception {
        Proc f = failover4j(version, 51, 101, advertMs, password);
        stateAt(f, "MASTER", Duration.ofSeconds(10));
        Keepalived k = lab.keepalived("k", keepalivedConf(version, 51, 100, advertMs, password));
        k.proc().await(l -> l.contains("Entering BACKUP STATE"), Duration.ofSeconds(15), "keepalived BACKUP");
        Lab.sleep(10_000);
        assertFalse(k.saw("Entering MASTER STATE"), "keepalived accepted our adverts for 10 s:\n" + k.proc().tail());
        assertFalse(lab.hasAddress("k", VIP));

        long t0 = System.nanoTime();
        f.terminate(Duration.ofSeconds(10)); // SIGTERM: close(): priority 0, VIP released
        long took = (vipSeenOn("k", Duration.ofSeconds(10)) - t0) / 1_000_000;
        report(label + ": failover4j close() -> keepalived holds the VIP", took, skewMs + 300);
        assertTrue(took <= skewMs + 300, "took " + took + " ms");
        assertFalse(lab.hasAddress("f", VIP));
    }

    @Test
    void v2AuthWeAreMasterKeepalivedStaysBackupAndTakesOverAfterSkewTimeOnClose() throws Exception {
        weAreMasterKeepalivedStaysBackupThenTakesOverOnClose(2, 1000, "1111", 156 * 1000 / 256, "v2 PASS");
    }

    @Test
    void v3WeAreMasterKeepalivedStaysBackupAndTakesOverAfterSkewTimeOnClose() throws Exception {
        weAreMasterKeepalivedStaysBackupThenTakesOverOnClose(3, 1000, null, 156 * 1000 / 256, "v3 1 s");
    }

    // ------------------------------------------------------------------ unicast (keepalived's unicast_src_ip / unicast_peer)

    @Test
    void unicastKeepalivedMasterWeStayBackupThenTakeOverWhenItsVrrpChildCrashes() throws Exception {
        String f = lab.ip("f");
        String k = lab.ip("k");
        Keepalived ka = lab.keepalived("k", keepalivedConf(3, 51, 101, 100, null, VIP + "/24",
                "  unicast_src_ip " + k + "\n  unicast_peer {\n    " + f + "\n  }\n"));
        ka.proc().await(l -> l.contains("Entering MASTER STATE"), Duration.ofSeconds(15), "keepalived MASTER");
        Proc us = failover4j(3, 51, 100, 100, null, "--unicast-src", f, "--unicast-peer", k);
        stateAt(us, "BACKUP", Duration.ofSeconds(10));
        Lab.sleep(3000);
        assertFalse(us.has(l -> l.startsWith("STATE") && l.contains(" MASTER ")), us.tail());
        long t0 = System.nanoTime();
        ka.crashVrrpChild();
        long took = (stateAt(us, "MASTER", Duration.ofSeconds(10)) - t0) / 1_000_000;
        long bound = 300 + 156 * 100 / 256 + 300;
        report("unicast v3 100 ms: keepalived VRRP child killed -> failover4j MASTER", took, bound);
        assertTrue(took <= bound, "took " + took + " ms");
    }

    @Test
    void unicastWeAreMasterKeepalivedStaysBackupAndAStrangerIsCountedAndDropped() throws Exception {
        String f = lab.ip("f");
        String k = lab.ip("k");
        Proc us = failover4j(3, 51, 101, 100, null, "--unicast-src", f, "--unicast-peer", k);
        stateAt(us, "MASTER", Duration.ofSeconds(10));
        Keepalived ka = lab.keepalived("k", keepalivedConf(3, 51, 100, 100, null, VIP + "/24",
                "  unicast_src_ip " + k + "\n  unicast_peer {\n    " + f + "\n  }\n"));
        ka.proc().await(l -> l.contains("Entering BACKUP STATE"), Duration.ofSeconds(15), "keepalived BACKUP");
        // A third router, not one of our peers, sends its unicast adverts to us: counted and dropped.
        Proc stranger = failover4jOn("c", 3, 51, 200, 100, null, "--unicast-src", lab.ip("c"), "--unicast-peer", f);
        stateAt(stranger, "MASTER", Duration.ofSeconds(10));
        Lab.sleep(5000);
        assertFalse(ka.saw("Entering MASTER STATE"), "keepalived accepted our unicast adverts:\n" + ka.proc().tail());
        assertFalse(us.has(l -> l.contains("STATE MASTER BACKUP")), "a stranger's priority 200 must not win: " + us.tail());
        String st = status("f");
        assertTrue(st.matches("(?s).*NOT_FROM_PEER:[1-9].*"), st);
        stranger.kill();
        long t0 = System.nanoTime();
        us.terminate(Duration.ofSeconds(10));
        long took = (lab.awaitAddress("k", VIP, true, Duration.ofSeconds(10)) - t0) / 1_000_000;
        // In unicast mode keepalived 2.2.7 took 98-312 ms here after our priority-0 advert (80 ms in
        // multicast mode): its log shows it received the priority 0. The assertion is that it took over
        // faster than a dead master would let it (Master_Down_Interval 361 ms) + 300 ms of slack.
        long bound = 300 + 156 * 100 / 256 + 300;
        report("unicast v3 100 ms: failover4j close() -> keepalived holds the VIP", took, bound);
        report("  of which SIGTERM -> our priority-0 advert (JVM shutdown)", (stopped(us) - t0) / 1_000_000, bound);
        assertTrue(ka.saw("Backup received priority 0 advertisement"), ka.proc().tail());
        assertTrue(took <= bound, "took " + took + " ms");
    }

    // ------------------------------------------------------------------ IPv6 (VRRPv3)

    static final String VIP6 = "fd00::100";

    @Test
    void ipv6KeepalivedMasterWeStayBackupThenTakeOverWhenItsVrrpChildCrashes() throws Exception {
        Keepalived ka = lab.keepalived("k", keepalivedConf(3, 51, 101, 100, null, VIP6 + "/64", ""));
        ka.proc().await(l -> l.contains("Entering MASTER STATE"), Duration.ofSeconds(15), "keepalived MASTER");
        lab.awaitAddress("k", VIP6, true, Duration.ofSeconds(5));
        Proc us = failover4j(3, 51, 100, 100, null, "--vip", VIP6 + "/64");
        stateAt(us, "BACKUP", Duration.ofSeconds(10));
        Lab.sleep(3000);
        assertFalse(us.has(l -> l.startsWith("STATE") && l.contains(" MASTER ")), us.tail());
        assertTrue(status("f").matches("(?s).*received=[1-9].*"), status("f"));
        long t0 = System.nanoTime();
        ka.crashVrrpChild();
        long took = (stateAt(us, "MASTER", Duration.ofSeconds(10)) - t0) / 1_000_000;
        long bound = 300 + 156 * 100 / 256 + 300;
        report("IPv6 v3 100 ms: keepalived VRRP child killed -> failover4j MASTER", took, bound);
        assertTrue(took <= bound, "took " + took + " ms");
        assertTrue(lab.hasAddress("f", VIP6));
    }

    @Test
    void ipv6WeAreMasterKeepalivedStaysBackupAndTakesOverAfterSkewTimeOnClose() throws Exception {
        Proc us = failover4j(3, 51, 101, 100, null, "--vip", VIP6 + "/64");
        stateAt(us, "MASTER", Duration.ofSeconds(10));
        lab.awaitAddress("f", VIP6, true, Duration.ofSeconds(2));
        String detail = Lab.run("ip", "-n", lab.ns("f"), "-6", "-o", "addr", "show", "dev", "eth0");
        assertFalse(detail.contains(VIP6 + "/64 scope global tentative"), "VIP added with nodad: " + detail);
        Keepalived ka = lab.keepalived("k", keepalivedConf(3, 51, 100, 100, null, VIP6 + "/64", ""));
        ka.proc().await(l -> l.contains("Entering BACKUP STATE"), Duration.ofSeconds(15), "keepalived BACKUP");
        Lab.sleep(5000);
        assertFalse(ka.saw("Entering MASTER STATE"), "keepalived accepted our IPv6 adverts:\n" + ka.proc().tail());
        long t0 = System.nanoTime();
        us.terminate(Duration.ofSeconds(10));
        long took = (lab.awaitAddress("k", VIP6, true, Duration.ofSeconds(10)) - t0) / 1_000_000;
        // Usually Skew_Time (61 ms) + a few ms; in some runs about 300 ms, as if keepalived had not acted
        // on our priority 0 (its reader handles one advert per VRID per wake-up). Asserted: faster than
        // a dead master would allow, Master_Down_Interval (361 ms) + 300 ms.
        long bound = 300 + 156 * 100 / 256 + 300;
        report("IPv6 v3 100 ms: failover4j close() -> keepalived holds the VIP", took, bound);
        assertTrue(took <= bound, "took " + took + " ms");
        assertFalse(lab.hasAddress("f", VIP6));
    }

    // ------------------------------------------------------------------ misconfiguration

    @Test
    void aWrongPasswordIsRejectedByBothSidesAndCounted() throws Exception {
        Keepalived k = lab.keepalived("k", keepalivedConf(2, 51, 100, 1000, "1111"));
        Proc f = failover4j(2, 51, 101, 1000, "2222");
        stateAt(f, "MASTER", Duration.ofSeconds(10));
        k.proc().await(l -> l.contains("Entering MASTER STATE"), Duration.ofSeconds(15), "keepalived MASTER too");
        k.proc().await(l -> l.contains("invalid passwd"), Duration.ofSeconds(5), "keepalived rejecting our password");
        Lab.sleep(2000);
        String st = status("f");
        assertTrue(st.matches("(?s).*AUTH_FAILURE:[1-9].*"), st);
    }

    @Test
    void aWrongVridIsIgnoredByBothSidesAndCounted() throws Exception {
        Keepalived k = lab.keepalived("k", keepalivedConf(3, 52, 100, 1000, null));
        Proc f = failover4j(3, 51, 101, 1000, null);
        stateAt(f, "MASTER", Duration.ofSeconds(10));
        k.proc().await(l -> l.contains("Entering MASTER STATE"), Duration.ofSeconds(15), "keepalived MASTER too");
        Lab.sleep(2000);
        String st = status("f");
        assertTrue(st.matches("(?s).*VRID_MISMATCH:[1-9].*"), st);
    }
}
