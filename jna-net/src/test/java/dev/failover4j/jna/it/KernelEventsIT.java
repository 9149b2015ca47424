package dev.failover4j.jna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.testsupport.netns.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kernel changes the ground under a running pair, a (101, master) and b (100): a's interface
 * deleted and created again, its MTU changed, its primary address removed (with and without another
 * address to send from), and rtnetlink notifications lost to an overflow. Each scenario runs with a
 * failover4j pair and then a keepalived 2.2.7 pair in the same lab; the invariant is asserted for
 * failover4j (after convergence exactly one node holds the VIP and the client reaches it), and
 * keepalived's outcome is printed beside ours.
 */
@Tag("netns")
class KernelEventsIT {

    static final String VIP = "10.77.0.100";
    static Lab lab;

    @RegisterExtension
    static final LabFixture fixture = new LabFixture(l -> lab = l, "a", "b", "c").requiring("keepalived", "curl");

    /** What these tests add beyond the lab's own reset (which follows). */
    @AfterEach
    void cleanUp() throws Exception {
        lab.in("a", "ip", "link", "del", "fl0");
        lab.in("a", "ip", "addr", "del", "192.168.77.10/24", "dev", "eth0");
    }

    private void reset() throws Exception {
        cleanUp();
        fixture.reset();
    }

    /** a (101) master and b (100) backup, both of one kind, the client answered by a. */
    private static Router[] pair(boolean keepalived, int version, int advertMs, String... aArgs) throws Exception {
        Router a = new Router(lab, "a", keepalived, 101).interval(version, advertMs).servingWeb();
        Router b = new Router(lab, "b", keepalived, 100).interval(version, advertMs).servingWeb();
        if (!keepalived) {
            a.with(aArgs);
        }
        a.start();
        a.awaitMasters(1, Duration.ofSeconds(10));
        b.start();
        lab.awaitAddress("a", VIP, true, Duration.ofSeconds(5));
        assertEquals("Welcome to a", lab.get("c", "http://" + VIP + ":8080/", Duration.ofSeconds(2)), "the client reaches a");
        Lab.sleep(1500); // both running: fresh JVMs compile, b learns a's advert jitter
        return new Router[] {a, b};
    }

    private static String ms(long from, long to) {
        return to < 0 ? "never" : String.format(Locale.ROOT, "%.0f ms", (to - from) / 1e6);
    }

    /** A step of a scenario, run in the lab. */
    interface Step {
        void run() throws Exception;
    }

    /**
     * a loses what it needs (FAULT; b takes over and the client follows), then gets it back after
     * {@code pauseMs} (a master again without a restart, the client back on a): for each system.
     */
    private void faultAndBack(String what, Step breakIt, long pauseMs, Step fixIt, String faultCause) throws Exception {
        for (boolean keepalived : new boolean[] {false, true}) {
            Router[] r = pair(keepalived, 3, 100);
            Router a = r[0];
            Router b = r[1];
            int aFaults = a.entered("FAULT");
            int aMasters = a.masters();
            int bMasters = b.masters();
            long t0 = System.nanoTime();
            breakIt.run();
            long fault = a.tryAwaitEntered("FAULT", aFaults + 1, Duration.ofSeconds(5));
            long bMaster = b.tryAwaitEntered("MASTER", bMasters + 1, Duration.ofSeconds(5));
            String during = Router.converged(lab, "b", "a");
            Lab.sleep(pauseMs);
            long t1 = System.nanoTime();
            fixIt.run();
            long back = a.tryAwaitEntered("MASTER", aMasters + 1, Duration.ofSeconds(10));
            String broken = Router.converged(lab, "a", "b");
            fixture.report(String.format(Locale.ROOT, "[KernelEventsIT] %s, %s v3 100 ms: a FAULT after %s, b master after %s (%s);"
                    + " a master again %s after it came back; %s", what, a.kind(), ms(t0, fault), ms(t0, bMaster),
                    during == null ? "client on b" : "client NOT on b: " + during, ms(t1, back),
                    broken == null ? "converged on a" : "NOT converged: " + broken));
            if (!keepalived) {
                assertTrue(fault > 0 && bMaster > 0 && back > 0, "a: FAULT, b: MASTER, a: MASTER again without a restart:\n"
                        + a.tail() + "\n--- b\n" + b.tail());
                assertTrue(a.proc.has(l -> l.startsWith("STATE ") && l.split(" ")[3].equals(faultCause)), a.tail());
                assertEquals(null, during);
                assertEquals(null, broken);
            }
            reset();
        }
    }

    @Test
    void interfaceDeletedAndCreatedAgain() throws Exception {
        faultAndBack("eth0 deleted and created again", () -> lab.deleteLink("a"), 1000, () -> lab.recreateLink("a"), "LINK_DOWN");
    }

    @Test
    void mtuChangedUnderARunningPairChangesNothing() throws Exception {
        for (boolean keepalived : new boolean[] {false, true}) {
            Router[] r = pair(keepalived, 3, 100);
            Router a = r[0];
            Router b = r[1];
            int before = a.transitions() + b.transitions();
            for (String mtu : new String[] {"1400", "9000", "1500"}) {
                lab.in("a", "ip", "link", "set", "eth0", "mtu", mtu);
                lab.in("b", "ip", "link", "set", "eth0", "mtu", mtu);
                Lab.sleep(700);
            }
            int changes = a.transitions() + b.transitions() - before;
            String broken = Router.converged(lab, "a", "b");
            fixture.report(String.format(Locale.ROOT, "[KernelEventsIT] MTU 1400, 9000, 1500 on both, %s v3 100 ms: %d transitions; %s",
                    a.kind(), changes, broken == null ? "converged on a" : "NOT converged: " + broken));
            if (!keepalived) {
                assertEquals(0, changes, a.tail() + "\n--- b\n" + b.tail());
                assertEquals(null, broken);
            }
            reset();
        }
    }

    @Test
    void primaryAddressRemovedWithNothingElseToSendFrom() throws Exception {
        // The VIP, a secondary address in the same subnet, goes with it (promote_secondaries is off).
        faultAndBack("a's only address removed", () -> lab.in("a", "ip", "addr", "del", lab.ip("a") + "/24", "dev", "eth0"), 500,
                () -> lab.in("a", "ip", "addr", "add", lab.ip("a") + "/24", "dev", "eth0"), "NO_SOURCE_ADDRESS");
    }

    @Test
    void primaryAddressRemovedWithAnotherToSendFrom() throws Exception {
        for (boolean keepalived : new boolean[] {false, true}) {
            lab.in("a", "ip", "addr", "add", "192.168.77.10/24", "dev", "eth0");
            Router[] r = pair(keepalived, 3, 100);
            Router a = r[0];
            Router b = r[1];
            int before = a.transitions() + b.transitions();
            lab.in("a", "ip", "addr", "del", lab.ip("a") + "/24", "dev", "eth0"); // the VIP goes with it
            Lab.sleep(2000); // b hears a's adverts from 192.168.77.10, or takes over after 361 ms
            int changes = a.transitions() + b.transitions() - before;
            String broken = Router.converged(lab, "a", "b");
            fixture.report(String.format(Locale.ROOT, "[KernelEventsIT] a's primary removed, another left, %s v3 100 ms: %d transitions;"
                    + " %s", a.kind(), changes, broken == null ? "converged on a" : "NOT converged: " + broken));
            if (!keepalived) {
                assertEquals(0, changes, a.tail() + "\n--- b\n" + b.tail());
                assertTrue(a.proc.has(s -> s.contains("now sends from 192.168.77.10")), a.tail());
                assertEquals(null, broken);
            }
            reset();
        }
    }

    /**
     * The master stopped (SIGSTOP) while thousands of address notifications and the removal of its
     * VIP pass through its namespace: its monitor socket overflows, the VIP's removal among what is
     * lost. Continued, it must read everything again and bind the VIP again. VRRPv2 at 1 s keeps b
     * from taking over while a is stopped; failover4j's lease is off so that nothing else restores the VIP.
     */
    @Test
    void notificationsLostToAnOverflowAreReadAgain() throws Exception {
        Path batch = lab.dir().resolve("flood.batch");
        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < 6000; i++) {
            flood.append("addr add 10.200.").append(i / 250).append('.').append(i % 250 + 1).append("/32 dev fl0\n");
        }
        Files.writeString(batch, flood);
        for (boolean keepalived : new boolean[] {false, true}) {
            Router[] r = pair(keepalived, 2, 1000, "--lease-s", "0");
            Router a = r[0];
            Router b = r[1];
            lab.in("a", "ip", "link", "add", "fl0", "type", "veth", "peer", "name", "fl1");
            int before = a.transitions() + b.transitions();
            long pid = a.vrrpPid();
            Lab.run("kill", "-STOP", String.valueOf(pid));
            long t0;
            try {
                Lab.run("ip", "-n", lab.ns("a"), "-batch", batch.toString());
                lab.in("a", "ip", "addr", "del", VIP + "/24", "dev", "eth0");
            } finally {
                t0 = System.nanoTime();
                Lab.run("kill", "-CONT", String.valueOf(pid));
            }
            long back = -1;
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (back < 0 && System.nanoTime() - end < 0) {
                if (lab.hasAddress("a", VIP)) {
                    back = System.nanoTime();
                }
                Lab.sleep(10);
            }
            boolean overflow = a.proc.has(s -> keepalived ? s.contains("No buffer space") || s.contains("overrun")
                    : s.contains("kernel notifications were dropped"));
            int changes = a.transitions() + b.transitions() - before;
            String broken = Router.converged(lab, "a", "b");
            fixture.report(String.format(Locale.ROOT, "[KernelEventsIT] rtnetlink overflow while the VIP was removed, %s v2 1 s:"
                    + " overflow %s, VIP on a again %s after SIGCONT, %d transitions; %s", a.kind(),
                    overflow ? "seen" : "not logged", ms(t0, back), changes, broken == null ? "converged on a" : "NOT converged: " + broken));
            if (!keepalived) {
                assertTrue(overflow, "no overflow: flood harder\n" + a.tail());
                assertTrue(back > 0, "the VIP was not bound again:\n" + a.tail());
                assertEquals(0, changes, a.tail() + "\n--- b\n" + b.tail());
                assertEquals(null, broken);
            }
            reset();
        }
    }
}
