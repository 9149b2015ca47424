package dev.failover4j.examples;

import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two-node failover demo as root (examples/demo.sh): the project's lab of network namespaces (a
 * bridge, nodes ha1 and ha2, a client), two Jetty nodes electing a master with VRRPv3 at 100 ms, the
 * client asking the virtual IP every 100 ms, the master's cable pulled and its JVM killed, and the
 * measured gap until the other node answers. The lab is removed on exit, even on Ctrl-C.
 */
public final class NamespaceDemo {

    static final String VIP = "10.77.0.100";
    static final Duration ASK = Duration.ofMillis(200);

    private NamespaceDemo() {
    }

    public static void main(String[] args) throws Exception {
        List<String> missing = Lab.missing("curl");
        if (!missing.isEmpty()) {
            System.err.println("demo: needs " + String.join(", ", missing));
            System.exit(1);
        }
        String jar = Path.of(NamespaceDemo.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path logs = Files.createTempDirectory("failover4j-demo");
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("ha1", "10.77.0.10");
        hosts.put("ha2", "10.77.0.20");
        hosts.put("client", "10.77.0.99");
        try (Lab lab = new Lab(logs, hosts)) {
            System.out.println("== lab: bridge in namespace " + lab.ns("sw") + "; hosts ha1 10.77.0.10, ha2 10.77.0.20,"
                    + " client 10.77.0.99; VIP " + VIP);
            Map<String, Proc> nodes = new LinkedHashMap<>();
            nodes.put("ha1", start(lab, jar, "ha1", 101));
            nodes.put("ha2", start(lab, jar, "ha2", 100));
            System.out.println("== waiting for a master (at most 30 s)");
            String answer = null;
            for (int i = 0; i < 300 && answer == null; i++) {
                answer = ask(lab);
                Lab.sleep(100);
            }
            if (answer == null) {
                fail("no node answered on " + VIP + "; logs in " + lab.dir());
            }
            long t0 = System.nanoTime();
            System.out.println("== the client asks http://" + VIP + ":8080/ every 100 ms");
            for (int i = 0; i < 10; i++) {
                System.out.println("  t=+" + ms(t0) + "ms  " + ask(lab));
                Lab.sleep(100);
            }
            String master = "Welcome to ha2".equals(ask(lab)) ? "ha2" : "ha1";
            String other = master.equals("ha1") ? "ha2" : "ha1";
            System.out.println("== " + master + " dies: its cable is pulled and its JVM killed (SIGKILL)");
            long killed = System.nanoTime();
            lab.cableOut(master);
            nodes.get(master).kill();
            long firstOther = -1;
            for (int i = 0; i < 100; i++) {
                String a = ask(lab);
                long t = System.nanoTime();
                System.out.println("  t=+" + ms(t0) + "ms  " + (a == null ? "(no answer)" : a));
                if (firstOther < 0 && ("Welcome to " + other).equals(a)) {
                    firstOther = t;
                }
                if (firstOther >= 0 && t - firstOther >= 1_000_000_000L) {
                    break;
                }
                Lab.sleep(100);
            }
            if (firstOther < 0) {
                fail(other + " never answered; logs in " + lab.dir());
            }
            System.out.println("== " + other + " took over: the client's first answer from " + other + " came "
                    + (firstOther - killed) / 1_000_000 + " ms after " + master + " died");
            System.out.println("   (Master_Down_Interval at 100 ms adverts is 360 ms; the rest is the client's 100 ms polling)");
            System.out.println("== status of " + other + ": http://" + lab.ip(other) + ":8080/ha.json (the console, /ha/, answers loopback clients only unless --console-users)");
            String status = lab.get("client", "http://" + VIP + ":8080/ha.json", Duration.ofSeconds(1));
            System.out.println(status == null ? "(no status)" : status.substring(0, Math.min(400, status.length())));
        }
        System.out.println("== lab removed (logs in " + logs + ")");
    }

    private static Proc start(Lab lab, String jar, String host, int priority) throws Exception {
        Proc p = lab.exec(host, host, List.of(Lab.JAVA, "-jar", jar, "--node-name", host, "--interface", "eth0",
                "--vrid", "51", "--priority", String.valueOf(priority), "--vip", VIP + "/24", "--vrrp-version", "3",
                "--advert-int", "100ms", "--http-port", "8080"));
        System.out.println("== started " + host + " (priority " + priority + "), pid " + p.pid());
        return p;
    }

    /** The client's GET of the VIP: the page, or null. */
    private static String ask(Lab lab) throws Exception {
        return lab.get("client", "http://" + VIP + ":8080/", ASK);
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    private static void fail(String why) {
        System.err.println("demo: " + why);
        throw new IllegalStateException(why);
    }
}
