package dev.failover4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** CPU and memory of one idle master node of each system, from /proc over a fixed time. */
final class IdleCost {

    private final BenchLab lab;
    private final BenchOptions options;

    IdleCost(BenchLab lab, BenchOptions options) {
        this.lab = lab;
        this.options = options;
    }

    String run() throws Exception {
        int seconds = options.idleSeconds();
        StringBuilder b = new StringBuilder("### Idle cost of one master node over " + seconds + " s\n\n"
                + "| System | CPU % of one core | RSS |\n|---|---|---|\n");
        for (String system : List.of("failover4j", "keepalived")) {
            lab.reset();
            BenchNode n = BenchNode.start(lab, options, system, "n1", 101, false, 1000);
            BenchLab.waitFor(() -> lab.hasVip("n1"), Duration.ofSeconds(20), "idle master");
            Thread.sleep(2000);
            List<Long> pids = system.equals("failover4j") ? List.of(n.main.pid()) : keepalivedPids();
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

    private List<Long> keepalivedPids() throws IOException {
        List<Long> out = new ArrayList<>();
        for (String p : dev.failover4j.testsupport.netns.Lab.run("ip", "netns", "pids", lab.lab.ns("n1")).split("\\s+")) {
            if (!p.isBlank() && Files.readString(Path.of("/proc", p.trim(), "comm")).trim().equals("keepalived")) {
                out.add(Long.parseLong(p.trim()));
            }
        }
        return out;
    }

    /** utime + stime (fields 14 and 15 of /proc/PID/stat), in clock ticks. */
    static long cpuTicks(List<Long> pids) throws IOException {
        long sum = 0;
        for (long p : pids) {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
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
}
