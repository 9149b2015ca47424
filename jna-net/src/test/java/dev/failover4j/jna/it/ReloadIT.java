package dev.failover4j.jna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.testsupport.netns.Capture;
import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live reconfiguration (keepalived's reload, without its failovers) of a failover4j master w on the
 * real network, with a capture on the lab's switch: w stays master, binds and announces an added
 * VIP (the client reaches it), releases a removed one, and no priority-0 advert is on the wire. The
 * backup l is failover4j (the address list, priority and interval change) or keepalived 2.2.7 (the
 * priority changes: keepalived 2.2.7 drops adverts whose address count differs from its own, so an
 * address-list change with it takes the reload on both sides; see the README). VRRPv3 at 100 ms.
 */
@Tag("netns")
class ReloadIT {

    static final String VIP = "10.77.0.100";
    static final String ADDED = "10.77.0.101";
    static Lab lab;

    @RegisterExtension
    static final LabFixture fixture = new LabFixture(l -> lab = l, "w", "l", "c").requiring("keepalived", "curl")
            .resetting(VIP + "/24", ADDED + "/24");

    private static final String BASE = "--vrid 51 --version 3 --rt-priority 50 --vip " + VIP + "/24";

    @Test
    void aFailover4jMasterAddsAndRemovesAVipAndChangesPriorityAndIntervalWithoutAFailover() throws Exception {
        Router l = new Router(lab, "l", false, 100);
        Proc sniffer = startPair(l);
        long before = System.nanoTime();
        int lMasters = l.masters();
        reconfigure("--priority 120 --interval-ms 200 --vip " + ADDED + "/24");
        lab.awaitAddress("w", ADDED, true, Duration.ofSeconds(2));
        assertEquals("Welcome to w", lab.get("c", "http://" + ADDED + ":8080/", Duration.ofSeconds(2)), "the client reaches the new VIP on w");
        Lab.sleep(2000);
        reconfigure("--priority 120 --interval-ms 100");
        lab.awaitAddress("w", ADDED, false, Duration.ofSeconds(2));
        Lab.sleep(2000);
        List<Capture.Frame> frames = Capture.frames(sniffer);
        assertNotNull(Capture.first(frames, before, f -> f.garp() && f.host().equals("w") && f.address().equals(ADDED)),
                "w announced the added VIP");
        assertNotNull(Capture.first(frames, before, f -> f.advert() && f.host().equals("w") && f.priority() == 120),
                "w's adverts carry the new priority");
        assertFalse(l.tail().contains("RECONFIGURE"), "only w was reconfigured");
        verdict(frames, before, l, lMasters);
    }

    @Test
    void aFailover4jMasterChangesItsPriorityWithAKeepalivedBackupWithoutAFailover() throws Exception {
        Router l = new Router(lab, "l", true, 100);
        Proc sniffer = startPair(l);
        long before = System.nanoTime();
        int lMasters = l.masters();
        reconfigure("--priority 150 --interval-ms 100");
        Lab.sleep(2000);
        reconfigure("--priority 101 --interval-ms 100");
        Lab.sleep(2000);
        List<Capture.Frame> frames = Capture.frames(sniffer);
        assertNotNull(Capture.first(frames, before, f -> f.advert() && f.host().equals("w") && f.priority() == 150));
        verdict(frames, before, l, lMasters);
    }

    private Router w;

    private Proc startPair(Router l) throws Exception {
        Proc sniffer = lab.sniff();
        w = new Router(lab, "w", false, 101);
        w.start();
        w.awaitMasters(1, Duration.ofSeconds(20));
        l.start();
        lab.awaitAddress("w", VIP, true, Duration.ofSeconds(10));
        Lab.sleep(1500);
        return sniffer;
    }

    private void reconfigure(String options) {
        int done = (int) w.proc.count(s -> s.equals("RECONFIGURED") || s.startsWith("RECONFIGURE-FAILED"));
        try {
            w.proc.tell("RECONFIGURE " + BASE + " " + options);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        w.proc.await(s -> w.proc.count(x -> x.equals("RECONFIGURED") || x.startsWith("RECONFIGURE-FAILED")) > done,
                Duration.ofSeconds(10), "w reconfigured");
        assertFalse(w.tail().contains("RECONFIGURE-FAILED"), w.tail());
    }

    /** w master throughout, l never master, no priority-0 advert from anyone since {@code before}. */
    private void verdict(List<Capture.Frame> frames, long before, Router l, int lMasters) throws Exception {
        Capture.Frame zero = Capture.first(frames, before, f -> f.advert() && f.priority() == 0);
        long wAdverts = frames.stream().filter(f -> f.nanos() - before >= 0 && f.advert() && f.host().equals("w")).count();
        fixture.report(String.format(Locale.ROOT, "[ReloadIT] l=%s: w MASTER throughout (%d entries to MASTER), l entered"
                + " MASTER %d times, %d adverts from w captured, priority-0 adverts: %s", l.kind(), w.masters(),
                l.masters() - lMasters, wAdverts, zero == null ? "none" : zero.toString()));
        assertEquals(null, zero, "no priority-0 advert on the wire");
        assertEquals(1, w.masters(), "w entered MASTER once, at start:\n" + w.tail());
        assertEquals(lMasters, l.masters(), "l never master:\n" + l.tail());
        assertTrue(lab.hasAddress("w", VIP));
        assertFalse(lab.hasAddress("l", VIP));
        assertTrue(wAdverts > 20, "w kept advertising: " + wAdverts);
    }
}
