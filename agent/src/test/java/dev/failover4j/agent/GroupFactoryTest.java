package dev.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.HaConfig;
import dev.failover4j.agent.conf.KeepalivedConfig;
import dev.failover4j.agent.conf.Problem;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived.conf's instances as failover4j groups, with keepalived's defaults and rounding. */
class GroupFactoryTest {

    @Test
    void theSeedsInstanceBecomesTheGroupKeepalivedWouldRun() throws Exception {
        KeepalivedConfig c = KeepalivedConfig.read(java.nio.file.Path.of("src/test/resources/conf/seed-node1.conf"), "n1");
        List<Problem> problems = new ArrayList<>();
        List<GroupFactory.Planned> plan = GroupFactory.plan(c, new ScriptRunner(null), problems);
        assertEquals(List.of(), problems);
        HaConfig g = plan.get(0).config();
        assertEquals("ens3", g.interfaceName());
        assertEquals(51, g.vrid());
        assertEquals(101, g.priority());
        assertEquals(2, g.version().number());
        assertEquals(Duration.ofSeconds(1), g.advertInterval());
        assertEquals("1111", g.authPassword());
        assertEquals("[192.168.0.100/32]", g.virtualAddresses().toString());
        assertEquals(InetAddress.getByName("192.168.0.10"), g.unicastSource(), "multicast from that source");
        assertEquals(List.of(), g.unicastPeers());
        assertEquals(1, g.healthChecks().size());
        assertEquals("chk_http_port", g.healthChecks().get(0).name());
        assertEquals(-5, g.healthChecks().get(0).weight());
        assertEquals(2, g.healthChecks().get(0).fall());
        assertEquals(Duration.ofSeconds(2), g.healthChecks().get(0).interval());
        assertEquals(Duration.ofSeconds(2), g.healthChecks().get(0).timeout(), "keepalived: no timeout is the interval");
    }

    @Test
    void vrrpRtPriorityRunsTheGroupsAtThatRealTimePriorityAndIsClampedAsKeepalivedClampsIt() {
        String instance = """
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  virtual_ipaddress {
                    10.0.0.100
                  }
                }
                """;
        List<Problem> problems = new ArrayList<>();
        KeepalivedConfig c = KeepalivedConfig.parse("k.conf", "global_defs {\n  vrrp_rt_priority 50\n}\n" + instance, "n1");
        assertEquals(50, GroupFactory.plan(c, new ScriptRunner(null), problems).get(0).config().realtimePriority());
        assertEquals(List.of(), problems);
        assertEquals(0, GroupFactory.plan(KeepalivedConfig.parse("k.conf", instance, "n1"), new ScriptRunner(null), problems)
                .get(0).config().realtimePriority(), "none by default, as keepalived");

        KeepalivedConfig high = KeepalivedConfig.parse("k.conf", "global_defs {\n  vrrp_rt_priority 150\n}\n" + instance, "n1");
        assertEquals(99, high.global.rtPriority);
        assertEquals(List.of("k.conf:2: warning: vrrp_rt_priority 150 is outside SCHED_RR's 1..99: 99 is used, as keepalived"
                + " does (write a priority in 1..99)"), high.problems().stream().map(Problem::toString).toList());
        KeepalivedConfig word = KeepalivedConfig.parse("k.conf", "global_defs {\n  vrrp_rt_priority high\n}\n" + instance, "n1");
        assertEquals(0, word.global.rtPriority);
        assertEquals(1, word.problems().size());
        assertEquals(Problem.Severity.ERROR, word.problems().get(0).severity(), word.problems().toString());
    }

    @Test
    void keepalivedsOtherGlobalKeywordsAreWarningsNamingWhatTheAgentDoesInstead() {
        KeepalivedConfig c = KeepalivedConfig.parse("k.conf", """
                global_defs {
                  checker_rt_priority 20
                  process_names
                  startup_script /usr/local/bin/up.sh
                  notify_fifo_script /usr/local/bin/reader.sh
                  default_interface eth0
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  virtual_ipaddress {
                    10.0.0.100
                  }
                }
                """, "n1");
        List<String> messages = c.problems().stream().map(Problem::toString).toList();
        assertEquals(5, messages.size(), messages.toString());
        assertTrue(messages.stream().allMatch(m -> m.contains(": warning: ")), messages.toString());
        assertTrue(messages.get(0).startsWith("k.conf:2: warning: checker_rt_priority (keepalived's checker, BFD or LVS) is not supported"),
                messages.get(0));
        assertTrue(messages.get(2).contains("startup_script is not supported: the agent does not run it (run it from the service"
                + " instead: ExecStartPre= or ExecStopPost= in a systemd drop-in)"), messages.get(2));
    }

    @Test
    void keepalivedsRoundingAndExcludedAddresses() {
        KeepalivedConfig c = KeepalivedConfig.parse("k.conf", """
                vrrp_instance V2 {
                  interface eth0
                  virtual_router_id 1
                  advert_int 1.5
                  virtual_ipaddress {
                    10.0.0.1
                  }
                  virtual_ipaddress_excluded {
                    10.0.0.2/24
                  }
                }
                vrrp_instance V3 {
                  interface eth0
                  virtual_router_id 2
                  version 3
                  advert_int 0.123
                  virtual_ipaddress {
                    fd00::1
                  }
                }
                """, "n1");
        List<Problem> problems = new ArrayList<>();
        List<GroupFactory.Planned> plan = GroupFactory.plan(c, new ScriptRunner(null), problems);
        assertEquals(Duration.ofSeconds(2), plan.get(0).config().advertInterval(), "VRRPv2: 1.5 s rounds half up");
        assertEquals("[10.0.0.2/24]", plan.get(0).config().excludedAddresses().toString());
        assertEquals(Duration.ofMillis(120), plan.get(1).config().advertInterval(), "VRRPv3: centiseconds");
        assertEquals("[fd00:0:0:0:0:0:0:1/128]", plan.get(1).config().virtualAddresses().toString());
        assertEquals(List.of("k.conf:1: warning: vrrp_instance V2: VRRPv2 adverts have whole seconds: advert_int 1.5 is rounded"
                + " to 2, as keepalived does (write version 3 for sub-second adverts)"), problems.stream().map(Problem::toString).toList());
    }

    @Test
    void keepalivedsQuietResetsAreWarningsAndWhatItWouldDoIsDone() {
        KeepalivedConfig c = KeepalivedConfig.parse("k.conf", """
                global_defs {
                  vrrp_down_timer_adverts 5
                  notify_fifo /run/f4j.fifo nobody nogroup
                }
                vrrp_script chk {
                  script /usr/bin/killall -0 nginx
                  interval 0
                  init_fail
                }
                vrrp_instance OWNER {
                  interface eth0
                  virtual_router_id 1
                  priority 255
                  nopreempt
                  virtual_ipaddress {
                    10.0.0.1
                  }
                }
                vrrp_instance LAZY {
                  interface eth0
                  virtual_router_id 2
                  nopreempt
                  preempt_delay 10
                  down_timer_adverts 4
                  virtual_ipaddress {
                    10.0.0.2
                  }
                  track_script {
                    chk
                  }
                }
                """, "n1");
        assertEquals(List.of("k.conf:6: warning: vrrp_script chk: only /usr/bin/killall is run, as keepalived 2.2.7 does; -0 nginx"
                        + " is not passed to it (quote the command with its arguments: script \"/usr/bin/killall -0 nginx\")",
                "k.conf:7: warning: vrrp_script chk: interval must be greater than 0: set to 1, as keepalived does (write interval 1)"),
                c.problems().stream().map(Problem::toString).toList());
        assertEquals("/run/f4j.fifo", c.global.notifyFifo);
        assertEquals("nobody nogroup", c.global.notifyFifoOwner);
        List<Problem> problems = new ArrayList<>();
        List<GroupFactory.Planned> plan = GroupFactory.plan(c, new ScriptRunner(null), problems);
        assertEquals(List.of("k.conf:10: warning: vrrp_instance OWNER: nopreempt is incompatible with priority 255 (the address"
                        + " owner always preempts): reset, as keepalived does (remove nopreempt, or give a priority below 255)",
                "k.conf:19: warning: vrrp_instance LAZY: preempt_delay is incompatible with nopreempt: reset, as keepalived does"
                        + " (remove one of them)"), problems.stream().map(Problem::toString).toList());
        HaConfig owner = plan.get(0).config();
        assertTrue(owner.preempt());
        assertEquals(5, owner.downTimerAdverts(), "global_defs' vrrp_down_timer_adverts");
        HaConfig lazy = plan.get(1).config();
        assertFalse(lazy.preempt());
        assertEquals(Duration.ZERO, lazy.preemptDelay());
        assertEquals(4, lazy.downTimerAdverts());
        assertEquals(Duration.ofSeconds(1), lazy.healthChecks().get(0).interval());
        assertTrue(lazy.healthChecks().get(0).initiallyFailing(), "init_fail");

        KeepalivedConfig other = KeepalivedConfig.parse("k.conf", """
                vrrp_instance V {
                  interface eth0
                  virtual_router_id 3
                  mcast_dst_ip 224.0.0.99
                  garp_lower_prio_repeat 2
                  virtual_ipaddress {
                    10.0.0.3
                  }
                }
                """, "n1");
        assertEquals(List.of("k.conf:4: error: mcast_dst_ip is not supported: adverts go to the RFC's group (224.0.0.18 / ff02::12)"
                        + " (remove it, or use unicast_peer)", "k.conf:5: warning: garp_lower_prio_repeat is not supported: ignored"),
                other.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void virtualMacInterfacesAreNamedAsKeepalivedNamesThem() {
        // An IPv4 and an IPv6 instance of one VRID (keepalived: vrrp.51, then vrrp6.51), one VRID on a
        // second interface (vrrp1.51), and a NAME of the user's.
        String conf = """
                vrrp_instance A4 {
                  interface eth0
                  virtual_router_id 51
                  use_vmac
                  virtual_ipaddress {
                    10.0.0.100
                  }
                }
                vrrp_instance A6 {
                  interface eth0
                  virtual_router_id 51
                  use_vmac
                  virtual_ipaddress {
                    fd00::100
                  }
                }
                vrrp_instance B4 {
                  interface eth1
                  virtual_router_id 51
                  use_vmac
                  virtual_ipaddress {
                    10.1.0.100
                  }
                }
                vrrp_instance C4 {
                  interface eth0
                  virtual_router_id 52
                  use_vmac lan52
                  virtual_ipaddress {
                    10.0.0.101
                  }
                }
                """;
        List<Problem> problems = new ArrayList<>();
        List<GroupFactory.Planned> plan = GroupFactory.plan(KeepalivedConfig.parse("k.conf", conf, "n1"), new ScriptRunner(null), problems);
        assertEquals(List.of(), problems);
        assertEquals(List.of("vrrp.51", "vrrp6.51", "vrrp1.51", "lan52"),
                plan.stream().map(p -> p.config().virtualMacInterface()).toList());

        List<GroupFactory.Planned> prefixed = GroupFactory.plan(KeepalivedConfig.parse("k.conf",
                "global_defs {\n  vmac_prefix lan\n}\n" + conf, "n1"), new ScriptRunner(null), problems);
        assertEquals(List.of(), problems);
        assertEquals(List.of("lan.51", "lan6.51", "lan1.51", "lan52"),
                prefixed.stream().map(p -> p.config().virtualMacInterface()).toList(), "vmac_prefix replaces vrrp");

        KeepalivedConfig bad = KeepalivedConfig.parse("k.conf", conf.replace("use_vmac lan52", "use_vmac lan52 00:11:22:33:44:55 extra"), "n1");
        assertEquals(List.of("k.conf:28: error: use_vmac with a MAC address (00:11:22:33:44:55) is not supported (leave the MAC"
                + " out: the RFC's 00:00:5e:00:01:{VRID} (IPv6 00:00:5e:00:02:{VRID}) is used)",
                "k.conf:28: error: use_vmac takes one interface name: extra is one too many (write use_vmac [NAME])"),
                bad.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void inASyncGroupWeightsFollowKeepalivedsRuleUnlessTrackingWeightIsSet() {
        String members = """
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 1
                  virtual_ipaddress {
                    10.0.0.1/24
                  }
                  track_interface {
                    eth1 weight -50
                  }
                }
                vrrp_instance VI_2 {
                  interface eth0
                  virtual_router_id 2
                  virtual_ipaddress {
                    10.0.0.2/24
                  }
                }
                """;
        List<Problem> problems = new ArrayList<>();
        List<GroupFactory.Planned> plan = GroupFactory.plan(KeepalivedConfig.parse("k.conf", members
                + "vrrp_sync_group G { group { VI_1 VI_2 } }\n", "n1"), new ScriptRunner(null), problems);
        assertEquals(0, plan.get(0).config().trackedInterfaces().get(0).weight(), "keepalived: FAULT for the whole group");
        assertEquals(List.of("k.conf:8: warning: track_interface eth1 has a weight in a member of vrrp_sync_group G: it puts the"
                + " group in FAULT instead, as keepalived does (add sync_group_tracking_weight to the sync group to keep the weight)"),
                problems.stream().map(Problem::toString).toList());
        List<Problem> kept = new ArrayList<>();
        List<GroupFactory.Planned> weighted = GroupFactory.plan(KeepalivedConfig.parse("k.conf", members
                + "vrrp_sync_group G {\n group { VI_1 VI_2 }\n sync_group_tracking_weight\n}\n", "n1"), new ScriptRunner(null), kept);
        assertEquals(-50, weighted.get(0).config().trackedInterfaces().get(0).weight());
        assertEquals(List.of(), kept);
    }

    @Test
    void keepalived24sAuthHmacBlockWithItsThreeKeyFormsAndEveryMistakeAtItsLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path key2 = dir.resolve("key2");
        java.nio.file.Files.writeString(key2, "hex:404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
                + "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f\r\n");
        KeepalivedConfig c = KeepalivedConfig.parse("k.conf", """
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  version 3
                  authentication {
                    auth_type PASS
                    auth_pass 1111
                  }
                  auth_hmac {
                    key 1 hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
                    key 2 file:%s
                    key 3 hv-ascii-key-for-keepalived-auth-hmac-0123
                    active_key 2
                    mode permissive
                    anti_replay monotonic
                  }
                  virtual_ipaddress {
                    10.0.0.1/24
                  }
                }
                vrrp_instance BAD {
                  interface eth0
                  virtual_router_id 52
                  auth_hmac {
                    key 1 hex:0001
                    active_key 9
                    mode strict
                  }
                  virtual_ipaddress {
                    10.0.0.2/24
                  }
                }
                """.formatted(key2), null);
        List<Problem> problems = new ArrayList<>();
        List<GroupFactory.Planned> plan = GroupFactory.plan(c, new ScriptRunner(null), problems);
        dev.failover4j.HmacAuth h = plan.stream().filter(p -> p.name().equals("VI_1")).findFirst().orElseThrow().config().hmac();
        assertEquals(List.of(1, 2, 3), h.keyIds());
        assertEquals(64, h.key(2).length, "the file's hex, CR/LF stripped");
        assertEquals(42, h.key(3).length, "the literal ASCII");
        assertEquals(2, h.activeKey());
        assertEquals(dev.failover4j.HmacAuth.Mode.PERMISSIVE, h.mode());
        assertEquals(dev.failover4j.HmacAuth.AntiReplay.MONOTONIC, h.antiReplay());
        assertEquals(null, plan.get(0).config().authPassword(), "the legacy password is dropped, as keepalived 2.4 does");
        String all = problems.stream().map(Problem::toString).reduce("", (a, b) -> a + b + "\n");
        assertTrue(all.contains("k.conf:9: warning: vrrp_instance VI_1: authentication is dropped with auth_hmac"), all);
        assertTrue(all.contains("k.conf:24: error: vrrp_instance BAD: auth_hmac mode 'strict' is not one of"), all);
        assertTrue(all.contains("k.conf:24: error: vrrp_instance BAD: auth_hmac: key 1: 2 bytes (allowed 32..64)"), all);
        assertTrue(all.contains("k.conf:24: error: vrrp_instance BAD: auth_hmac: activeKey: 9 names no key"), all);
    }
}
