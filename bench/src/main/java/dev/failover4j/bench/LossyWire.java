package dev.failover4j.bench;

import dev.failover4j.testsupport.netns.Impairment;
import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Spurious takeovers on a lossy wire: pairs at VRRPv3 100 ms (priorities 101/100) whose backup's link
 * loses 5 % or 20 % of frames each way (the lab's user-space netem), every system and loss rate at
 * once in one lab for M minutes, so that all cells share the machine's noise. RFC 5798's down timer
 * (3 intervals + Skew_Time, 361 ms) runs out when three adverts in a row are lost: expected takeovers
 * are intervals × (1 − p) × p³. failover4j also reports the takeovers its settle abandoned (the master
 * answered the backup's advert before the backup bound the VIP).
 */
final class LossyWire {

    private static final int[] LOSSES = {5, 20};
    private final BenchOptions options;

    LossyWire(BenchOptions options) {
        this.options = options;
    }

    /** One pair: its hosts, VRID, VIP and loss. */
    private record Cell(String system, int loss, String master, String backup, int vrid, String vip) {
    }

    String run() throws Exception {
        int minutes = options.lossyMinutes();
        List<Cell> cells = new ArrayList<>();
        Map<String, String> hosts = new LinkedHashMap<>();
        int i = 0;
        for (String system : options.systems()) {
            for (int loss : LOSSES) {
                String tag = (system.equals("failover4j") ? "f" : "k") + loss;
                cells.add(new Cell(system, loss, tag + "m", tag + "b", 61 + i, "10.77.0." + (200 + i)));
                hosts.put(tag + "m", "10.77.0." + (10 + 2 * i));
                hosts.put(tag + "b", "10.77.0." + (11 + 2 * i));
                i++;
            }
        }
        StringBuilder b = new StringBuilder("### Lossy wire: spurious takeovers at VRRPv3 100 ms over " + minutes + " min\n\n"
                + "All cells at once in one lab; the backup's link loses the given share of frames each way (user-space"
                + " netem, `Impairer`). Expected: RFC 5798's down timer, intervals × (1 − p) × p³.\n\n"
                + "| System | Loss | Takeovers by the backup | RFC math | Abandoned in the settle | Frames to the backup (dropped) | After: VIP on the master only |\n"
                + "|---|---|---|---|---|---|---|\n");
        try (Lab lab = new Lab(options.out().resolve("lossy"), hosts)) {
            Map<Cell, Proc[]> procs = new LinkedHashMap<>();
            Map<Cell, Impairment> wires = new LinkedHashMap<>();
            long seed = System.nanoTime();
            for (Cell c : cells) {
                wires.put(c, lab.impair(c.backup(), seed + c.vrid()));
                Proc m = start(lab, c, c.master(), 101);
                procs.put(c, new Proc[] {m, null});
            }
            for (Cell c : cells) {
                awaitVip(lab, c.master(), c.vip());
                procs.get(c)[1] = start(lab, c, c.backup(), 100);
            }
            Lab.sleep(5000);
            Map<Cell, Long> before = new LinkedHashMap<>();
            Map<Cell, Long> abandonedBefore = new LinkedHashMap<>();
            for (Cell c : cells) {
                before.put(c, takeovers(c, procs.get(c)[1]));
                abandonedBefore.put(c, abandoned(lab, c));
                wires.get(c).set("loss=" + c.loss());
            }
            System.out.printf(Locale.ROOT, "lossy: %d cells for %d min (seed %d)%n", cells.size(), minutes, seed);
            Thread.sleep(minutes * 60_000L);
            for (Cell c : cells) {
                String stats = wires.get(c).stats();
                wires.get(c).clear();
                long takeovers = takeovers(c, procs.get(c)[1]) - before.get(c);
                long abandoned = c.system().equals("failover4j") ? abandoned(lab, c) - abandonedBefore.get(c) : -1;
                double p = c.loss() / 100.0;
                double expected = minutes * 600 * (1 - p) * p * p * p;
                String in = towardsBackup(stats);
                Lab.sleep(1500);
                boolean ok = lab.hasAddress(c.master(), c.vip()) && !lab.hasAddress(c.backup(), c.vip());
                b.append(String.format(Locale.ROOT, "| %s | %d %% | %d | %.1f | %s | %s | %s |%n", c.system(), c.loss(), takeovers,
                        expected, abandoned < 0 ? "—" : String.valueOf(abandoned), in, ok ? "yes" : "NO"));
                System.out.printf(Locale.ROOT, "lossy %s %d %%: %d takeovers (RFC %.1f), abandoned %d, %s%n", c.system(), c.loss(),
                        takeovers, expected, abandoned, stats);
            }
            b.append("\nSeed ").append(seed).append(".\n");
        }
        return b.toString();
    }

    private Proc start(Lab lab, Cell c, String host, int priority) throws Exception {
        if (c.system().equals("failover4j")) {
            List<String> cmd = new ArrayList<>(List.of(Lab.JAVA));
            cmd.addAll(options.nodeJvmOpts());
            cmd.addAll(List.of("-jar", options.jar(), "--node-name", host, "--interface", "eth0", "--vrid", String.valueOf(c.vrid()),
                    "--priority", String.valueOf(priority), "--vip", c.vip() + "/24", "--vrrp-version", "3", "--advert-int", "100ms"));
            Proc p = lab.exec(host, host, cmd);
            p.await(x -> x.contains("serving on port"), Duration.ofSeconds(60), host + " HTTP");
            return p;
        }
        String conf = "global_defs {\n  router_id " + host + "\n  vrrp_garp_master_delay 5\n}\n"
                + "vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id " + c.vrid() + "\n  priority " + priority
                + "\n  advert_int 0.1\n  version 3\n  virtual_ipaddress {\n    " + c.vip() + "/24\n  }\n}\n";
        return lab.keepalived(host, conf).proc();
    }

    private static void awaitVip(Lab lab, String host, String vip) throws Exception {
        lab.awaitAddress(host, vip, true, Duration.ofSeconds(60));
    }

    /** The backup's entries to MASTER so far. */
    private static long takeovers(Cell c, Proc backup) {
        return backup.count(l -> c.system().equals("failover4j") ? l.startsWith(c.backup() + ": ") && l.contains("-> MASTER")
                : l.contains("Entering MASTER STATE"));
    }

    /** failover4j's TAKEOVERS_ABANDONED on the backup, from its /ha.json. */
    private static long abandoned(Lab lab, Cell c) throws Exception {
        if (!c.system().equals("failover4j")) {
            return 0;
        }
        String json = lab.in(c.backup(), "curl", "-s", "--max-time", "2", "http://127.0.0.1:8080/ha.json");
        int i = json.indexOf("\"takeoversAbandoned\":");
        if (i < 0) {
            throw new IllegalStateException("no takeoversAbandoned in " + c.backup() + "'s /ha.json: " + json);
        }
        int start = i + "\"takeoversAbandoned\":".length();
        int end = start;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Long.parseLong(json.substring(start, end));
    }

    /** "frames (dropped)" towards the backup, from the impairer's "STATS in FRAMES DROPPED DUP ERRORS; STATS out ...". */
    private static String towardsBackup(String stats) {
        String[] w = stats.split(";")[0].trim().split("\\s+");
        return w.length >= 4 && w[1].equals("in") ? w[2] + " (" + w[3] + ")" : stats;
    }
}
