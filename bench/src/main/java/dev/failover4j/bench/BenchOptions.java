package dev.failover4j.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's command line.
 *
 * <pre>
 * --jar JAR --out DIR [--parts failover,idle,soak,lossy] [--rounds N] [--idle-seconds S]
 * [--soak-minutes M] [--lossy-minutes M] [--systems failover4j,keepalived] [--node-jvm-opts "-XX:+UseZGC"]
 * [--cells graceful/v3-100ms,host-death/v2-1s] [--rt-priority N] [--group-cells library,scale-255]
 * [--group-seconds S]
 * </pre>
 * A system named {@code failover4j-zgc-rt} is failover4j with the README's settings for short
 * intervals (ZGC, SCHED_RR 50); the soak is the part it is meant for.
 * {@code --rt-priority} runs both systems' protocol at SCHED_RR N (failover4j's realtimePriority,
 * keepalived's vrrp_rt_priority).
 */
record BenchOptions(String jar, Path out, List<String> parts, int rounds, int idleSeconds, int soakMinutes,
                    int lossyMinutes, List<String> systems, List<String> nodeJvmOpts, List<String> cells, int rtPriority,
                    List<String> groupCells, int groupSeconds) {

    static final List<String> PARTS = List.of("failover", "idle", "groups", "soak", "lossy");
    static final String USAGE = "usage: failover4j-bench --jar JAR --out DIR [--parts failover,idle,soak,lossy] [--rounds N]"
            + " [--idle-seconds S] [--soak-minutes M] [--lossy-minutes M] [--systems failover4j,keepalived]"
            + " [--node-jvm-opts \"-XX:+UseZGC\"] [--cells graceful/v3-100ms,host-death/v2-1s] [--rt-priority N]"
            + " [--group-cells library,steady,scale-255,scale-50] [--group-seconds S]";

    static BenchOptions parse(String[] args) {
        String jar = null;
        Path out = null;
        List<String> parts = PARTS;
        int rounds = 10;
        int idle = 60;
        int soak = 10;
        int lossy = 10;
        List<String> systems = List.of("failover4j", "keepalived");
        List<String> jvm = List.of();
        List<String> cells = List.of();
        int rt = 0;
        List<String> groupCells = List.of();
        int groupSeconds = 60;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--jar" -> jar = v;
                case "--out" -> out = Path.of(v);
                case "--parts" -> parts = List.of(v.split(","));
                case "--soak-only" -> parts = Boolean.parseBoolean(v) ? List.of("soak") : parts; // the old spelling
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--idle-seconds" -> idle = Integer.parseInt(v);
                case "--soak-minutes" -> soak = Integer.parseInt(v);
                case "--lossy-minutes" -> lossy = Integer.parseInt(v);
                case "--systems" -> systems = List.of(v.split(","));
                case "--cells" -> cells = List.of(v.split(","));
                case "--rt-priority" -> rt = Integer.parseInt(v);
                case "--group-cells" -> groupCells = List.of(v.split(","));
                case "--group-seconds" -> groupSeconds = Integer.parseInt(v);
                case "--node-jvm-opts" -> jvm = v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (args.length % 2 != 0 || jar == null || out == null) {
            throw new IllegalArgumentException(USAGE);
        }
        for (String p : parts) {
            if (!PARTS.contains(p)) {
                throw new IllegalArgumentException("unknown part " + p + " (one of " + PARTS + ")\n" + USAGE);
            }
        }
        return new BenchOptions(jar, out, parts, rounds, idle, soak, lossy, systems, jvm, cells, rt, groupCells, groupSeconds);
    }

    boolean runs(String part) {
        return parts.contains(part);
    }

    /** Whether the failover part runs this failure/interval cell (all when --cells is not given). */
    boolean runsCell(String failure, String interval) {
        return cells.isEmpty() || cells.contains(failure + "/" + interval);
    }
}
