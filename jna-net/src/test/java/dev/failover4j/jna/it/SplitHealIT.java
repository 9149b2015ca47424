package dev.failover4j.jna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A VRRP-only split between the master w (priority 101) and the others, cut and healed again and
 * again with an nftables rule in the bridge family on the lab's switch (ARP and the client's traffic
 * still flow). During the cut l (100) becomes master and the client's neighbour entry for the VIP
 * follows l's gratuitous ARP; after the heal, at a random phase of the advert interval, the client's
 * entry must point at w again and the VIP must answer from w, every round. With three nodes, x (99)
 * must never hold the VIP. Rounds: {@code -Dsplit.rounds.v3} (default 30), {@code -Dsplit.rounds.v2}
 * (default 10).
 */
@Tag("netns")
class SplitHealIT {

    static final String VIP = "10.77.0.100";
    static Lab lab;

    @BeforeAll
    static void lab() throws Exception {
        Prerequisites.require("curl", "nft");
        lab = Lab.of("w", "l", "x", "c");
    }

    @AfterAll
    static void cleanup() {
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void reset() throws Exception {
        lab.reset(VIP + "/24");
    }

    @Test
    void twoNodesV3At100MsEveryHealEndsOnTheWinner() throws Exception {
        splitAndHeal(2, 3, 100, Integer.getInteger("split.rounds.v3", 30));
    }

    @Test
    void twoNodesV2At1sEveryHealEndsOnTheWinner() throws Exception {
        splitAndHeal(2, 2, 1000, Integer.getInteger("split.rounds.v2", 10));
    }

    @Test
    void threeNodesV3EveryHealEndsOnTheWinnerAndTheThirdNeverHoldsTheVip() throws Exception {
        splitAndHeal(3, 3, 100, Math.max(5, Integer.getInteger("split.rounds.v3", 30) / 3));
    }

    private void splitAndHeal(int count, int version, int intervalMs, int rounds) throws Exception {
        List<String> hosts = List.of("w", "l", "x").subList(0, count);
        List<Proc> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // Real-time priority, as the README recommends for three or more routers at short intervals:
            // VRRPv3's Skew_Time separates priorities 100 and 99 by 0.39 ms at 100 ms.
            Proc p = TestNode.start(lab, hosts.get(i), "--vrid", "51", "--priority", String.valueOf(101 - i),
                    "--vip", VIP + "/24", "--version", String.valueOf(version), "--interval-ms", String.valueOf(intervalMs),
                    "--rt-priority", System.getProperty("split.rt", "50"));
            p.await(l -> l.startsWith("STARTED") || l.startsWith("START-FAILED"), Duration.ofSeconds(20), "start");
            nodes.add(p);
        }
        Proc w = nodes.get(0);
        Proc l = nodes.get(1);
        w.await(s -> s.startsWith("STATE ") && s.split(" ")[2].equals("MASTER"), Duration.ofSeconds(20), "w MASTER");
        assertEquals("Welcome to w", lab.get("c", "http://" + VIP + ":8080/", Duration.ofSeconds(2)), "the client reaches w");
        // A cluster in operation: JVMs that have just started compile on every core of this machine for a
        // while, and the backups measure their master's jitter (the takeover settle) from its adverts.
        Lab.sleep(2000);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Duration stateWait = Duration.ofMillis(5L * intervalMs + 3000);
        List<String> failures = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            int lMasters = states(l, "MASTER");
            int lBackups = states(l, "BACKUP");
            lab.cutVrrp(Set.of("w"));
            l.await(s -> states(l, "MASTER") > lMasters, stateWait, "l MASTER during the cut (round " + round + ")");
            if (!awaitNeighbour(lab.mac("l"), Duration.ofSeconds(2))) {
                failures.add("round " + round + ": the client never followed l's announcement during the cut");
            }
            Lab.sleep(1100 + random.nextInt(intervalMs)); // past Linux's 1 s neighbour locktime, at a random phase
            lab.healVrrp();
            long healed = System.nanoTime();
            l.await(s -> states(l, "BACKUP") > lBackups, stateWait, "l BACKUP after the heal (round " + round + ")");
            boolean onWinner = awaitNeighbour(lab.mac("w"), Duration.ofMillis(2L * intervalMs + 1000));
            double ms = (System.nanoTime() - healed) / 1e6;
            String answer = lab.get("c", "http://" + VIP + ":8080/", Duration.ofSeconds(1));
            if (!onWinner || !"Welcome to w".equals(answer)) {
                failures.add(String.format(Locale.ROOT, "round %d: client's entry %s, answer %s", round,
                        lab.neighbour("c", VIP), answer));
            } else {
                times.add(ms);
            }
        }
        if (count == 3) {
            assertEquals(0, states(nodes.get(2), "MASTER"), "x (priority 99) must never be master:\n" + nodes.get(2).tail());
            assertEquals(false, lab.hasAddress("x", VIP));
        }
        Collections.sort(times);
        System.out.printf(Locale.ROOT, "[SplitHealIT] %d nodes, v%d %d ms: %d of %d heals ended on the winner"
                        + " (client's entry on w %.0f / %.0f / %.0f ms after the heal, min/median/max; seed %d)%n",
                count, version, intervalMs, times.size(), rounds, times.isEmpty() ? 0 : times.get(0),
                times.isEmpty() ? 0 : times.get(times.size() / 2), times.isEmpty() ? 0 : times.get(times.size() - 1), seed);
        assertEquals(List.of(), failures, "seed " + seed);
    }

    /** Waits until the client's neighbour entry for the VIP is {@code mac}. */
    private static boolean awaitNeighbour(String mac, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - end < 0) {
            if (mac.equals(lab.neighbour("c", VIP))) {
                return true;
            }
            Lab.sleep(10);
        }
        return false;
    }

    /** How many times the node has entered {@code state}. */
    private static int states(Proc p, String state) {
        return (int) p.count(s -> s.startsWith("STATE ") && s.split(" ")[2].equals(state));
    }
}
