package dev.failover4j.jna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * failover4j against failover4j on the wire, in network namespaces: hosts a and b on a bridge, a
 * client c. VRRPv3 at 100 ms: Master_Down_Interval for priority 100 is 300 ms + 156·100/256 ms.
 */
@Tag("netns")
class FailoverIT {

    static final String VIP = "10.77.0.100";
    static final long MDI_100_MS = 300 + 156 * 100 / 256; // 360 ms
    static Lab lab;

    @RegisterExtension
    static final LabFixture fixture = new LabFixture(l -> lab = l, "a", "b", "c").requiring("curl").resetting(VIP + "/24", "fd00::100/64");

    static Proc node(String host, int priority, String... extra) throws Exception {
        String[] base = {"--vrid", "51", "--priority", String.valueOf(priority), "--vip", VIP + "/24", "--version", "3",
                "--interval-ms", "100"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        Proc p = TestNode.start(lab, host, all);
        p.await(l -> l.startsWith("STARTED") || l.startsWith("START-FAILED"), Duration.ofSeconds(20), "start");
        return p;
    }

    static long stateAt(Proc p, String state) {
        String line = p.await(l -> l.startsWith("STATE ") && l.split(" ")[2].equals(state), Duration.ofSeconds(20), state);
        return Long.parseLong(line.split(" ")[5]);
    }

    @Test
    void masterHostDeathTheBackupServesTheVipWithinMasterDownIntervalPlus300ms() throws Exception {
        Proc a = node("a", 101);
        stateAt(a, "MASTER");
        Proc b = node("b", 100);
        stateAt(b, "BACKUP");
        assertTrue(lab.hasAddress("a", VIP));
        assertFalse(lab.hasAddress("b", VIP));
        assertEquals("Welcome to a", lab.get("c", "http://" + VIP + ":8080/", Duration.ofSeconds(2)));

        // Host death: the cable goes and the JVM is killed.
        long t0 = System.nanoTime();
        lab.cableOut("a");
        a.kill();
        long tMaster = stateAt(b, "MASTER");
        long tookMs = (tMaster - t0) / 1_000_000;
        System.out.println("[FailoverIT] host death -> backup MASTER (VIP bound) after " + tookMs + " ms"
                + " (Master_Down_Interval " + MDI_100_MS + " ms)");
        assertTrue(tookMs <= MDI_100_MS + 300, "took " + tookMs + " ms");
        assertTrue(lab.hasAddress("b", VIP));
        // The client's ARP entry moves to b with b's gratuitous ARP: HTTP through the VIP reaches b.
        String answer = null;
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (!"Welcome to b".equals(answer) && System.nanoTime() - end < 0) {
            answer = lab.get("c", "http://" + VIP + ":8080/", Duration.ofMillis(300));
        }
        assertEquals("Welcome to b", answer);
        b.terminate(Duration.ofSeconds(10));
        b.await(l -> l.contains("STATE MASTER INITIALIZE STOPPED"), Duration.ofSeconds(5), "the final state change");
        assertFalse(lab.hasAddress("b", VIP), "VIP released on SIGTERM");
    }

    @Test
    void theMasterFollowsItsLinkFaultWhenTheCarrierGoesAndBackWhenItReturns() throws Exception {
        Proc a = node("a", 101);
        stateAt(a, "MASTER");
        Proc b = node("b", 100);
        stateAt(b, "BACKUP");
        lab.cableOut("a"); // a's eth0 loses its carrier: the kernel tells a through rtnetlink
        a.await(l -> l.contains("STATE MASTER FAULT LINK_DOWN"), Duration.ofSeconds(5), "MASTER -> FAULT on link down");
        lab.awaitAddress("a", VIP, false, Duration.ofSeconds(2));
        stateAt(b, "MASTER");
        Lab.run("ip", "-n", lab.ns("sw"), "link", "set", "v-a", "up");
        a.await(l -> l.contains("STATE FAULT BACKUP FAULT_CLEARED"), Duration.ofSeconds(5), "FAULT -> BACKUP on link up");
        // a has the higher priority: it preempts b again.
        a.await(l -> l.contains("STATE BACKUP MASTER"), Duration.ofSeconds(5), "a MASTER again");
        lab.awaitAddress("b", VIP, false, Duration.ofSeconds(2));
    }

    @Test
    void aVipRemovedBehindTheMastersBackIsAddedBackWithAWarning() throws Exception {
        Proc a = node("a", 101);
        stateAt(a, "MASTER");
        Lab.run("ip", "-n", lab.ns("a"), "addr", "del", VIP + "/24", "dev", "eth0");
        long t0 = System.nanoTime();
        long back = lab.awaitAddress("a", VIP, true, Duration.ofSeconds(2));
        System.out.println("[FailoverIT] VIP removed from outside while master: added back after "
                + (back - t0) / 1_000_000 + " ms");
        a.await(l -> l.contains("was removed from eth0 by someone else while master; adding it back"),
                Duration.ofSeconds(2), "the warning");
        assertFalse(a.has(l -> l.contains("STATE MASTER ")), "still master: " + a.tail());
    }

    @Test
    void aStaleVipLeftAsASecondaryAddressIsRemovedBeforeTheElectionAndLogged() throws Exception {
        // Left by a crash or added by hand: a secondary address of b's interface.
        Lab.run("ip", "-n", lab.ns("b"), "addr", "add", VIP + "/24", "dev", "eth0");
        Proc a = node("a", 101);
        stateAt(a, "MASTER");
        Proc b = node("b", 100);
        stateAt(b, "BACKUP");
        b.await(l -> l.contains("removed " + VIP + "/24 from eth0: a configured virtual address was already there"),
                Duration.ofSeconds(5), "the log line");
        assertFalse(lab.hasAddress("b", VIP), "duplicate VIP left on the backup");
        assertTrue(lab.hasAddress("a", VIP));
    }

    @Test
    void theInterfacesOwnPrimaryAddressIsNeverRemovedEvenIfConfiguredAsTheVip() throws Exception {
        String own = lab.ip("b");
        Proc b = TestNode.start(lab, "b", "--vrid", "51", "--priority", "100", "--vip", own + "/24", "--version", "3",
                "--interval-ms", "100");
        stateAt(b, "BACKUP");
        b.await(l -> l.contains("not removing " + own + "/24 from eth0: it is the interface's primary address"),
                Duration.ofSeconds(5), "the refusal");
        b.terminate(Duration.ofSeconds(10));
        assertTrue(lab.hasAddress("b", own), "the host's own address must survive start and stop");
    }

    @Test
    void withoutCapNetRawAndCapNetAdminStartFailsNamingThemAndHowToGrantThem() throws Exception {
        // Root, but with both capabilities dropped from every set (as a service without AmbientCapabilities).
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("ip", "netns", "exec", lab.ns("a"),
                "setpriv", "--inh-caps=-net_admin,-net_raw", "--ambient-caps=-net_admin,-net_raw",
                "--bounding-set=-net_admin,-net_raw", Lab.JAVA, "-cp", System.getProperty("java.class.path"),
                TestNode.class.getName(), "--name", "a", "--vrid", "51", "--priority", "101", "--vip", VIP + "/24"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.contains("START-FAILED") && out.contains("CAP_NET_ADMIN and CAP_NET_RAW"), out);
        assertTrue(out.contains("AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW"), out);
        assertTrue(out.contains("Do not use setcap on the java binary"), out);
        assertFalse(lab.hasAddress("a", VIP));
    }

    @Test
    void sigkillWithTheLinkUpTheDeadNodesVipExpiresWithItsLease() throws Exception {
        Proc a = node("a", 101, "--lease-s", "2");
        stateAt(a, "MASTER");
        assertTrue(lab.hasAddress("a", VIP));
        String detail = Lab.run("ip", "-n", lab.ns("a"), "-d", "-o", "addr", "show", "dev", "eth0");
        assertTrue(detail.contains("valid_lft") && detail.contains(VIP), detail);
        long t0 = System.nanoTime();
        a.kill();
        long gone = -1;
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() - end < 0) {
            if (!lab.hasAddress("a", VIP)) {
                gone = (System.nanoTime() - t0) / 1_000_000;
                break;
            }
            Lab.sleep(50);
        }
        System.out.println("[FailoverIT] SIGKILL, link up: VIP removed by the kernel " + gone + " ms after the kill (lease 2 s)");
        assertTrue(gone >= 0, "the kernel did not remove the VIP within 10 s");
        assertTrue(gone <= 4000, "gone after " + gone + " ms");
    }

    @Test
    void withRealtimePriorityTheOneThreadThatReadsAndRunsRunsSchedRrAndMemoryIsLocked() throws Exception {
        Proc a = node("a", 101, "--rt-priority", "50", "--lock-memory", "true");
        stateAt(a, "MASTER");
        java.util.Map<String, String> policies = new java.util.TreeMap<>();
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc", String.valueOf(javaPid(a)), "task");
        try (java.util.stream.Stream<java.nio.file.Path> ts = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path t : ts.toList()) {
                String comm = java.nio.file.Files.readString(t.resolve("comm")).trim();
                String stat = java.nio.file.Files.readString(t.resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (!f[38].equals("0")) { // field 41 of stat, the policy: 0 is SCHED_OTHER
                    policies.put(comm, "policy " + f[38] + " priority " + f[37]); // fields 41 and 40 of stat
                }
            }
        }
        // One thread reads the sockets and runs the protocol (no receive thread to raise separately); the
        // threads it starts (the listeners', the file watcher's) do not inherit its policy.
        assertEquals(java.util.Map.of("failover4j-loop", "policy 2 priority 50"), policies, "SCHED_RR (2) at 50, that thread only");
        String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", String.valueOf(javaPid(a)), "status"));
        long locked = status.lines().filter(l -> l.startsWith("VmLck:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).sum();
        assertTrue(locked > 10_000, "mlockall: VmLck " + locked + " kB");
    }

    @Test
    void withoutCapSysNiceARealtimePriorityFailsStartNamingIt() throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("ip", "netns", "exec", lab.ns("a"),
                "setpriv", "--inh-caps=-sys_nice", "--ambient-caps=-sys_nice", "--bounding-set=-sys_nice",
                Lab.JAVA, "-cp", System.getProperty("java.class.path"), TestNode.class.getName(), "--name", "a",
                "--vrid", "51", "--priority", "101", "--vip", VIP + "/24", "--rt-priority", "50"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.contains("START-FAILED") && out.contains("realtimePriority needs CAP_SYS_NICE"), out);
        assertTrue(out.contains("AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW CAP_SYS_NICE"), out);
    }

    /** The node's JVM (the lab started {@code ip netns exec}, which execs java: the same pid). */
    private static long javaPid(Proc p) {
        return p.pid();
    }
}
