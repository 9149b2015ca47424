package dev.failover4j.jna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.failover4j.testsupport.netns.Lab;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * keepalived's {@code track_interface} on the real network: the master w tracks eth1 (the lab's
 * second network), its VIP lives on eth0. eth1 losing its link moves the VIP to l: with weight 0 at
 * once (FAULT, a priority-0 advert), with weight -50 by preemption (w's priority drops to 51). When
 * eth1 is back, w takes the VIP back. VRRPv3 at 100 ms.
 */
@Tag("netns")
class TrackInterfaceIT {

    static final String VIP = "10.77.0.100";
    static Lab lab;

    @RegisterExtension
    static final LabFixture fixture = new LabFixture(l -> lab = l, "w", "l").withSecondNetwork();

    @Test
    void weightZeroEth1DownIsFaultAndTheBackupTakesOverAfterSkewTime() throws Exception {
        moveAndBack(0, "STATE MASTER FAULT HEALTH_FAULT");
    }

    @Test
    void weightMinus50Eth1DownLetsTheBackupPreempt() throws Exception {
        moveAndBack(-50, "STATE MASTER BACKUP HIGHER_PRIORITY_MASTER");
    }

    private void moveAndBack(int weight, String wLeaves) throws Exception {
        Router w = new Router(lab, "w", false, 101).with("--track-interface", "eth1:" + weight);
        Router l = new Router(lab, "l", false, 100);
        w.start();
        w.awaitMasters(1, Duration.ofSeconds(20));
        l.start();
        lab.awaitAddress("w", VIP, true, Duration.ofSeconds(10));
        Lab.sleep(1000);
        long cut = System.nanoTime();
        lab.secondCableOut("w");
        long moved = lab.awaitAddress("l", VIP, true, Duration.ofSeconds(5));
        lab.awaitAddress("w", VIP, false, Duration.ofSeconds(2));
        // the VIP goes before the STATE line is printed: wait for the line, then count it
        w.proc.await(s -> s.startsWith(wLeaves), Duration.ofSeconds(2), wLeaves);
        assertEquals(1, w.proc.count(s -> s.startsWith(wLeaves)), w.tail());
        long back = System.nanoTime();
        lab.secondCableIn("w");
        long returned = lab.awaitAddress("w", VIP, true, Duration.ofSeconds(5));
        w.awaitMasters(2, Duration.ofSeconds(2)); // the VIP is bound before MASTER is reported
        fixture.report(String.format(Locale.ROOT, "[TrackInterfaceIT] weight %d: eth1 down -> l holds the VIP after %.0f ms;"
                + " eth1 up -> w again after %.0f ms", weight, (moved - cut) / 1e6, (returned - back) / 1e6));
    }
}
