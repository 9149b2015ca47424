import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.imageio.ImageIO;

/**
 * failover4j vs keepalived 2.2.7, measured in one run on this machine, in identical labs of network
 * namespaces. Run by bench/failover.sh (as root). Not part of CI: it runs for many minutes.
 *
 * For each system (a failover4j Jetty pair; a keepalived pair with the same Jetty serving HTTP and
 * the same health check as a vrrp_script),
 * each failure (master host death = its switch port down; graceful stop = SIGTERM) and each interval
 * (VRRPv2 1 s; VRRPv3 100 ms), N rounds measure (1) the time until the backup holds the VIP (from
 * `ip monitor address` in its namespace) and (2) the gap a client polling every 10 ms with 50 ms
 * timeouts sees. Then the idle cost of one node, and a soak at 10 ms adverts under HTTP load.
 *
 * usage: java FailoverBench.java --jar JAR --out DIR [--rounds N] [--idle-seconds S] [--soak-minutes M]
 *        [--soak-only true] [--systems failover4j,keepalived] [--node-jvm-opts "-XX:+UseZGC"]
 */
public class FailoverBench {

    static final String VIP = "10.77.0.100";
    static String jar;
    static String java = ProcessHandle.current().info().command().orElse("java");
    static Path out;
    static String lab = "f4jbench" + ProcessHandle.current().pid();
    static final List<Process> procs = new CopyOnWriteArrayList<>();
    static final java.util.Random RANDOM = new java.util.Random(20261122L);
    static boolean soakOnly;
    static List<String> nodeJvmOpts = List.of();
    static String[] systemsArg = {"failover4j", "keepalived"};

    record Cell(String system, String failure, String interval) {
        String key() {
            return system + "/" + failure + "/" + interval;
        }
    }

    record Round(double vipMs, double gapMs) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 10;
        int idleSeconds = 60;
        int soakMinutes = 10;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--jar" -> jar = args[i + 1];
                case "--out" -> out = Path.of(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[i + 1]);
                case "--soak-minutes" -> soakMinutes = Integer.parseInt(args[i + 1]);
                case "--soak-only" -> soakOnly = Boolean.parseBoolean(args[i + 1]);
                case "--node-jvm-opts" -> nodeJvmOpts = List.of(args[i + 1].trim().split("\\s+"));
                case "--systems" -> systemsArg = args[i + 1].split(",");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (jar == null || out == null) {
            throw new IllegalArgumentException("usage: --jar JAR --out DIR [--rounds N] [--idle-seconds S] [--soak-minutes M]");
        }
        Files.createDirectories(out);
        Runtime.getRuntime().addShutdownHook(new Thread(FailoverBench::destroyLab));
        createLab();
        Instant started = Instant.now();
        StringBuilder md = new StringBuilder();
        md.append("Run: ").append(started).append(", kernel ").append(sh("uname", "-r").trim()).append(", ")
                .append(sh("keepalived", "--version").lines().findFirst().orElse("?")).append(", Java ")
                .append(System.getProperty("java.version")).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, failover4j node JVM options: ").append(nodeJvmOpts.isEmpty() ? "(none)" : String.join(" ", nodeJvmOpts))
                .append("\n\n");
        if (!soakOnly) {
            Map<Cell, List<Round>> results = new LinkedHashMap<>();
            String[] systems = systemsArg;
            String[] failures = {"host-death", "graceful"};
            String[] intervals = {"v2-1s", "v3-100ms"};
            for (String interval : intervals) {
                for (String failure : failures) {
                    for (int r = 1; r <= rounds; r++) {
                        // Interleave the systems round by round so machine noise hits both alike.
                        for (String system : systems) {
                            Cell cell = new Cell(system, failure, interval);
                            Round round = round(cell);
                            System.out.printf(Locale.ROOT, "%-32s round %2d: VIP after %7.1f ms, client gap %7.1f ms%n",
                                    cell.key(), r, round.vipMs(), round.gapMs());
                            results.computeIfAbsent(cell, k -> new ArrayList<>()).add(round);
                        }
                    }
                }
            }
            md.append(rounds).append(" rounds per cell.\n\n").append(table(results, rounds));
            plot(results, out.resolve("failover-gap.png"));
            md.append("\n").append(idle(idleSeconds));
        }
        if (soakMinutes > 0) {
            md.append("\n").append(soak(soakMinutes));
        }
        md.append("\nFinished: ").append(Instant.now()).append("\n");
        Files.writeString(out.resolve("results.md"), md.toString());
        System.out.println();
        System.out.println(md);
        System.out.println("written: " + out.resolve("results.md") + ", " + out.resolve("failover-gap.png"));
    }

    // ------------------------------------------------------------------ one round

    static Round round(Cell c) throws Exception {
        resetLab();
        boolean v3 = c.interval().startsWith("v3");
        long intervalMs = v3 ? 100 : 1000;
        Node n1 = start(c.system(), "n1", 101, v3, intervalMs);
        waitFor(() -> hasVip("n1"), Duration.ofSeconds(20), "n1 to hold the VIP (" + c.key() + ")");
        Node n2 = start(c.system(), "n2", 100, v3, intervalMs);
        n2.awaitBackup(Duration.ofSeconds(20));
        Thread.sleep(3 * intervalMs + 500);
        if (hasVip("n2")) {
            throw new IllegalStateException("n2 holds the VIP before the failure: " + c.key());
        }
        // Both nodes' HTTP servers warmed up alike (new connections, as the client makes them).
        for (String node : new String[] {"10.77.0.10", "10.77.0.20"}) {
            List<String> warm = new ArrayList<>(List.of("ip", "netns", "exec", ns("client"), "curl", "-s", "-o", "/dev/null",
                    "-H", "Connection: close", "--max-time", "2"));
            for (int i = 0; i < 50; i++) {
                warm.add("http://" + node + ":8080/");
            }
            sh(warm.toArray(new String[0]));
        }
        Watcher vip = new Watcher("n2");
        Lines client = spawn("client", List.of("ip", "netns", "exec", ns("client"), java, bench("Client.java"), VIP, "8080",
                String.valueOf(6000 + 4 * intervalMs * 3)));
        client.await(l -> l.equals("READY"), Duration.ofSeconds(30), "client");
        // A random phase against the master's advert timer: each system's start-up time must not decide
        // how long ago its last advert went out when the failure comes.
        Thread.sleep(500 + RANDOM.nextInt((int) intervalMs));
        long t0 = System.nanoTime();
        if (c.failure().equals("host-death")) {
            run("ip", "-n", ns("sw"), "link", "set", "v-n1", "down");
        } else {
            n1.terminate();
        }
        long tVip = vip.awaitVip(Duration.ofSeconds(15));
        // Let the client see the new master for a while, then stop it.
        Thread.sleep(1500);
        client.process.toHandle().destroyForcibly();
        client.process.waitFor(5, TimeUnit.SECONDS);
        vip.close();
        long lastOld = Long.MIN_VALUE;
        long firstNew = Long.MIN_VALUE;
        synchronized (client.lines) {
            for (String l : client.lines) {
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
        }
        if (firstNew == Long.MIN_VALUE || lastOld == Long.MIN_VALUE) {
            throw new IllegalStateException(c.key() + ": the client never saw both nodes (" + client.lines.size() + " lines)");
        }
        return new Round((tVip - t0) / 1e6, (firstNew - lastOld) / 1e6);
    }

    /** A node of either system. */
    static final class Node {
        final String system;
        final String host;
        final Lines main;
        final Lines http;

        Node(String system, String host, Lines main, Lines http) {
            this.system = system;
            this.host = host;
            this.main = main;
            this.http = http;
        }

        void awaitBackup(Duration d) {
            if (system.equals("failover4j")) {
                main.await(l -> l.contains("-> BACKUP"), d, host + " BACKUP");
            } else {
                main.await(l -> l.contains("Entering BACKUP STATE"), d, host + " BACKUP");
            }
        }

        /** Graceful stop: SIGTERM (failover4j: close() then Jetty; keepalived: its VRRP child sends priority 0). */
        void terminate() {
            main.process.toHandle().destroy();
        }
    }

    static Node start(String system, String host, int priority, boolean v3, long intervalMs) throws Exception {
        List<String> common = List.of("--vrid", "51", "--priority", String.valueOf(priority), "--vip", VIP + "/24",
                "--vrrp-version", v3 ? "3" : "2", "--advert-int", intervalMs + "ms");
        if (system.equals("failover4j")) {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(host), java));
            cmd.addAll(nodeJvmOpts);
            cmd.addAll(List.of("-jar", jar, "--node-name", host, "--interface", "eth0"));
            cmd.addAll(common);
            if (!v3) {
                cmd.set(cmd.indexOf(intervalMs + "ms"), "1s");
            }
            Lines l = spawn(host, cmd);
            l.await(x -> x.contains("serving on port"), Duration.ofSeconds(30), host + " HTTP");
            return new Node(system, host, l, l);
        }
        Lines http = spawn(host + "-http", List.of("ip", "netns", "exec", ns(host), java, "-jar", jar, "--node-name", host,
                "--serve-only"));
        http.await(x -> x.contains("serving on port"), Duration.ofSeconds(30), host + " HTTP");
        // The same health check as the failover4j node's default: GET /healthz every 1 s, fall 2, rise 2,
        // weight 0 (FAULT while failing); keepalived runs it as a vrrp_script with curl.
        String conf = "global_defs {\n  router_id " + host + "\n  vrrp_garp_master_delay 5\n  vrrp_garp_master_repeat 5\n"
                + "  script_user root\n}\n"
                + "vrrp_script chk_http {\n  script \"/usr/bin/curl -sf -o /dev/null --max-time 1 http://127.0.0.1:8080/healthz\"\n"
                + "  interval 1\n  timeout 1\n  fall 2\n  rise 2\n  weight 0\n}\n"
                + "vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 51\n  priority " + priority
                + "\n  advert_int " + (intervalMs / 1000.0) + "\n  version " + (v3 ? 3 : 2)
                + "\n  track_script {\n    chk_http\n  }"
                + "\n  virtual_ipaddress {\n    " + VIP + "/24\n  }\n}\n";
        Path dir = Files.createDirectories(out.resolve("run"));
        String tag = host + "-" + System.nanoTime();
        Path f = dir.resolve(tag + ".conf");
        Files.writeString(f, conf);
        Lines k = spawn(host + "-keepalived", List.of("ip", "netns", "exec", ns(host), "keepalived", "-n", "-l", "-G", "-P", "-R",
                "-f", f.toAbsolutePath().toString(), "-p", dir.resolve(tag + ".pid").toAbsolutePath().toString(),
                "-r", dir.resolve(tag + "-vrrp.pid").toAbsolutePath().toString(),
                "-c", dir.resolve(tag + "-checkers.pid").toAbsolutePath().toString()));
        return new Node(system, host, k, http);
    }

    /** `ip monitor address` in a host's namespace: the moment the VIP is added there. */
    static final class Watcher {
        final Lines lines;

        Watcher(String host) throws IOException {
            lines = spawn("monitor-" + host, List.of("ip", "-n", ns(host), "-ts", "monitor", "address"));
            sleepQuietly(200);
        }

        long awaitVip(Duration d) {
            long end = System.nanoTime() + d.toNanos();
            while (System.nanoTime() - end < 0) {
                synchronized (lines.lines) {
                    for (int i = 0; i < lines.lines.size(); i++) {
                        String l = lines.lines.get(i);
                        if (l.contains("inet " + VIP + "/") && !l.contains("Deleted")) {
                            return lines.times.get(i);
                        }
                    }
                }
                sleepQuietly(1);
            }
            throw new IllegalStateException("the VIP never appeared on the backup within " + d);
        }

        void close() {
            lines.process.toHandle().destroyForcibly();
        }
    }

    // ------------------------------------------------------------------ idle cost and soak

    static String idle(int seconds) throws Exception {
        StringBuilder b = new StringBuilder("### Idle cost of one master node over " + seconds + " s\n\n"
                + "| System | CPU % of one core | RSS |\n|---|---|---|\n");
        for (String system : new String[] {"failover4j", "keepalived"}) {
            resetLab();
            Node n = start(system, "n1", 101, false, 1000);
            waitFor(() -> hasVip("n1"), Duration.ofSeconds(20), "idle master");
            Thread.sleep(2000);
            List<Long> pids = system.equals("failover4j") ? List.of(n.main.process.pid()) : keepalivedPids();
            long cpu0 = cpuTicks(pids);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double cpu = (cpuTicks(pids) - cpu0) / 100.0 / ((System.nanoTime() - t0) / 1e9) * 100;
            long rssKb = 0;
            for (long p : pids) {
                rssKb += rssKb(p);
            }
            String what = system.equals("failover4j") ? "failover4j (the Jetty example JVM, VRRPv2 1 s, health check 1 s)"
                    : "keepalived (parent + VRRP child, VRRPv2 1 s)";
            b.append(String.format(Locale.ROOT, "| %s | %.2f %% | %.1f MiB |%n", what, cpu, rssKb / 1024.0));
            System.out.printf(Locale.ROOT, "idle %-10s cpu %.2f %% rss %.1f MiB%n", system, cpu, rssKb / 1024.0);
        }
        return b.toString();
    }

    static String soak(int minutes) throws Exception {
        StringBuilder b = new StringBuilder("### Soak: VRRPv3 at 10 ms for " + minutes + " min, master under HTTP load\n\n"
                + "wrk -t2 -c32 on the master's /churn (256 KiB of garbage per request) through the VIP, from the client namespace.\n\n"
                + "| System | Requests served | Spurious state changes (both nodes, after the first election) |\n|---|---|---|\n");
        for (String system : systemsArg) {
            resetLab();
            Node n1 = start(system, "n1", 101, true, 10);
            waitFor(() -> hasVip("n1"), Duration.ofSeconds(20), "soak master");
            Node n2 = start(system, "n2", 100, true, 10);
            n2.awaitBackup(Duration.ofSeconds(20));
            Thread.sleep(2000);
            int before1 = changes(n1);
            int before2 = changes(n2);
            String path = system.equals("failover4j") ? "/churn" : "/churn";
            Lines wrk = spawn("wrk", List.of("ip", "netns", "exec", ns("client"), "wrk", "-t2", "-c32", "-d" + (minutes * 60) + "s",
                    "--timeout", "2s", "http://" + VIP + ":8080" + path));
            wrk.process.waitFor(minutes * 60L + 60, TimeUnit.SECONDS);
            wrk.process.toHandle().destroyForcibly();
            int spurious = (changes(n1) - before1) + (changes(n2) - before2);
            String served = wrk.lines.stream().filter(l -> l.contains("requests in")).findFirst().orElse("?").trim();
            b.append("| ").append(system).append(" | ").append(served).append(" | ").append(spurious).append(" |\n");
            System.out.println("soak " + system + ": " + served + "; spurious state changes " + spurious);
        }
        return b.toString();
    }

    /** State changes so far: the example's listener lines ("n1: BACKUP -> MASTER (...)"), keepalived's "Entering". */
    static int changes(Node n) {
        synchronized (n.main.lines) {
            return (int) n.main.lines.stream().filter(l -> n.system.equals("failover4j")
                    ? l.startsWith(n.host + ": ") && l.contains(" -> ")
                    : l.contains("Entering ")).count();
        }
    }

    static List<Long> keepalivedPids() throws IOException {
        List<Long> out = new ArrayList<>();
        for (String p : run("ip", "netns", "pids", ns("n1")).split("\\s+")) {
            if (!p.isBlank()) {
                String comm = Files.readString(Path.of("/proc", p.trim(), "comm")).trim();
                if (comm.equals("keepalived")) {
                    out.add(Long.parseLong(p.trim()));
                }
            }
        }
        return out;
    }

    static long cpuTicks(List<Long> pids) throws IOException {
        long sum = 0;
        for (long p : pids) {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
        }
        return sum;
    }

    static long rssKb(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------ report

    static String table(Map<Cell, List<Round>> results, int rounds) {
        StringBuilder b = new StringBuilder();
        b.append("| Interval | Failure | Figure | Bound | failover4j min / median / max | keepalived min / median / max | ratio f4j/ka (median) |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (String interval : new String[] {"v2-1s", "v3-100ms"}) {
            for (String failure : new String[] {"host-death", "graceful"}) {
                List<Round> f = results.get(new Cell("failover4j", failure, interval));
                List<Round> k = results.get(new Cell("keepalived", failure, interval));
                if (f == null || k == null || f.size() < rounds || k.size() < rounds) {
                    throw new IllegalStateException("missing cell " + interval + "/" + failure);
                }
                double mdi = interval.equals("v2-1s") ? 3000 + 156 * 1000.0 / 256 : 300 + 156 * 100.0 / 256;
                double skew = interval.equals("v2-1s") ? 156 * 1000.0 / 256 : 156 * 100.0 / 256;
                String bound = failure.equals("host-death") ? String.format(Locale.ROOT, "Master_Down %.0f ms", mdi)
                        : String.format(Locale.ROOT, "Skew_Time %.0f ms", skew);
                row(b, interval, failure, "backup holds VIP", bound, f, k, Round::vipMs);
                row(b, interval, failure, "client gap", bound, f, k, Round::gapMs);
            }
        }
        return b.toString();
    }

    static void row(StringBuilder b, String interval, String failure, String figure, String bound, List<Round> f,
                    List<Round> k, java.util.function.ToDoubleFunction<Round> fn) {
        double[] fs = stats(f, fn);
        double[] ks = stats(k, fn);
        b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0f / %.0f / %.0f ms | %.0f / %.0f / %.0f ms | %.2f |%n",
                interval, failure, figure, bound, fs[0], fs[1], fs[2], ks[0], ks[1], ks[2], fs[1] / ks[1]));
    }

    static double[] stats(List<Round> rounds, java.util.function.ToDoubleFunction<Round> fn) {
        List<Double> v = new ArrayList<>();
        for (Round r : rounds) {
            v.add(fn.applyAsDouble(r));
        }
        Collections.sort(v);
        int n = v.size();
        double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        return new double[] {v.get(0), median, v.get(n - 1)};
    }

    /** Client-visible gap per round, one panel per interval/failure, failover4j vs keepalived. */
    static void plot(Map<Cell, List<Round>> results, Path file) throws IOException {
        int w = 1200;
        int h = 800;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.setColor(Color.BLACK);
        g.drawString("Client-visible gap per round (ms): failover4j (blue) vs keepalived (orange)", 20, 30);
        String[][] panels = {{"v2-1s", "host-death"}, {"v2-1s", "graceful"}, {"v3-100ms", "host-death"}, {"v3-100ms", "graceful"}};
        for (int p = 0; p < panels.length; p++) {
            int px = 60 + (p % 2) * 580;
            int py = 70 + (p / 2) * 360;
            int pw = 500;
            int ph = 280;
            List<Round> f = results.get(new Cell("failover4j", panels[p][1], panels[p][0]));
            List<Round> k = results.get(new Cell("keepalived", panels[p][1], panels[p][0]));
            double max = 1;
            for (Round r : f) {
                max = Math.max(max, r.gapMs());
            }
            for (Round r : k) {
                max = Math.max(max, r.gapMs());
            }
            max *= 1.15;
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(panels[p][0] + ", " + panels[p][1], px, py - 8);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setStroke(new BasicStroke(1f));
            g.drawRect(px, py, pw, ph);
            for (int t = 0; t <= 4; t++) {
                int y = py + ph - t * ph / 4;
                g.setColor(new Color(225, 225, 225));
                g.drawLine(px + 1, y, px + pw - 1, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%.0f", max * t / 4), px - 45, y + 4);
            }
            series(g, f, new Color(31, 95, 168), px, py, pw, ph, max);
            series(g, k, new Color(230, 120, 20), px, py, pw, ph, max);
            g.setColor(Color.DARK_GRAY);
            g.drawString("round", px + pw / 2 - 15, py + ph + 18);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    static void series(Graphics2D g, List<Round> rs, Color c, int px, int py, int pw, int ph, double max) {
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        int n = rs.size();
        int lx = -1;
        int ly = -1;
        for (int i = 0; i < n; i++) {
            int x = px + 20 + (int) ((pw - 40) * (n == 1 ? 0.5 : i / (double) (n - 1)));
            int y = py + ph - (int) (ph * rs.get(i).gapMs() / max);
            g.fillOval(x - 4, y - 4, 8, 8);
            if (lx >= 0) {
                g.drawLine(lx, ly, x, y);
            }
            lx = x;
            ly = y;
        }
    }

    // ------------------------------------------------------------------ lab

    static String ns(String h) {
        return lab + "-" + h;
    }

    static void createLab() throws IOException {
        run("ip", "netns", "add", ns("sw"));
        run("ip", "-n", ns("sw"), "link", "add", "br0", "type", "bridge");
        run("ip", "-n", ns("sw"), "link", "set", "br0", "up");
        String[][] hosts = {{"n1", "10.77.0.10", "0a"}, {"n2", "10.77.0.20", "14"}, {"client", "10.77.0.99", "63"}};
        for (String[] h : hosts) {
            run("ip", "netns", "add", ns(h[0]));
            run("ip", "-n", ns("sw"), "link", "add", "v-" + h[0], "type", "veth", "peer", "name", "eth0", "netns", ns(h[0]));
            run("ip", "-n", ns("sw"), "link", "set", "v-" + h[0], "master", "br0", "up");
            run("ip", "-n", ns(h[0]), "link", "set", "lo", "up");
            run("ip", "-n", ns(h[0]), "link", "set", "eth0", "address", "02:77:00:00:00:" + h[2]);
            run("ip", "-n", ns(h[0]), "addr", "add", h[1] + "/24", "dev", "eth0");
            run("ip", "-n", ns(h[0]), "link", "set", "eth0", "up");
        }
    }

    /** Between rounds: every process in the lab killed by PID, cables in, no VIP, client's ARP cache empty. */
    static void resetLab() throws IOException {
        for (Process p : procs) {
            p.toHandle().destroyForcibly();
        }
        procs.clear();
        for (String h : new String[] {"n1", "n2", "client"}) {
            killNs(h);
            run("ip", "-n", ns("sw"), "link", "set", "v-" + h, "up");
            sh("ip", "-n", ns(h), "addr", "del", VIP + "/24", "dev", "eth0");
        }
        sh("ip", "-n", ns("client"), "neigh", "flush", "all");
        sleepQuietly(300);
    }

    static void killNs(String h) throws IOException {
        for (String p : run("ip", "netns", "pids", ns(h)).split("\\s+")) {
            if (!p.isBlank()) {
                ProcessHandle.of(Long.parseLong(p.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    static void destroyLab() {
        for (Process p : procs) {
            p.toHandle().destroyForcibly();
        }
        for (String h : new String[] {"n1", "n2", "client", "sw"}) {
            try {
                killNs(h);
            } catch (IOException ignored) {
                // already gone
            }
            sh("ip", "netns", "del", ns(h));
        }
    }

    static boolean hasVip(String host) {
        return sh("ip", "-n", ns(host), "-o", "addr", "show", "dev", "eth0").contains(" " + VIP + "/");
    }

    static String bench(String file) {
        return Path.of(System.getProperty("bench.dir", "bench"), file).toString();
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check c, Duration d, String what) throws Exception {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() - end < 0) {
            if (c.ok()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    /** A process's output lines with the monotonic time each was read. */
    static final class Lines {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final List<Long> times = Collections.synchronizedList(new ArrayList<>());

        Lines(String label, Process p) throws IOException {
            this.process = p;
            Path log = out.resolve("run").resolve(label + "-" + p.pid() + ".log");
            Files.createDirectories(log.getParent());
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                     var w = Files.newBufferedWriter(log)) {
                    for (String l; (l = r.readLine()) != null; ) {
                        long now = System.nanoTime();
                        synchronized (lines) {
                            lines.add(l);
                            times.add(now);
                        }
                        w.write(l);
                        w.newLine();
                    }
                } catch (IOException ignored) {
                    // process gone
                }
            });
            t.setDaemon(true);
            t.start();
        }

        void await(Predicate<String> p, Duration d, String what) {
            long end = System.nanoTime() + d.toNanos();
            while (System.nanoTime() - end < 0) {
                synchronized (lines) {
                    if (lines.stream().anyMatch(p)) {
                        return;
                    }
                }
                sleepQuietly(5);
            }
            throw new IllegalStateException("timed out waiting for " + what + "; last lines: "
                    + lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        }
    }

    static Lines spawn(String label, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        procs.add(p);
        return new Lines(label, p);
    }

    static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + o);
            }
            return o;
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    /** Like run, ignoring failure. */
    static String sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return o;
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
