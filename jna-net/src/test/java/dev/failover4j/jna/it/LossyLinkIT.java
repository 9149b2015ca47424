package dev.failover4j.jna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.failover4j.testsupport.netns.Impairment;
import dev.failover4j.testsupport.netns.Lab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bad wire under a running pair, a (101, master) and b (100), VRRPv3 at 100 ms: b's link is
 * impaired by the lab's {@code Impairer} (netem in user space; this kernel has no sch_netem). First
 * delay, jitter wide enough to reorder adverts, and duplication: no transition is due (the gaps stay
 * under Master_Down_Interval). Then 20 % loss each way: RFC 5798's down timer makes b take over
 * whenever three adverts in a row are lost, about 0.8 % of intervals. After the wire is clean again,
 * exactly one node holds the VIP and the client reaches it. A failover4j pair, then a keepalived pair,
 * with the same seed; transitions are printed side by side (the 10-minute counts are in
 * {@code bench/}, {@code docs/benchmarks.md}). Loss phase length: {@code -Dlossy.seconds} (default 20).
 */
@Tag("netns")
class LossyLinkIT {

    static final String VIP = Router.DEFAULT_VIP;
    static Lab lab;

    @RegisterExtension
    static final LabFixture fixture = new LabFixture(l -> lab = l, "a", "b", "c").requiring("keepalived", "curl");

    @Test
    void delayJitterDuplicationAndLossThenOneHolderTheClientReaches() throws Exception {
        long seed = Long.getLong("lossy.seed", System.nanoTime());
        int lossSeconds = Integer.getInteger("lossy.seconds", 20);
        for (boolean keepalived : new boolean[] {false, true}) {
            Impairment wire = lab.impair("b", seed);
            Router a = new Router(lab, "a", keepalived, 101).interval(3, 100).servingWeb().start();
            a.awaitMasters(1, Duration.ofSeconds(10));
            Router b = new Router(lab, "b", keepalived, 100).interval(3, 100).servingWeb().start();
            lab.awaitAddress("a", VIP, true, Duration.ofSeconds(5));
            Lab.sleep(1500);
            String before = Router.converged(lab, "a", "b");
            assertEquals(null, before, "through the relay, before any impairment");

            // Adverts 10..190 ms late: reordered, duplicated, but never 361 ms apart.
            int t0 = b.masters();
            wire.set("delay=100 jitter=90 dup=10");
            Lab.sleep(10_000);
            int jitterTakeovers = b.masters() - t0;
            wire.clear();
            Lab.sleep(1000);
            String afterJitter = Router.converged(lab, "a", "b");

            int t1 = b.masters();
            wire.set("loss=20");
            Lab.sleep(lossSeconds * 1000L);
            int lossTakeovers = b.masters() - t1;
            String stats = wire.stats();
            wire.clear();
            Lab.sleep(1000);
            String afterLoss = Router.converged(lab, "a", "b");
            double expected = lossSeconds * 10 * Math.pow(0.2, 3) * 0.8;
            fixture.report(String.format(Locale.ROOT, "[LossyLinkIT] %s v3 100 ms, b's link: delay 100±90 ms + 10 %% dup for 10 s: %d"
                            + " takeovers by b, %s; 20 %% loss for %d s: %d takeovers by b (RFC math %.1f), %s (%s; seed %d)",
                    a.kind(), jitterTakeovers, afterJitter == null ? "converged on a" : "NOT converged: " + afterJitter,
                    lossSeconds, lossTakeovers, expected, afterLoss == null ? "converged on a" : "NOT converged: " + afterLoss,
                    stats, seed));
            if (!keepalived) {
                assertEquals(0, jitterTakeovers, "delay and reordering within Master_Down_Interval:\n" + b.tail());
                assertEquals(null, afterJitter, "seed " + seed);
                assertEquals(null, afterLoss, "seed " + seed + "\n" + a.tail() + "\n--- b\n" + b.tail());
            }
            fixture.reset();
        }
    }
}
