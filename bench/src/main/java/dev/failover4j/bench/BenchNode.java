package dev.failover4j.bench;

import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One node of either system in the lab: a failover4j Jetty example node, or keepalived with the same
 * Jetty node serving HTTP and the same health check as a vrrp_script.
 */
final class BenchNode {

    /**
     * The system name of failover4j with the README's settings for short intervals: ZGC and the
     * protocol thread at SCHED_RR 50 (or --rt-priority's value).
     */
    static final String RECOMMENDED = "failover4j-zgc-rt";

    final String system;
    final String host;
    /** The process that logs state changes (the failover4j JVM, or keepalived). */
    final Proc main;

    private BenchNode(String system, String host, Proc main) {
        this.system = system;
        this.host = host;
        this.main = main;
    }

    static BenchNode start(BenchLab b, BenchOptions o, String system, String host, int priority, boolean v3,
                           long intervalMs) throws Exception {
        Lab lab = b.lab;
        List<String> group = List.of("--vrid", "51", "--priority", String.valueOf(priority), "--vip", BenchLab.VIP + "/24",
                "--vrrp-version", v3 ? "3" : "2", "--advert-int", v3 ? intervalMs + "ms" : intervalMs / 1000 + "s");
        if (system.startsWith("failover4j")) {
            List<String> cmd = new ArrayList<>(List.of(Lab.JAVA));
            cmd.addAll(o.nodeJvmOpts());
            boolean recommended = system.equals(RECOMMENDED);
            if (recommended) {
                cmd.add("-XX:+UseZGC"); // README "Short advert intervals": ZGC and a real-time protocol thread
            }
            cmd.addAll(List.of("-jar", o.jar(), "--node-name", host, "--interface", "eth0"));
            cmd.addAll(group);
            if (system.endsWith("-vmac")) {
                cmd.add("--use-vmac"); // keepalived's use_vmac: the same VIP on vrrp.51 with 00:00:5e:00:01:33
            }
            int rt = o.rtPriority() > 0 ? o.rtPriority() : recommended ? 50 : 0;
            if (rt > 0) {
                cmd.addAll(List.of("--rt-priority", String.valueOf(rt)));
            }
            Proc p = lab.exec(host, host, cmd);
            p.await(x -> x.contains("serving on port"), Duration.ofSeconds(30), host + " HTTP");
            return new BenchNode(system, host, p);
        }
        Proc http = lab.exec(host, host + "-http", List.of(Lab.JAVA, "-jar", o.jar(), "--node-name", host, "--serve-only"));
        http.await(x -> x.contains("serving on port"), Duration.ofSeconds(30), host + " HTTP");
        // The same health check as the failover4j node's default: GET /healthz every 1 s, fall 2, rise 2,
        // weight 0 (FAULT while failing); keepalived runs it as a vrrp_script with curl.
        String conf = "global_defs {\n  router_id " + host + "\n  vrrp_garp_master_delay 5\n  vrrp_garp_master_repeat 5\n"
                + "  script_user root\n" + (o.rtPriority() > 0 ? "  vrrp_rt_priority " + o.rtPriority() + "\n" : "") + "}\n"
                + "vrrp_script chk_http {\n  script \"/usr/bin/curl -sf -o /dev/null --max-time 1 http://127.0.0.1:8080/healthz\"\n"
                + "  interval 1\n  timeout 1\n  fall 2\n  rise 2\n  weight 0\n}\n"
                + "vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 51\n  priority " + priority
                + "\n  advert_int " + (intervalMs / 1000.0) + "\n  version " + (v3 ? 3 : 2)
                + "\n  track_script {\n    chk_http\n  }" + (system.endsWith("-vmac") ? "\n  use_vmac" : "")
                + "\n  virtual_ipaddress {\n    " + BenchLab.VIP + "/24\n  }\n}\n";
        return new BenchNode(system, host, lab.keepalived(host, conf).proc());
    }

    void awaitBackup(Duration d) {
        main.await(l -> l.contains(system.startsWith("failover4j") ? "-> BACKUP" : "Entering BACKUP STATE"), d, host + " BACKUP");
    }

    /** Graceful stop: SIGTERM (failover4j: close() then Jetty; keepalived: its VRRP child sends priority 0). */
    void terminate() {
        main.signalTerm();
    }

    /** State changes so far: the example's listener lines ("n1: BACKUP -> MASTER (...)"), keepalived's "Entering". */
    long changes() {
        return main.count(l -> system.startsWith("failover4j") ? l.startsWith(host + ": ") && l.contains(" -> ")
                : l.contains("Entering "));
    }
}
