package dev.failover4j.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's command line.
 *
 * <pre>
 * --jar JAR --out DIR [--rounds N] [--idle-seconds S] [--soak-minutes M] [--soak-only true]
 * [--systems failover4j,keepalived] [--node-jvm-opts "-XX:+UseZGC"]
 * </pre>
 */
record BenchOptions(String jar, Path out, int rounds, int idleSeconds, int soakMinutes, boolean soakOnly,
                    List<String> systems, List<String> nodeJvmOpts) {

    static final String USAGE = "usage: failover4j-bench --jar JAR --out DIR [--rounds N] [--idle-seconds S]"
            + " [--soak-minutes M] [--soak-only true] [--systems failover4j,keepalived] [--node-jvm-opts \"-XX:+UseZGC\"]";

    static BenchOptions parse(String[] args) {
        String jar = null;
        Path out = null;
        int rounds = 10;
        int idle = 60;
        int soak = 10;
        boolean soakOnly = false;
        List<String> systems = List.of("failover4j", "keepalived");
        List<String> jvm = List.of();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--jar" -> jar = v;
                case "--out" -> out = Path.of(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--idle-seconds" -> idle = Integer.parseInt(v);
                case "--soak-minutes" -> soak = Integer.parseInt(v);
                case "--soak-only" -> soakOnly = Boolean.parseBoolean(v);
                case "--systems" -> systems = List.of(v.split(","));
                case "--node-jvm-opts" -> jvm = v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (args.length % 2 != 0 || jar == null || out == null) {
            throw new IllegalArgumentException(USAGE);
        }
        return new BenchOptions(jar, out, rounds, idle, soak, soakOnly, systems, jvm);
    }
}
