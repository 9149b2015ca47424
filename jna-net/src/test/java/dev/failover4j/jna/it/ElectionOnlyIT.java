package dev.failover4j.jna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leader election without a virtual address on the real network: two election-only groups (VRRPv3,
 * 100 ms, adverts with an address count of 0) elect w; w dies (cable out, SIGKILL) and l becomes
 * master with its own epoch; no address appears on either host.
 */
@Tag("netns")
class ElectionOnlyIT {

    static Lab lab;

    @RegisterExtension
    static final LabFixture fixture = new LabFixture(l -> lab = l, "w", "l");

    @Test
    void twoElectionOnlyGroupsElectAMasterAndTheBackupTakesOverWhenItDies() throws Exception {
        Proc w = node("w", 101);
        w.await(s -> s.startsWith("STATE BACKUP MASTER"), Duration.ofSeconds(20), "w master");
        Proc l = node("l", 100);
        l.await(s -> s.startsWith("STATE INITIALIZE BACKUP"), Duration.ofSeconds(20), "l backup");
        Lab.sleep(1000);
        assertEquals(0, l.count(s -> s.startsWith("STATE BACKUP MASTER")), "l stays backup:\n" + l.tail());
        long killed = System.nanoTime();
        lab.cableOut("w");
        w.kill();
        l.await(s -> s.startsWith("STATE BACKUP MASTER"), Duration.ofSeconds(5), "l master");
        long took = System.nanoTime() - killed;
        String line = l.lines().stream().filter(s -> s.startsWith("STATE BACKUP MASTER")).findFirst().orElseThrow();
        assertEquals("1", line.split(" ")[4], "l's first mastership: epoch 1 (" + line + ")");
        assertEquals("", lab.in("l", "ip", "-o", "addr", "show", "dev", "eth0", "scope", "global").lines()
                .filter(s -> !s.contains(" " + lab.ip("l") + "/")).reduce("", String::concat), "no address added on l");
        fixture.report(String.format(Locale.ROOT, "[ElectionOnlyIT] w died -> l MASTER (epoch 1) after %.0f ms", took / 1e6));
    }

    private static Proc node(String host, int priority) throws Exception {
        Proc p = TestNode.start(lab, host, "--vrid", "51", "--priority", String.valueOf(priority), "--version", "3",
                "--interval-ms", "100", "--rt-priority", "50", "--election-only", "false");
        p.await(s -> s.startsWith("STARTED"), Duration.ofSeconds(20), host + " started");
        return p;
    }
}
