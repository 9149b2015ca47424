package dev.failover4j.examples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Jetty node's command line. Names are kept stable: scripts use them. */
final class Options {

    /** A bad command line: every problem, one per line, printed with the usage; exit status 2. */
    static final class UsageException extends Exception {
        private final List<String> problems;

        UsageException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    static final String USAGE = String.join("\n",
            "usage: java -jar failover4j-example.jar [options]",
            "",
            "  --node-name NAME        name shown in 'Welcome to NAME' and on the status page (required)",
            "  --interface IF          network interface for VRRP and the VIP (default eth0)",
            "  --vrid N                virtual router id, 1..255 (required)",
            "  --priority N            1..255, highest wins (default 100)",
            "  --vip CIDR              virtual address, e.g. 10.0.0.100/24 (repeatable; at least one)",
            "  --advert-int DURATION   advert interval, e.g. 1s, 100ms (default 1s; v2: whole seconds)",
            "  --vrrp-version 2|3      VRRP version (default 2)",
            "  --auth-pass PASS        VRRPv2 simple-text password (1..8 bytes)",
            "  --unicast-src IP        unicast mode: source address of adverts",
            "  --unicast-peer IP       unicast mode: a peer (repeatable)",
            "  --no-preempt            do not take over from a lower-priority master",
            "  --http-port N           HTTP port (default 8080)",
            "  --health-url URL        health check URL (default http://127.0.0.1:PORT/healthz)",
            "  --health-interval DUR   health check interval (default 1s)",
            "  --health-fall N         failures before failing (default 2)",
            "  --health-rise N         successes before healthy again (default 2)",
            "  --health-weight N       0: FAULT while failing; <0 / >0 adjust priority (default 0)",
            "  --rt-priority N         SCHED_RR 1..99 for the protocol thread (keepalived's vrrp_rt_priority; needs CAP_SYS_NICE)",
            "  --takeover-settle DUR   settle every takeover (three or more routers; default: only with signs of a third)",
            "  --use-vmac              the VIP on vrrp.<VRID> with the virtual MAC 00:00:5e:00:01:<VRID> (IPv6: 00:00:5e:00:02:<VRID>; keepalived's use_vmac)",
            "  --console-users FILE    the console's users (name admin|viewer hash; failover4j-agent --hash-password);",
            "                          without them the console at /ha/ answers loopback clients only",
            "  --serve-only            serve HTTP without joining a group (the benchmark's keepalived nodes)",
            "  --help                  this text",
            "",
            "Pages: /  /healthz  /ha/ (the operator's console)  /ha.json (JSON status, read-only, open)");

    String nodeName;
    String iface = "eth0";
    Integer vrid;
    int priority = 100;
    final List<String> vips = new ArrayList<>();
    Duration advertInterval = Duration.ofSeconds(1);
    int vrrpVersion = 2;
    String authPass;
    String unicastSrc;
    final List<String> unicastPeers = new ArrayList<>();
    boolean preempt = true;
    int httpPort = 8080;
    String consoleUsers;
    String healthUrl;
    Duration healthInterval = Duration.ofSeconds(1);
    int healthFall = 2;
    int healthRise = 2;
    int healthWeight;
    int rtPriority;
    Duration takeoverSettle;
    boolean serveOnly;
    boolean useVmac;
    boolean help;

    /** Parses {@code args}; reports every problem at once. */
    static Options parse(String[] args) throws UsageException {
        Options o = new Options();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> o.help = true;
                case "--no-preempt" -> o.preempt = false;
                case "--serve-only" -> o.serveOnly = true;
                case "--use-vmac" -> o.useVmac = true;
                default -> {
                    if (!a.startsWith("--")) {
                        problems.add("unexpected argument '" + a + "'");
                    } else if (i + 1 >= args.length) {
                        problems.add(a + " needs a value");
                    } else {
                        o.set(a, args[++i], problems);
                    }
                }
            }
        }
        if (o.help) {
            return o;
        }
        if (o.nodeName == null || o.nodeName.isBlank()) {
            problems.add("--node-name is required");
        }
        if (!o.serveOnly) {
            if (o.vrid == null && problems.stream().noneMatch(p -> p.startsWith("--vrid "))) {
                problems.add("--vrid is required");
            }
            if (o.vips.isEmpty()) {
                problems.add("--vip is required (e.g. --vip 10.0.0.100/24)");
            }
        }
        if (!problems.isEmpty()) {
            throw new UsageException(problems);
        }
        return o;
    }

    private void set(String name, String v, List<String> problems) {
        switch (name) {
            case "--node-name" -> nodeName = v;
            case "--interface" -> iface = v;
            case "--vrid" -> vrid = integer(name, v, 1, 255, problems, vrid);
            case "--priority" -> priority = integer(name, v, 1, 255, problems, priority);
            case "--vip" -> vips.add(v);
            case "--advert-int" -> advertInterval = duration(name, v, problems, advertInterval);
            case "--vrrp-version" -> vrrpVersion = integer(name, v, 2, 3, problems, vrrpVersion);
            case "--auth-pass" -> authPass = v;
            case "--unicast-src" -> unicastSrc = v;
            case "--unicast-peer" -> unicastPeers.add(v);
            case "--http-port" -> httpPort = integer(name, v, 1, 65535, problems, httpPort);
            case "--health-url" -> healthUrl = v;
            case "--health-interval" -> healthInterval = duration(name, v, problems, healthInterval);
            case "--health-fall" -> healthFall = integer(name, v, 1, 1000, problems, healthFall);
            case "--health-rise" -> healthRise = integer(name, v, 1, 1000, problems, healthRise);
            case "--health-weight" -> healthWeight = integer(name, v, -253, 253, problems, healthWeight);
            case "--rt-priority" -> rtPriority = integer(name, v, 1, 99, problems, rtPriority);
            case "--takeover-settle" -> takeoverSettle = duration(name, v, problems, Duration.ZERO);
            case "--console-users" -> consoleUsers = v;
            default -> problems.add("unknown option " + name);
        }
    }

    /** {@code v} as an integer in {@code min..max}, or {@code otherwise} with the problem noted. */
    static Integer integer(String name, String v, int min, int max, List<String> problems, Integer otherwise) {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                problems.add(name + " " + v + " is out of range (" + min + ".." + max + ")");
                return otherwise;
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(name + " '" + v + "' is not a number");
            return otherwise;
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    /** {@code 100ms}, {@code 1s}, {@code 2m}; or {@code otherwise} with the problem noted. */
    static Duration duration(String name, String v, List<String> problems, Duration otherwise) {
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            problems.add(name + " '" + v + "' is not a duration (e.g. 100ms, 1s, 2m)");
            return otherwise;
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
        if (d.isZero()) {
            problems.add(name + " must be positive");
            return otherwise;
        }
        return d;
    }
}
