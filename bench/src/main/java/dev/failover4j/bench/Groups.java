package dev.failover4j.bench;

import dev.failover4j.testsupport.netns.Capture;
import dev.failover4j.testsupport.netns.Capture.Frame;
import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pair of library-user processes (n1 priority 101, n2 priority 100), each running N groups (VRIDs
 * 1..N) with no web server and no health check, against keepalived running the same N instances on
 * the same pair, one system after the other in one run. Over a window in steady state: CPU of each
 * node, memory, threads, state changes, VIPs held, the protocol thread's allocation per advert
 * (failover4j), and, from a capture on the lab's switch, how far each master advert was from one
 * Advertisement_Interval after the previous one of its VRID (both systems measured the same way).
 */
final class Groups {

    /** One cell: N groups at an interval, VRRP version, measured for a window. */
    record Cell(String name, int groups, long intervalMs, int version, int windowSeconds) {
    }

    /** What one system did in one cell. */
    record Result(String system, Cell cell, double cpu1, double cpu2, double rss1Mb, double rss2Mb, long threads1,
                  double heap1Mb, long changes, int vips1, int vips2, long lateWakeups, double allocPerSent,
                  double allocPerReceived, long adverts, double[] lateness) {
    }

    /**
     * failover4j in a JVM set up to sleep when idle (README "Idle cost"): no perf-data sampling, no
     * guaranteed safepoint every second, the serial collector, C1 only.
     */
    static final String LEAN = "failover4j-lean";
    static final List<String> LEAN_OPTIONS = List.of("-XX:-UsePerfData", "-XX:+UnlockDiagnosticVMOptions",
            "-XX:GuaranteedSafepointInterval=0", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final BenchLab lab;
    private final BenchOptions options;
    private final String benchJar;

    /** The cells --group-cells names (all when not given). */
    static List<Cell> cells(BenchOptions o) {
        int w = o.groupSeconds();
        List<Cell> all = List.of(new Cell("jvm", 0, 1000, 2, w), new Cell("library", 1, 1000, 2, w),
                new Cell("steady", 1, 100, 3, w),
                new Cell("scale-255", 255, 100, 3, w), new Cell("scale-50", 50, 10, 3, w));
        return all.stream().filter(c -> o.groupCells().isEmpty() || o.groupCells().contains(c.name())).toList();
    }

    /** The results as markdown, with failover4j's figures as a ratio of keepalived's in the same cell. */
    static String table(List<Result> results, BenchOptions o) {
        StringBuilder b = new StringBuilder("### Groups in one process: a library user's pair against keepalived's\n\n"
                + "n1 (priority 101) and n2 (priority 100) each run N groups (VRIDs 1..N, one /32 VIP each) with no web server"
                + " and no health check; " + o.groupSeconds() + " s in steady state. CPU is % of one core; lateness is each"
                + " master advert's distance from one Advertisement_Interval after the previous advert of its VRID, on the"
                + " lab's switch (ms, negative: early). Allocation is the protocol thread's, per advert sent (master) or"
                + " received (backup). The \"jvm\" cell is the same program with no group: the JVM's own floor.\n\n"
                + "| Cell | System | CPU master / backup | RSS master / backup | Threads (master) | Heap used | VIPs on master"
                + " / backup | State changes | Late wake-ups | Lateness p50 / p99 / max (min) | Alloc per advert sent / received |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            Cell c = r.cell();
            Result ka = results.stream().filter(x -> x.cell() == c && x.system().equals("keepalived")).findFirst().orElse(null);
            String ratio = ka == null || r == ka || ka.cpu1() + ka.cpu2() == 0 ? ""
                    : String.format(Locale.ROOT, " (%.1f× keepalived's)", (r.cpu1() + r.cpu2()) / (ka.cpu1() + ka.cpu2()));
            b.append(String.format(Locale.ROOT, "| %s: %d × v%d %d ms | %s | %.3f / %.3f %%%s | %.1f / %.1f MiB | %d | %s |"
                            + " %d / %d | %d | %s | %+.3f / %+.3f / %+.3f (%+.3f) | %s |%n",
                    c.name(), c.groups(), c.version(), c.intervalMs(), r.system(), r.cpu1(), r.cpu2(), ratio, r.rss1Mb(),
                    r.rss2Mb(), r.threads1(), r.system().startsWith("failover4j") ? String.format(Locale.ROOT, "%.1f MiB", r.heap1Mb()) : "-",
                    r.vips1(), r.vips2(), r.changes(), r.system().startsWith("failover4j") ? String.valueOf(r.lateWakeups()) : "-",
                    r.lateness()[0], r.lateness()[1], r.lateness()[2], r.lateness()[3],
                    r.system().startsWith("failover4j") ? String.format(Locale.ROOT, "%.0f B / %.0f B", r.allocPerSent(), r.allocPerReceived()) : "-"));
        }
        return b.toString();
    }

    Groups(BenchLab lab, BenchOptions options, String benchJar) {
        this.lab = lab;
        this.options = options;
        this.benchJar = benchJar;
    }

    List<Result> run(List<Cell> cells) throws Exception {
        List<Result> out = new ArrayList<>();
        for (Cell c : cells) {
            for (String system : options.systems()) {
                if (c.groups() == 0 && !system.startsWith("failover4j")) {
                    continue; // the cost of the JVM the library lives in, with no group
                }
                Result r = measure(system, c);
                out.add(r);
                System.out.printf(Locale.ROOT, "%s %-10s cpu %.3f/%.3f %% rss %.1f/%.1f MiB threads %d changes %d vips %d/%d"
                                + " late %d alloc/sent %.0f B alloc/received %.0f B adverts %d lateness p50 %.3f p99 %.3f max %.3f ms"
                                + " min %.3f%n", c.name(), system, r.cpu1, r.cpu2, r.rss1Mb, r.rss2Mb, r.threads1, r.changes,
                        r.vips1, r.vips2, r.lateWakeups, r.allocPerSent, r.allocPerReceived, r.adverts, r.lateness[0],
                        r.lateness[1], r.lateness[2], r.lateness[3]);
            }
        }
        return out;
    }

    private Result measure(String system, Cell c) throws Exception {
        lab.reset();
        lab.lab.in("n1", "ip", "addr", "flush", "dev", "eth0", "to", "10.77.1.0/24");
        lab.lab.in("n2", "ip", "addr", "flush", "dev", "eth0", "to", "10.77.1.0/24");
        Node n1 = start(system, "n1", 101, c);
        BenchLab.waitFor(() -> vips("n1") == c.groups(), Duration.ofSeconds(60), "n1 holds all " + c.groups() + " VIPs");
        Node n2 = start(system, "n2", 100, c);
        BenchLab.waitFor(() -> n2.backups() >= c.groups(), Duration.ofSeconds(60), "n2 backup in all groups");
        Thread.sleep(3000); // past start-up: JIT, first GARP rounds
        Proc sniffer = lab.lab.sniff();
        Thread.sleep(500);
        long changes0 = n1.changes() + n2.changes();
        Sample a1 = n1.sample();
        Sample a2 = n2.sample();
        long t0 = System.nanoTime();
        Thread.sleep(c.windowSeconds() * 1000L);
        double secs = (System.nanoTime() - t0) / 1e9;
        Sample b1 = n1.sample();
        Sample b2 = n2.sample();
        long changes = n1.changes() + n2.changes() - changes0;
        System.out.println(c.name() + " " + system + " CPU ticks by thread, master: " + topThreads(a1, b1) + "; backup: "
                + topThreads(a2, b2));
        int vips1 = vips("n1");
        int vips2 = vips("n2");
        sniffer.kill();
        List<Frame> frames = Capture.frames(sniffer);
        double[] late = lateness(frames, c.intervalMs(), "n1");
        long adverts = frames.stream().filter(f -> f.advert() && f.host().equals("n1")).count();
        double allocSent = Double.NaN;
        double allocReceived = Double.NaN;
        long lateWakeups = 0;
        if (system.startsWith("failover4j")) {
            Map<String, Long> r1a = n1.report(a1.reportIndex);
            Map<String, Long> r1b = n1.report(b1.reportIndex);
            Map<String, Long> r2a = n2.report(a2.reportIndex);
            Map<String, Long> r2b = n2.report(b2.reportIndex);
            allocSent = (double) (r1b.get("loopAlloc") - r1a.get("loopAlloc")) / Math.max(1, r1b.get("sent") - r1a.get("sent"));
            allocReceived = (double) (r2b.get("loopAlloc") - r2a.get("loopAlloc"))
                    / Math.max(1, r2b.get("received") - r2a.get("received"));
            lateWakeups = r1b.get("late") - r1a.get("late") + r2b.get("late") - r2a.get("late");
        }
        n1.stop();
        n2.stop();
        return new Result(system, c, cpuDelta(a1.cpuNanos, b1.cpuNanos) / 1e7 / secs, cpuDelta(a2.cpuNanos, b2.cpuNanos) / 1e7 / secs,
                b1.rssKb / 1024.0, b2.rssKb / 1024.0, b1.threads, b1.heapUsed / 1048576.0, changes, vips1, vips2,
                lateWakeups, allocSent, allocReceived, adverts, late);
    }

    /** Master adverts (from {@code host}) per VRID: interval − Advertisement_Interval, p50/p99/max and min, in ms. */
    static double[] lateness(List<Frame> frames, long intervalMs, String host) {
        Map<Integer, Long> last = new HashMap<>();
        List<Double> d = new ArrayList<>();
        for (Frame f : frames) {
            if (!f.advert() || !f.host().equals(host) || f.priority() == 0) {
                continue;
            }
            Long prev = last.put(f.vrid(), f.nanos());
            if (prev != null) {
                d.add((f.nanos() - prev) / 1e6 - intervalMs);
            }
        }
        if (d.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        d.sort(null);
        return new double[] {d.get(d.size() / 2), d.get(Math.min(d.size() - 1, (int) Math.ceil(d.size() * 0.99) - 1)),
            d.get(d.size() - 1), d.get(0)};
    }

    private int vips(String host) throws IOException {
        return (int) lab.lab.in(host, "ip", "-4", "-o", "addr", "show", "dev", "eth0").lines()
                .filter(l -> l.contains(" 10.77.1.")).count();
    }

    private Node start(String system, String host, int priority, Cell c) throws IOException, InterruptedException {
        if (system.startsWith("failover4j")) {
            List<String> cmd = new ArrayList<>(List.of(Lab.JAVA));
            cmd.addAll(options.nodeJvmOpts());
            boolean recommended = system.equals(BenchNode.RECOMMENDED);
            if (recommended) {
                cmd.add("-XX:+UseZGC");
            }
            if (system.equals(LEAN)) {
                cmd.addAll(LEAN_OPTIONS);
            }
            cmd.addAll(List.of("-cp", benchJar, GroupsNode.class.getName(), "--groups", String.valueOf(c.groups()),
                    "--interval-ms", String.valueOf(c.intervalMs()), "--priority", String.valueOf(priority),
                    "--vrrp-version", String.valueOf(c.version())));
            int rt = options.rtPriority() > 0 ? options.rtPriority() : recommended ? 50 : 0;
            if (rt > 0) {
                cmd.addAll(List.of("--rt-priority", String.valueOf(rt)));
            }
            Proc p = lab.lab.exec(host, host + "-groups", cmd);
            p.await(l -> l.startsWith("STARTED"), Duration.ofSeconds(60), host + " started");
            return new Node(system, p, List.of(p.pid()));
        }
        StringBuilder conf = new StringBuilder("global_defs {\n  router_id " + host + "\n"
                + (options.rtPriority() > 0 ? "  vrrp_rt_priority " + options.rtPriority() + "\n" : "") + "}\n");
        for (int vrid = 1; vrid <= c.groups(); vrid++) {
            conf.append("vrrp_instance VI_").append(vrid).append(" {\n  state BACKUP\n  interface eth0\n  virtual_router_id ")
                    .append(vrid).append("\n  priority ").append(priority).append("\n  advert_int ")
                    .append(c.intervalMs() / 1000.0).append("\n  version ").append(c.version())
                    .append("\n  virtual_ipaddress {\n    ").append(GroupsNode.vip(vrid)).append("/32\n  }\n}\n");
        }
        Proc p = lab.lab.keepalived(host, conf.toString()).proc();
        List<Long> pids = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (pids.size() < 2 && System.nanoTime() - end < 0) {
            Thread.sleep(100);
            pids = keepalivedPids(lab, host);
        }
        return new Node(system, p, pids);
    }

    /** keepalived's processes (parent and VRRP child) in {@code host}'s namespace. */
    static List<Long> keepalivedPids(BenchLab lab, String host) throws IOException {
        List<Long> out = new ArrayList<>();
        for (String p : Lab.run("ip", "netns", "pids", lab.lab.ns(host)).split("\\s+")) {
            if (p.isBlank()) {
                continue;
            }
            try {
                if (Files.readString(Path.of("/proc", p.trim(), "comm")).trim().equals("keepalived")) {
                    out.add(Long.parseLong(p.trim()));
                }
            } catch (IOException gone) {
                // exited meanwhile
            }
        }
        return out;
    }

    private record Sample(Map<String, Long> cpuNanos, long rssKb, long threads, long heapUsed, int reportIndex,
                          Map<String, Long> threadTicks) {
    }

    /**
     * CPU time of each thread of {@code pids} in nanoseconds, by thread id, from the scheduler's own
     * accounting (/proc/PID/task/TID/schedstat): an idle keepalived uses less than one 10 ms tick a
     * minute. Compared thread by thread ({@link #cpuDelta}): a JVM starts and ends threads (JIT
     * compilers) while it runs.
     */
    static Map<String, Long> cpuNanos(List<Long> pids) {
        Map<String, Long> out = new HashMap<>();
        eachThread(pids, (id, dir) -> out.put(id,
                Long.parseLong(Files.readString(dir.resolve("schedstat")).trim().split(" ")[0])));
        return out;
    }

    /** What {@link #eachThread} does with one thread: its "PID/TID" and its /proc directory. */
    @FunctionalInterface
    private interface ThreadReader {
        void read(String id, Path dir) throws IOException;
    }

    /** Every thread of {@code pids}; a thread that ends meanwhile is left out. */
    private static void eachThread(List<Long> pids, ThreadReader reader) {
        for (long p : pids) {
            java.io.File[] tasks = new java.io.File("/proc/" + p + "/task").listFiles();
            if (tasks == null) {
                continue;
            }
            for (java.io.File t : tasks) {
                try {
                    reader.read(p + "/" + t.getName(), t.toPath());
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        }
    }

    /** CPU nanoseconds from {@code a} to {@code b}: of the threads alive at {@code b} (from 0 if new since). */
    static long cpuDelta(Map<String, Long> a, Map<String, Long> b) {
        long sum = 0;
        for (Map.Entry<String, Long> e : b.entrySet()) {
            sum += e.getValue() - a.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    /** CPU ticks by thread name (threads of one name summed), for the console: where the CPU went. */
    static Map<String, Long> threadTicks(List<Long> pids) {
        Map<String, Long> out = new HashMap<>();
        eachThread(pids, (id, dir) -> {
            String stat = Files.readString(dir.resolve("stat"));
            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+$", "#");
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        });
        return out;
    }

    /** The threads that used the most CPU between two samples, as "name ticks" pairs. */
    static String topThreads(Sample a, Sample b) {
        return b.threadTicks().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - a.threadTicks().getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(6)
                .map(e -> e.getKey() + " " + e.getValue()).reduce((x, y) -> x + ", " + y).orElse("none");
    }

    /** One node's processes. */
    private record Node(String system, Proc proc, List<Long> pids) {

        Sample sample() throws IOException {
            long threads = 0;
            long rss = 0;
            for (long p : pids) {
                rss += IdleCost.rssKb(p);
                for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(p), "status"))) {
                    if (l.startsWith("Threads:")) {
                        threads += Long.parseLong(l.replaceAll("\\D", ""));
                    }
                }
            }
            int index = -1;
            long heap = 0;
            if (system.startsWith("failover4j")) {
                index = fresh(); // its counters and the CPU read here are a moment apart
                heap = report(index).get("heapUsed");
            }
            return new Sample(cpuNanos(pids), rss, threads, heap, index, threadTicks(pids));
        }

        /** Asks the node for a report and returns its index once it is printed. */
        int fresh() throws IOException {
            int before = reports().size();
            proc.tell("R");
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (reports().size() == before && System.nanoTime() - end < 0) {
                Lab.sleep(5);
            }
            return reports().size() - 1;
        }

        List<String> reports() {
            return proc.lines().stream().filter(l -> l.startsWith("R ")).toList();
        }

        Map<String, Long> report(int index) {
            Map<String, Long> m = new HashMap<>();
            for (String kv : reports().get(index).substring(2).split(" ")) {
                String[] p = kv.split("=");
                m.put(p[0], Long.parseLong(p[1]));
            }
            return m;
        }

        long backups() throws IOException {
            if (system.startsWith("failover4j")) {
                int i = fresh();
                return i < 0 ? 0 : report(i).get("backups");
            }
            return proc.count(l -> l.contains("Entering BACKUP STATE"));
        }

        long changes() throws IOException {
            if (system.startsWith("failover4j")) {
                int i = fresh();
                return i < 0 ? 0 : report(i).get("changes");
            }
            return proc.count(l -> l.contains("Entering "));
        }

        void stop() {
            proc.terminate(Duration.ofSeconds(10));
        }
    }
}
