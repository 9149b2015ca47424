package dev.failover4j.jna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.testsupport.netns.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * keepalived's {@code track_file} as the operator's knob, on the real network: w (priority 101) tracks
 * a file with weight -10; writing 1 into it drops w to 91, and the backup l (100, failover4j or
 * keepalived 2.2.7) preempts and takes the VIP; writing 0 brings w back to 101 and it preempts. No
 * process restarts, no config change. VRRPv3 at 100 ms.
 */
@Tag("netns")
class TrackFileIT {

    static final String VIP = "10.77.0.100";
    static Lab lab;

    @RegisterExtension
    static final LabFixture fixture = new LabFixture(l -> lab = l, "w", "l").requiring("keepalived");

    @Test
    void aWriteMovesMastershipToAFailover4jBackupAndBack() throws Exception {
        moveAndBack(new Router(lab, "l", false, 100));
    }

    @Test
    void aWriteMovesMastershipToAKeepalivedBackupAndBack() throws Exception {
        moveAndBack(new Router(lab, "l", true, 100));
    }

    private void moveAndBack(Router l) throws Exception {
        Path knob = Files.createTempFile(lab.dir(), "w-", ".track");
        Files.writeString(knob, "0\n");
        Router w = new Router(lab, "w", false, 101).with("--track-file", knob + ":-10");
        w.start();
        w.awaitMasters(1, Duration.ofSeconds(20));
        l.start();
        lab.awaitAddress("w", VIP, true, Duration.ofSeconds(10));
        Lab.sleep(1000);
        int lMasters = l.masters();
        long written = System.nanoTime();
        Files.writeString(knob, "1\n");
        long lMaster = l.awaitEntered("MASTER", lMasters + 1, Duration.ofSeconds(5));
        lab.awaitAddress("l", VIP, true, Duration.ofSeconds(2));
        lab.awaitAddress("w", VIP, false, Duration.ofSeconds(2));
        double away = (lMaster - written) / 1e6;
        int wMasters = w.masters();
        written = System.nanoTime();
        Files.writeString(knob, "0\n");
        long wMaster = w.awaitEntered("MASTER", wMasters + 1, Duration.ofSeconds(5));
        lab.awaitAddress("w", VIP, true, Duration.ofSeconds(2));
        lab.awaitAddress("l", VIP, false, Duration.ofSeconds(2));
        double back = (wMaster - written) / 1e6;
        fixture.report(String.format(Locale.ROOT, "[TrackFileIT] l=%s: write 1 -> l MASTER after %.0f ms; write 0 -> w MASTER"
                + " after %.0f ms (the preempting side's Master_Down_Interval, 361 ms, runs from the last higher advert it accepted)", l.kind(), away, back));
        assertTrue(w.tail().contains("track file " + knob + ": value 1 * weight -10 = -10"), w.tail());
        assertEquals(2, w.masters(), "w: master, then master again after the file went back to 0");
    }
}
