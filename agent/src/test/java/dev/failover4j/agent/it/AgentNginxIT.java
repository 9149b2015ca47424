package dev.failover4j.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.failover4j.testsupport.netns.Keepalived;
import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed deployment in network namespaces: two nodes, each with Debian's nginx (started by the
 * test with its own config and pid file) and a keepalived.conf of the seed's shape (a check script
 * with weight -5, fall 2, rise 1; priorities 101 and 100; VRRPv2 at 1 s; PASS authentication;
 * {@code mcast_src_ip}/{@code unicast_src_ip} without peers), run by the agent, by keepalived 2.2.7,
 * or one of each. The story: the client gets node 1's page through the VIP; nginx on node 1 stops
 * and cannot restart, the check fails twice, node 1 drops to 96 and node 2 takes over; nginx can
 * restart again, the check restarts it, node 1 preempts; SIGTERM to node 1 hands over within
 * Skew_Time; SIGHUP on node 2 with an added VIP keeps it master and binds the VIP. keepalived on both
 * nodes is the yardstick: its figures are printed beside the agent's.
 */
@Tag("netns")
class AgentNginxIT {

    static final String VIP = "10.77.0.100";
    static final String VIP2 = "10.77.0.101";
    static final String VIP3 = "10.77.0.102";
    static final String VIP4 = "10.77.0.103";
    static Lab lab;
    static final List<String> report = new ArrayList<>();
    /** The launcher of the .tar.gz this build made: the agent runs with the JVM options it ships with. */
    static Path launcher;

    @BeforeAll
    static void makeLab() throws IOException {
        Prerequisites.require("the agent's namespace tests", "keepalived", "nginx", "curl");
        lab = Lab.of("n1", "n2", "c");
        launcher = unpackedLauncher(lab.dir());
    }

    /** Unpacks target/failover4j-agent-*.tar.gz into {@code dir}; its bin/failover4j-agent. */
    static Path unpackedLauncher(Path dir) throws IOException {
        Path tarball;
        try (var files = Files.list(Path.of("target"))) {
            tarball = files.filter(f -> f.getFileName().toString().matches("failover4j-agent-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new IOException("no target/failover4j-agent-*.tar.gz: run mvn verify, which packages it first"));
        }
        Path into = Files.createDirectories(dir.resolve("dist"));
        Lab.run("tar", "-xzf", tarball.toAbsolutePath().toString(), "-C", into.toAbsolutePath().toString(), "--strip-components=1");
        return into.resolve("bin/failover4j-agent").toAbsolutePath();
    }

    @AfterEach
    void reset() throws IOException {
        if (lab != null) {
            lab.reset(VIP + "/24", VIP2 + "/24", VIP3 + "/24", VIP4 + "/24", "10.77.0.112/24", "10.77.0.113/24", "10.77.0.114/24");
        }
    }

    @AfterAll
    static void closeLab() {
        if (lab != null) {
            lab.close();
        }
        report.forEach(System.out::println);
    }

    /** One node: nginx, its check script, and the agent or keepalived with a seed-shaped config. */
    static final class Node {
        final String host;
        final boolean keepalived;
        final int priority;
        final Path dir;
        Proc agent;
        Keepalived k;
        List<String> vips = new ArrayList<>(List.of(VIP + "/24"));

        Node(String host, boolean keepalived, int priority) throws IOException {
            this.host = host;
            this.keepalived = keepalived;
            this.priority = priority;
            this.dir = Files.createDirectories(lab.dir().resolve("node-" + host).toAbsolutePath());
            Files.createDirectories(dir.resolve("www"));
            Files.createDirectories(dir.resolve("tmp"));
            Files.writeString(dir.resolve("www/index.html"), "Welcome to " + host + "\n");
            Files.deleteIfExists(dir.resolve("notify.log")); // the previous story's
            Files.writeString(dir.resolve("nginx.conf"), """
                    user root;
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/nginx-error.log;
                    events { worker_connections 64; }
                    http {
                      access_log off;
                      client_body_temp_path %1$s/tmp/body;
                      proxy_temp_path %1$s/tmp/proxy;
                      fastcgi_temp_path %1$s/tmp/fastcgi;
                      uwsgi_temp_path %1$s/tmp/uwsgi;
                      scgi_temp_path %1$s/tmp/scgi;
                      server {
                        listen 80;
                        root %1$s/www;
                      }
                    }
                    """.formatted(dir));
            // keepalived's chk_nginx.sh: nginx answers, or it is restarted once (unless the test broke it)
            Path chk = dir.resolve("chk_nginx.sh");
            Files.writeString(chk, """
                    #!/bin/sh
                    if curl -s -o /dev/null --max-time 1 http://127.0.0.1/; then exit 0; fi
                    [ -e %1$s/broken ] && exit 1
                    nginx -c %1$s/nginx.conf -e %1$s/nginx-error.log
                    sleep 0.3
                    curl -s -o /dev/null --max-time 1 http://127.0.0.1/
                    """.formatted(dir));
            Files.setPosixFilePermissions(chk, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path notify = dir.resolve("notify.sh");
            Files.writeString(notify, "#!/bin/sh\necho \"$*\" >> " + dir.resolve("notify.log") + "\n");
            Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        /** What the {@code notify} script was called with, one line per call. */
        List<String> notifications() throws IOException {
            Path log = dir.resolve("notify.log");
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        }

        String config() {
            return """
                    ! Configuration File for keepalived
                    global_defs {
                    router_id %1$s
                    }
                    vrrp_script chk_http_port {
                        script  "%2$s/chk_nginx.sh"
                        interval 1
                        weight -5
                        fall 2
                        rise 1
                    }
                    vrrp_instance VI_1 {
                        state %3$s
                        interface eth0
                        mcast_src_ip %4$s
                        virtual_router_id 51
                        priority %5$d
                        advert_int 1
                        authentication {
                            auth_type PASS
                            auth_pass 1111
                        }
                        unicast_src_ip %4$s
                        virtual_ipaddress {
                    %6$s
                        }
                        track_script {
                            chk_http_port
                        }
                        notify "%2$s/notify.sh"
                    }
                    """.formatted(host, dir, priority > 100 ? "MASTER" : "BACKUP", lab.ip(host), priority,
                    String.join("\n", vips.stream().map(v -> "        " + v).toList()));
        }

        void startNginx() throws IOException {
            Lab.run("ip", "netns", "exec", lab.ns(host), "nginx", "-c", dir.resolve("nginx.conf").toString(),
                    "-e", dir.resolve("nginx-error.log").toString());
        }

        /** nginx stopped, and unable to come back (the check script will not restart it). */
        void breakNginx() throws IOException {
            Files.writeString(dir.resolve("broken"), "");
            long pid = Long.parseLong(Files.readString(dir.resolve("nginx.pid")).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy); // nginx's master: it takes its workers along
        }

        /** nginx may come back: the next check restarts it. */
        void mendNginx() throws IOException {
            Files.delete(dir.resolve("broken"));
        }

        void start() throws IOException {
            startNginx();
            Path conf = dir.resolve("keepalived.conf");
            Files.writeString(conf, config());
            if (keepalived) {
                k = lab.keepalived(host, config());
            } else {
                // The shipped launcher (its JVM options), with the JDK the build runs on; env and sh exec, so
                // the process is the JVM.
                agent = lab.exec(host, host + "-agent", List.of("env", "JAVA=" + Lab.JAVA, launcher.toString(),
                        "-f", conf.toString(), "--control-socket", dir.resolve("control.sock").toString()));
                agent.await(l -> l.contains("running 1 instance(s)") || l.contains("not started"), Duration.ofSeconds(30), host + " agent started");
                assertFalse(agent.has(l -> l.contains("not started")), agent.tail());
            }
        }

        Proc proc() {
            return keepalived ? k.proc() : agent;
        }

        String kind() {
            return keepalived ? "keepalived" : "agent";
        }

        int masters() {
            return (int) proc().count(l -> keepalived ? l.contains("Entering MASTER STATE") : l.contains("-> MASTER ("));
        }

        void awaitMaster(int n, Duration d) {
            proc().await(l -> masters() >= n, d, host + " MASTER #" + n);
        }

        /**
         * SIGHUP after writing the configuration again (keepalived: its parent, which reloads its children);
         * returns the monotonic time just before the signal was sent.
         */
        long reload() throws IOException {
            Path conf = dir.resolve("keepalived.conf");
            Files.writeString(conf, config());
            if (keepalived) {
                Files.writeString(keepalivedConfigPath(), config()); // the copy lab.keepalived started it with
            }
            ProcessBuilder kill = new ProcessBuilder("kill", "-HUP", String.valueOf(proc().pid()));
            long at = System.nanoTime();
            Process p = kill.start(); // the kill process's start counts for both systems alike
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IOException("kill -HUP " + proc().pid() + " failed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            return at;
        }

        private Path keepalivedConfigPath() throws IOException {
            try (var s = Files.list(lab.dir())) {
                return s.filter(p -> p.getFileName().toString().startsWith(host + "-keepalived") && p.toString().endsWith(".conf"))
                        .max(java.util.Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow(() -> new IOException("no keepalived config of " + host + " in " + lab.dir()));
            }
        }

        String status() throws IOException {
            return lab.in(host, Lab.JAVA, "-jar", Path.of("target/failover4j-agent.jar").toAbsolutePath().toString(), "status",
                    "--control-socket", dir.resolve("control.sock").toString());
        }
    }

    /** The client's page through the VIP, or null. */
    static String page() throws IOException {
        return lab.get("c", "http://" + VIP + "/", Duration.ofMillis(300));
    }

    /** Polls the client every 50 ms until it gets {@code want}; the monotonic time it did. */
    static long awaitPage(String want, Duration d) throws IOException {
        long end = System.nanoTime() + d.toNanos();
        String last = null;
        while (System.nanoTime() - end < 0) {
            last = page();
            if ((want + "").equals(last)) {
                return System.nanoTime();
            }
            Lab.sleep(50);
        }
        fail("the client did not get '" + want + "' within " + d + "; last: " + last);
        return -1;
    }

    /**
     * The story on one pair; its figures in ms: nginx broken → client on n2, mended → on n1, SIGTERM
     * → n2 holds, then RELOADS SIGHUPs each binding one more VIP (VIP2, VIP3, ...): the first, min, median, max.
     */
    static double[] story(Node n1, Node n2) throws Exception {
        n1.start();
        n1.awaitMaster(1, Duration.ofSeconds(20));
        n2.start();
        lab.awaitAddress("n1", VIP, true, Duration.ofSeconds(10));
        awaitPage("Welcome to n1", Duration.ofSeconds(5));
        Lab.sleep(2500); // both settled, n2 BACKUP
        assertEquals(0, n2.masters(), n2.proc().tail());

        long broke = System.nanoTime();
        n1.breakNginx();
        double toN2 = (awaitPage("Welcome to n2", Duration.ofSeconds(15)) - broke) / 1e6;
        if (!n1.keepalived) {
            String status = n1.status();
            assertTrue(status.contains("VI_1") && status.contains("96 (101)") && status.contains("chk_http_port FAILING")
                    && status.contains("BACKUP"), status);
        }

        long mended = System.nanoTime();
        n1.mendNginx();
        double backToN1 = (awaitPage("Welcome to n1", Duration.ofSeconds(15)) - mended) / 1e6;
        n1.awaitMaster(2, Duration.ofSeconds(5));

        Lab.sleep(1500);
        long term = System.nanoTime();
        n1.proc().signalTerm();
        double handover = (lab.awaitAddress("n2", VIP, true, Duration.ofSeconds(10)) - term) / 1e6;
        awaitPage("Welcome to n2", Duration.ofSeconds(5));
        n1.proc().waitFor(Duration.ofSeconds(20));
        assertFalse(lab.hasAddress("n1", VIP), "n1 released the VIP");

        int n2Masters = n2.masters();
        Lab.sleep(1500);
        // SIGHUP with one more VIP, RELOADS times: from the signal's sending to the kernel's RTM_NEWADDR for the new
        // VIP, read from `ip monitor` in n2's namespace (polling `ip addr` added up to 15 ms of noise).
        double[] reloads = new double[RELOADS];
        Proc monitor = lab.spawn("monitor-n2", List.of("ip", "-n", lab.ns("n2"), "-ts", "monitor", "address"));
        try {
            Lab.sleep(200);
            for (int i = 0; i < RELOADS; i++) {
                String vip = i == 0 ? VIP2 : i == 1 ? VIP3 : "10.77.0." + (110 + i);
                n2.vips.add(vip + "/24");
                java.util.function.Predicate<String> added = l -> l.contains("inet " + vip + "/") && !l.contains("Deleted");
                long hup = n2.reload();
                monitor.await(added, Duration.ofSeconds(10), "n2 binds " + vip);
                reloads[i] = (monitor.timeOf(added) - hup) / 1e6;
                Lab.sleep(1000);
            }
        } finally {
            monitor.kill();
        }
        Lab.sleep(500);
        if (!n2.keepalived) {
            // A reload of a file with mistakes (an unknown keyword, a VRID that cannot change live) is refused whole:
            // every problem logged at its line, the running configuration kept (the VIP it adds is not bound).
            n2.vips.add(VIP4 + "/24");
            Files.writeString(n2.dir.resolve("keepalived.conf"), n2.config().replace("virtual_router_id 51",
                    "virtual_router_id 52\n    advert_intt 1"));
            Lab.run("kill", "-HUP", String.valueOf(n2.proc().pid()));
            String refused = n2.proc().await(l -> l.contains("reload refused"), Duration.ofSeconds(10), "n2 refuses the reload");
            assertTrue(refused.contains("the running configuration is kept"), refused);
            n2.proc().await(l -> l.contains("keepalived.conf:17: error: unknown keyword 'advert_intt' in vrrp_instance VI_1"),
                    Duration.ofSeconds(2), "the first problem logged");
            n2.proc().await(l -> l.contains("vrid: 51 -> 52 cannot change live"), Duration.ofSeconds(2), "the second problem logged");
            Lab.sleep(1000);
            assertFalse(lab.hasAddress("n2", VIP4), "nothing of the bad file applied");
            n2.vips.remove(VIP4 + "/24");
        }
        assertTrue(lab.hasAddress("n2", VIP), "n2 kept the VIP");
        assertTrue(lab.hasAddress("n2", VIP3), "and the reloaded one");
        assertEquals(n2Masters, n2.masters(), "the reload did not make n2 leave MASTER:\n" + n2.proc().tail());
        lastNotifications = n1.notifications();
        double[] sorted = reloads.clone();
        java.util.Arrays.sort(sorted);
        return new double[] {toN2, backToN1, handover, reloads[0], sorted[0], sorted[RELOADS / 2], sorted[RELOADS - 1]};
    }

    /** n1's notify calls in the last story. */
    static List<String> lastNotifications;

    static void report(String what, double[] f) {
        report.add(String.format(Locale.ROOT, "[AgentNginxIT] %s: nginx broken -> client on n2 %.0f ms; mended -> on n1 %.0f ms;"
                + " SIGTERM -> n2 holds the VIP %.0f ms; SIGHUP with a new VIP -> bound %.1f ms the first time, min/median/max"
                + " of %d: %.1f / %.1f / %.1f ms", what, f[0], f[1], f[2], f[3], RELOADS, f[4], f[5], f[6]));
    }

    /** SIGHUPs per story, each with one more VIP. */
    static final int RELOADS = 5;
    static double[] agents;
    static double[] keepaliveds;
    static List<String> agentNotifications;
    static List<String> keepalivedNotifications;

    @Test
    void twoAgentsFailOverOnABrokenNginxAndBackThenHandOverAndReload() throws Exception {
        agents = story(new Node("n1", false, 101), new Node("n2", false, 100));
        agentNotifications = lastNotifications;
        report("agent + agent", agents);
        report.add("[AgentNginxIT] agent n1's notify calls: " + agentNotifications);
        assertEquals(List.of("INSTANCE VI_1 BACKUP 101", "INSTANCE VI_1 MASTER 101", "INSTANCE VI_1 BACKUP 96",
                "INSTANCE VI_1 MASTER 101", "INSTANCE VI_1 STOP 101"), agentNotifications);
        // Skew_Time at priority 100 is 609 ms in VRRPv2 at 1 s: n2 takes over that long after n1's priority 0
        assertTrue(agents[2] < 609 + 400, "SIGTERM -> n2 holds within Skew_Time + 400 ms: " + agents[2]);
        compare();
    }

    @Test
    void keepalivedOnBothNodesTheYardstick() throws Exception {
        keepaliveds = story(new Node("n1", true, 101), new Node("n2", true, 100));
        keepalivedNotifications = lastNotifications;
        report("keepalived + keepalived (yardstick)", keepaliveds);
        report.add("[AgentNginxIT] keepalived n1's notify calls: " + keepalivedNotifications);
        compare();
    }

    @Test
    void theAgentAsNode1BesideKeepalivedAsNode2() throws Exception {
        report("agent n1 + keepalived n2", story(new Node("n1", false, 101), new Node("n2", true, 100)));
    }

    @Test
    void keepalivedAsNode1BesideTheAgentAsNode2() throws Exception {
        report("keepalived n1 + agent n2", story(new Node("n1", true, 101), new Node("n2", false, 100)));
    }

    /**
     * Once both pairs ran: the agent is no slower than keepalived. The failure's moment falls
     * anywhere in a 1 s check and advert cycle, so one run of each may differ by up to a second either way.
     */
    private static void compare() {
        if (agents == null || keepaliveds == null) {
            return;
        }
        report.add(String.format(Locale.ROOT, "[AgentNginxIT] agent / keepalived in this run: broken nginx %.0f / %.0f ms,"
                + " graceful %.0f / %.0f ms, first reload %.1f / %.1f ms, median reload %.1f / %.1f ms (ratio %.2f)", agents[0],
                keepaliveds[0], agents[2], keepaliveds[2], agents[3], keepaliveds[3], agents[5], keepaliveds[5],
                agents[5] / keepaliveds[5]));
        assertEquals(keepalivedNotifications, agentNotifications, "notify got keepalived's arguments at the same transitions");
        assertTrue(agents[0] <= keepaliveds[0] + 1000, "broken nginx: agent " + agents[0] + " ms, keepalived " + keepaliveds[0]);
        assertTrue(agents[2] <= keepaliveds[2] + 300, "graceful: agent " + agents[2] + " ms, keepalived " + keepaliveds[2]);
    }
}
