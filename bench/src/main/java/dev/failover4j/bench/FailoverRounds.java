package dev.failover4j.bench;

import dev.failover4j.testsupport.netns.Capture;
import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The failover cells: for each interval (VRRPv2 1 s; VRRPv3 100 ms), each failure (master host death =
 * its switch port down; graceful stop = SIGTERM) and each system, N rounds measure the time until the
 * backup holds the VIP (from {@code ip monitor address} in its namespace) and the gap a client polling
 * every 10 ms with 50 ms timeouts sees. Systems alternate round by round so machine noise hits both.
 */
final class FailoverRounds {

    static final List<String> INTERVALS = List.of("v2-1s", "v3-100ms");
    static final List<String> FAILURES = List.of("host-death", "graceful");

    record Cell(String system, String failure, String interval) {
        String key() {
            return system + "/" + failure + "/" + interval;
        }
    }

    /**
     * One round's figures (ms; NaN where not applicable). From the capture on the switch: {@code
     * stopToZero} SIGTERM → the master's priority-0 advert; {@code zeroToAdvert} that → the backup's first
     * advert (Skew_Time); {@code lateness} the backup's first advert − (the master's last advert +
     * Master_Down_Interval) after a host death; {@code advertToVip} the backup's first advert → the VIP
     * added in its namespace; {@code advertToGarp} → its first gratuitous ARP.
     */
    record Round(double vipMs, double gapMs, double stopToZero, double zeroToAdvert, double lateness, double advertToVip,
                 double advertToGarp, double boundToAdvert, double boundToGarp) {
    }

    private final BenchLab lab;
    private final BenchOptions options;
    private final String benchJar;
    private final Random random = new Random(20261122L);

    FailoverRounds(BenchLab lab, BenchOptions options, String benchJar) {
        this.lab = lab;
        this.options = options;
        this.benchJar = benchJar;
    }

    Map<Cell, List<Round>> run() throws Exception {
        Map<Cell, List<Round>> results = new LinkedHashMap<>();
        for (String interval : INTERVALS) {
            for (String failure : FAILURES) {
                if (!options.runsCell(failure, interval)) {
                    continue;
                }
                for (int r = 1; r <= options.rounds(); r++) {
                    for (String system : options.systems()) {
                        Cell cell = new Cell(system, failure, interval);
                        Round round = round(cell);
                        System.out.printf(Locale.ROOT, "%-32s round %2d: VIP after %7.1f ms, client gap %7.1f ms;"
                                        + " SIGTERM->prio0 %.2f, prio0->advert %.2f, lateness %.2f, advert->VIP %.2f, advert->GARP %.2f ms%n",
                                cell.key(), r, round.vipMs(), round.gapMs(), round.stopToZero(), round.zeroToAdvert(), round.lateness(),
                                round.advertToVip(), round.advertToGarp());
                        results.computeIfAbsent(cell, k -> new ArrayList<>()).add(round);
                    }
                }
            }
        }
        return results;
    }

    private Round round(Cell c) throws Exception {
        lab.reset();
        boolean v3 = c.interval().startsWith("v3");
        long intervalMs = v3 ? 100 : 1000;
        BenchNode n1 = BenchNode.start(lab, options, c.system(), "n1", 101, v3, intervalMs);
        BenchLab.waitFor(() -> lab.hasVip("n1"), Duration.ofSeconds(20), "n1 to hold the VIP (" + c.key() + ")");
        BenchNode n2 = BenchNode.start(lab, options, c.system(), "n2", 100, v3, intervalMs);
        n2.awaitBackup(Duration.ofSeconds(20));
        Thread.sleep(3 * intervalMs + 500);
        if (lab.hasVip("n2")) {
            throw new IllegalStateException("n2 holds the VIP before the failure: " + c.key());
        }
        warmUp();
        VipWatcher vip = new VipWatcher(lab, "n2");
        Proc sniffer = lab.lab.sniff();
        Proc client = lab.lab.exec("client", "client", List.of(Lab.JAVA, "-cp", benchJar, Client.class.getName(),
                BenchLab.VIP, "8080", String.valueOf(6000 + 4 * intervalMs * 3)));
        client.await(l -> l.equals("READY"), Duration.ofSeconds(30), "client");
        // A random phase against the master's advert timer: each system's start-up time must not decide
        // how long ago its last advert went out when the failure comes.
        Thread.sleep(500 + random.nextInt((int) intervalMs));
        long t0 = System.nanoTime();
        if (c.failure().equals("host-death")) {
            lab.lab.cableOut("n1");
        } else {
            n1.terminate();
        }
        long tVip = vip.awaitVip(Duration.ofSeconds(15));
        Thread.sleep(1500); // let the client see the new master for a while
        client.kill();
        vip.close();
        List<Capture.Frame> frames = Capture.frames(sniffer);
        sniffer.kill();
        return breakdown(c, frames, t0, tVip, gap(c, client.lines()), intervalMs);
    }

    private static Round breakdown(Cell c, List<Capture.Frame> frames, long t0, long tVip, long gap, long intervalMs) {
        double mdi = 3 * intervalMs + 156 * intervalMs / 256.0;
        Capture.Frame first = Capture.first(frames, t0, f -> f.advert() && f.host().equals("n2") && f.priority() > 0);
        Capture.Frame garp = first == null ? null : Capture.first(frames, first.nanos(), f -> f.garp() && f.host().equals("n2"));
        double stopToZero = Double.NaN;
        double zeroToAdvert = Double.NaN;
        double lateness = Double.NaN;
        // When the backup's timer ran out by the RFC, as the switch saw it: the priority-0 advert +
        // Skew_Time (graceful), the master's last advert + Master_Down_Interval (host death).
        double bound = Double.NaN;
        if (c.failure().equals("graceful")) {
            Capture.Frame zero = Capture.first(frames, t0, f -> f.advert() && f.host().equals("n1") && f.priority() == 0);
            if (zero != null) {
                stopToZero = ms(zero.nanos() - t0);
                zeroToAdvert = first == null ? Double.NaN : ms(first.nanos() - zero.nanos());
                bound = ms(zero.nanos()) + 156 * intervalMs / 256.0;
            }
        } else {
            Capture.Frame last = Capture.last(frames, t0, f -> f.advert() && f.host().equals("n1"));
            if (last != null) {
                bound = ms(last.nanos()) + mdi;
                lateness = first == null ? Double.NaN : ms(first.nanos()) - bound;
            }
        }
        return new Round(ms(tVip - t0), ms(gap), stopToZero, zeroToAdvert, lateness,
                first == null ? Double.NaN : ms(tVip - first.nanos()), garp == null ? Double.NaN : ms(garp.nanos() - first.nanos()),
                first == null ? Double.NaN : ms(first.nanos()) - bound, garp == null ? Double.NaN : ms(garp.nanos()) - bound);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Both nodes' HTTP servers warmed up alike (new connections, as the client makes them). */
    private void warmUp() throws Exception {
        for (String node : new String[] {"10.77.0.10", "10.77.0.20"}) {
            List<String> warm = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-H", "Connection: close", "--max-time", "2"));
            for (int i = 0; i < 50; i++) {
                warm.add("http://" + node + ":8080/");
            }
            lab.lab.in("client", warm.toArray(new String[0]));
        }
    }

    /** From the client's last answer by n1 to its first by n2, in nanoseconds. */
    private static long gap(Cell c, List<String> lines) {
        long lastOld = Long.MIN_VALUE;
        long firstNew = Long.MIN_VALUE;
        for (String l : lines) {
            String[] p = l.split(" ");
            if (p.length != 2 || l.equals("READY")) {
                continue;
            }
            long t = Long.parseLong(p[0]);
            if (p[1].equals("n1") && firstNew == Long.MIN_VALUE) {
                lastOld = t;
            } else if (p[1].equals("n2") && firstNew == Long.MIN_VALUE) {
                firstNew = t;
            }
        }
        if (firstNew == Long.MIN_VALUE || lastOld == Long.MIN_VALUE) {
            throw new IllegalStateException(c.key() + ": the client never saw both nodes (" + lines.size() + " lines)");
        }
        return firstNew - lastOld;
    }
}
