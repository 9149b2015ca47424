package dev.failover4j.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The agent with a {@code vrrp_sync_group} of two instances (VRIDs 51 and 52, VRRPv3 at 100 ms, {@code vrrp_rt_priority 20}), a
 * {@code track_file} block and {@code notify_fifo}: writing 1 into node 1's tracked file (weight 0:
 * FAULT) moves both addresses to node 2 together; writing 0 brings them back. The FIFO gets
 * keepalived's lines for the group and its instances.
 */
@Tag("netns")
class AgentSyncGroupIT {

    static Lab lab;

    @BeforeAll
    static void makeLab() throws IOException {
        Prerequisites.require("the agent's namespace tests", "curl");
        lab = Lab.of("n1", "n2");
    }

    @AfterAll
    static void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    static String config(String host, int priority, Path dir) {
        return """
                global_defs {
                  notify_fifo %1$s/fifo
                  vrrp_rt_priority 20
                }
                track_file stop_here {
                  file %1$s/stop
                  weight 0
                  init_file 0 overwrite
                }
                vrrp_sync_group G1 {
                  group {
                    LAN
                    WAN
                  }
                }
                vrrp_instance LAN {
                  interface eth0
                  virtual_router_id 51
                  priority %2$d
                  version 3
                  advert_int 0.1
                  virtual_ipaddress {
                    10.77.0.100/24
                  }
                  track_file {
                    stop_here
                  }
                }
                vrrp_instance WAN {
                  interface eth0
                  virtual_router_id 52
                  priority %2$d
                  version 3
                  advert_int 0.1
                  virtual_ipaddress {
                    10.77.0.200/24
                  }
                }
                """.formatted(dir, priority);
    }

    static Proc agent(String host, int priority) throws IOException {
        Path dir = Files.createDirectories(lab.dir().resolve("sync-" + host).toAbsolutePath());
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, config(host, priority, dir));
        Proc p = lab.exec(host, host + "-agent", List.of(Lab.JAVA, "-jar", Path.of("target/failover4j-agent.jar").toAbsolutePath().toString(),
                "-f", conf.toString(), "--control-socket", dir.resolve("control.sock").toString()));
        p.await(l -> l.contains("running 2 instance(s)") || l.contains("not started"), Duration.ofSeconds(30), host + " agent");
        assertFalse(p.has(l -> l.contains("not started")), p.tail());
        return p;
    }

    /** The names of {@code pid}'s threads that run SCHED_RR at priority 20 (from /proc: policy 2, rt_priority 20). */
    static List<String> realtimeThreads(long pid) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path t : tasks.toList()) {
                String stat = Files.readString(t.resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // f[0] is field 3, the state
                if (f[41 - 3].equals("2") && f[40 - 3].equals("20")) {
                    out.add(Files.readString(t.resolve("comm")).trim());
                }
            }
        }
        return out;
    }

    @Test
    void aTrackedFileMovesTheWholeSyncGroupAndTheFifoTellsIt() throws Exception {
        Proc n1 = agent("n1", 101);
        lab.awaitAddress("n1", "10.77.0.100", true, Duration.ofSeconds(10));
        lab.awaitAddress("n1", "10.77.0.200", true, Duration.ofSeconds(10));
        Path fifo = lab.dir().resolve("sync-n1/fifo").toAbsolutePath();
        Proc reader = lab.exec("n1", "fifo-reader", List.of("cat", fifo.toString()));
        Proc n2 = agent("n2", 100);
        List<String> realtime = realtimeThreads(n1.pid());
        assertEquals(List.of("failover4j-loop"), realtime, "vrrp_rt_priority 20: the protocol thread runs SCHED_RR, and"
                + " the threads it started (listeners, file watcher, sync group) do not inherit it");
        Lab.sleep(1500);
        assertEquals("0\n", Files.readString(lab.dir().resolve("sync-n1/stop")), "init_file wrote the file");

        long t0 = System.nanoTime();
        Files.writeString(lab.dir().resolve("sync-n1/stop"), "1\n");
        long lan = lab.awaitAddress("n2", "10.77.0.100", true, Duration.ofSeconds(5));
        long wan = lab.awaitAddress("n2", "10.77.0.200", true, Duration.ofSeconds(5));
        lab.awaitAddress("n1", "10.77.0.200", false, Duration.ofSeconds(2));
        assertFalse(lab.hasAddress("n1", "10.77.0.100"));

        // A reload must not run init_file's overwrite again (keepalived: only at start): n1 stays out.
        Lab.run("kill", "-HUP", String.valueOf(n1.pid()));
        n1.await(l -> l.contains("reloaded"), Duration.ofSeconds(5), "n1 reloaded");
        assertFalse(n1.has(l -> l.contains("ordinary priority")), "the reload ran SCHED_RR:\n" + n1.tail());
        Lab.sleep(500);
        assertEquals("1\n", Files.readString(lab.dir().resolve("sync-n1/stop")), "the reload left the operator's 1 alone");
        assertTrue(lab.hasAddress("n2", "10.77.0.100") && lab.hasAddress("n2", "10.77.0.200"), "n2 still holds both");

        long t1 = System.nanoTime();
        Files.writeString(lab.dir().resolve("sync-n1/stop"), "0\n");
        long back = Math.max(lab.awaitAddress("n1", "10.77.0.100", true, Duration.ofSeconds(5)),
                lab.awaitAddress("n1", "10.77.0.200", true, Duration.ofSeconds(5)));
        reader.await(l -> l.equals("GROUP \"G1\" MASTER 0"), Duration.ofSeconds(5), "the FIFO's last group line");
        List<String> lines = reader.lines();
        assertTrue(lines.contains("INSTANCE \"LAN\" FAULT 101") && lines.contains("INSTANCE \"WAN\" FAULT 101")
                && lines.contains("GROUP \"G1\" FAULT 0"), lines.toString());
        System.out.println(String.format(Locale.ROOT, "[AgentSyncGroupIT] track_file 1 -> n2 holds LAN %.0f ms, WAN %.0f ms;"
                + " track_file 0 -> n1 holds both %.0f ms; FIFO: %s; SCHED_RR 20 (vrrp_rt_priority): %s", (lan - t0) / 1e6,
                (wan - t0) / 1e6, (back - t1) / 1e6, lines, realtime));
        n1.terminate(Duration.ofSeconds(10));
        n2.terminate(Duration.ofSeconds(10));
    }
}
