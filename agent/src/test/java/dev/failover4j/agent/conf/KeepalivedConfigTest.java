package dev.failover4j.agent.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived.conf read as keepalived 2.2.7 reads it, and every problem at once with file:line. */
class KeepalivedConfigTest {

    static KeepalivedConfig parse(String text) {
        return KeepalivedConfig.parse("k.conf", text, "node1");
    }

    static List<String> messages(KeepalivedConfig c) {
        return c.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void theSeedDeploymentsConfigReadsWithKeepalivedsMeaning() throws IOException {
        KeepalivedConfig c = KeepalivedConfig.read(Path.of("src/test/resources/conf/seed-node1.conf"), "node1");
        assertEquals(List.of(), messages(c));
        assertEquals("master-node", c.global.routerId);
        KeepalivedConfig.Script s = c.scripts.get("chk_http_port");
        assertEquals("/etc/keepalived/chk_nginx.sh", s.script);
        assertEquals(2, s.interval);
        assertEquals(-5, s.weight);
        assertEquals(2, s.fall);
        assertEquals(1, s.rise);
        KeepalivedConfig.Instance i = c.instances.get("VI_1");
        assertEquals("MASTER", i.state);
        assertEquals("ens3", i.iface);
        assertEquals(51, i.vrid);
        assertEquals(101, i.priorityOrDefault());
        assertEquals(BigDecimal.ONE, i.advertInt);
        assertEquals("PASS", i.authType);
        assertEquals("1111", i.authPass);
        assertEquals("192.168.0.100/32", i.vips.get(0).cidr(), "an address without a prefix gets keepalived's /32");
        assertEquals("192.168.0.10", i.sourceIp, "unicast_src_ip and mcast_src_ip set the same source");
        assertTrue(i.unicastPeers.isEmpty(), "no unicast_peer: multicast from that source");
        assertEquals("chk_http_port", i.trackScripts.get(0).name());
        assertNull(i.trackScripts.get(0).weight(), "the script's own weight");
        assertEquals(5, i.garpMasterDelay, "keepalived's default GARP delay");
    }

    @Test
    void commentsQuotesAndBracesFollowKeepalivedsReader() {
        KeepalivedConfig c = parse("""
                global_defs {   # a comment
                  router_id "a # b"   ! another
                }
                vrrp_script chk{
                  script "/bin/check --url 'http://x/#top'" ! the quotes keep # and !
                  weight -5 reverse
                }
                vrrp_instance VI_1{
                  interface eth0 ; virtual_router_id 9
                  virtual_router_id 7
                  priority 90}
                vrrp_instance VI_2 {
                  interface eth0
                  virtual_router_id 8
                  auth_dummy\\#x
                  virtual_ipaddress { fd00::1 }
                  track_interface { eth1 weight -20 }
                }
                """);
        assertEquals("a # b", c.global.routerId);
        assertEquals("/bin/check --url 'http://x/#top'", c.scripts.get("chk").script);
        assertTrue(c.scripts.get("chk").reverse);
        assertEquals(90, c.instances.get("VI_1").priority, "'priority 90}' closes the block, as keepalived");
        assertEquals("fd00::1/128", c.instances.get("VI_2").vips.get(0).cidr(), "IPv6 default /128");
        assertEquals(-20, c.instances.get("VI_2").trackInterfaces.get(0).weight());
        List<String> m = messages(c);
        assertTrue(m.contains("k.conf:9: error: interface takes one value, not 4: eth0 ; virtual_router_id 9 (quote a value with spaces)"), m.toString());
        assertTrue(m.contains("k.conf:15: error: unknown keyword 'auth_dummy#x' in vrrp_instance VI_2 (check its spelling against keepalived.conf(5))"),
                m.toString());
    }

    @Test
    void everyProblemOfABadFileIsReportedAtOnceWithItsLineAndAHint() throws IOException {
        KeepalivedConfig c = KeepalivedConfig.read(Path.of("src/test/resources/conf/bad.conf"), "node1");
        List<String> m = messages(c);
        String f = "src/test/resources/conf/bad.conf";
        List<String> all = List.of(
                f + ":3: error: vrrp_garp_master_delay 99999 is out of range (allowed 0..4294)",
                f + ":4: warning: enable_snmp_vrrp (SNMP) is not supported: ignored (failover4j-agent status --json and the metrics give the same facts)",
                f + ":8: warning: vrrp_script chk: interval must be greater than 0: set to 1, as keepalived does (write interval 1)",
                f + ":9: error: weight -300 is out of range (allowed -253..253)",
                f + ":10: error: unknown keyword 'falls' in vrrp_script chk (vrrp_script takes script, interval, timeout, weight, fall, rise, user, init_fail)",
                f + ":13: error: state master is not MASTER or BACKUP (upper case, as keepalived) (write state BACKUP or state MASTER)",
                f + ":15: error: virtual_router_id 256 is out of range (allowed 1..255)",
                f + ":16: error: priority 0 is out of range (allowed 1..255)",
                f + ":17: error: advert_int 0.001 is out of range (allowed 0.01..255 seconds)",
                f + ":12: error: auth_type AH is not supported (use auth_type PASS, or none)",
                f + ":22: error: a virtual address on another interface (dev eth1) is not supported (put it in a vrrp_instance on eth1 and join the two in a vrrp_sync_group)",
                f + ":23: warning: label on a virtual address is not supported: ignored (the address is added without it)",
                f + ":26: error: track_script chk_missing: no vrrp_script of that name (define vrrp_script chk_missing { ... } or remove the line)",
                f + ":29: error: track_interface eth1: weight 300 is out of range (allowed -254..254)",
                f + ":31: error: virtual_routes is not supported yet (add the routes from a notify_master script for now)",
                f + ":34: error: unknown keyword 'nopreempt_typo' in vrrp_instance VI_1 (check its spelling against keepalived.conf(5))",
                f + ":12: error: vrrp_instance VI_1 has no virtual_router_id (add: virtual_router_id 51 (1..255, the same on every node of the pair, unique on the LAN))",
                f + ":43: error: vrrp_instance VI_3 and VI_2 both use VRID 52 on eth0 (give each instance on an interface its own virtual_router_id)",
                f + ":50: warning: virtual_server (LVS/IPVS) is not supported by failover4j-agent: the block is ignored (keep keepalived's checker half (keepalived --check) for load balancing, or remove it)",
                f + ":54: error: vrrp_sync_group G1: no vrrp_instance VI_9 (check the name in group { })");
        for (String expected : all) {
            assertTrue(m.contains(expected), "missing: " + expected + "\nall:\n" + String.join("\n", m));
        }
        assertEquals(all.size(), m.size(), "every problem is one of these, each once:\n" + String.join("\n", m));
        assertTrue(c.hasErrors());
    }

    @Test
    void includesGlobRelativeToTheIncludingFileAndConditionalLinesFollowTheConfigId(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("keepalived.conf"), """
                include conf.d/*.conf
                include missing/*.conf
                """);
        Files.writeString(dir.resolve("conf.d/b.conf"), """
                vrrp_instance VI_B {
                  interface eth0
                  virtual_router_id 2
                  @node1 priority 101
                  @^node1 priority 100
                  virtual_ipaddress {
                    10.0.0.2/24
                  }
                }
                """);
        Files.writeString(dir.resolve("conf.d/a.conf"), """
                vrrp_instance VI_A {
                  interface eth0
                  virtual_router_id 1
                  virtual_ipaddress {
                    10.0.0.1/24
                  }
                }
                """);
        KeepalivedConfig n1 = KeepalivedConfig.read(dir.resolve("keepalived.conf"), "node1");
        KeepalivedConfig n2 = KeepalivedConfig.read(dir.resolve("keepalived.conf"), "node2");
        assertEquals(List.of("VI_A", "VI_B"), List.copyOf(n1.instances.keySet()), "in name order");
        assertEquals(101, n1.instances.get("VI_B").priority);
        assertEquals(100, n2.instances.get("VI_B").priority);
        assertEquals(1, n1.problems().size(), messages(n1).toString());
        assertTrue(messages(n1).get(0).endsWith(":2: warning: include missing/*.conf matches no file"), messages(n1).toString());
        assertEquals(dir.resolve("conf.d/b.conf").toString(), n1.instances.get("VI_B").where.file(), "problems name the included file");
    }

    @Test
    void excludedAddressesAndNotifyScriptsWithARunAsUser() {
        KeepalivedConfig c = parse("""
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  virtual_ipaddress {
                    10.0.0.100/24
                  }
                  virtual_ipaddress_excluded {
                    10.0.0.101/24
                    fd00::1/64
                  }
                  notify_master "/usr/local/bin/became master" www-data adm
                  notify /usr/local/bin/all
                }
                """);
        KeepalivedConfig.Instance i = c.instances.get("VI_1");
        assertEquals(new KeepalivedConfig.NotifyScript("/usr/local/bin/became master", "www-data adm"), i.notify.get("notify_master"));
        assertEquals(new KeepalivedConfig.NotifyScript("/usr/local/bin/all", null), i.notify.get("notify"));
        assertEquals(List.of("k.conf:9: error: virtual_ipaddress_excluded fd00::1/64 is of the other family: not supported"
                + " (put it in a vrrp_instance of its family and join the two in a vrrp_sync_group)"), messages(c));
    }

    @Test
    void aTrackersWeightOf254IsSetTo253WithAWarningAsKeepalivedDoes() {
        KeepalivedConfig c = parse("""
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  virtual_ipaddress {
                    10.0.0.100
                  }
                  track_interface {
                    eth1 weight -254
                  }
                }
                track_file f {
                  file /run/f
                  weight 254
                }
                """);
        assertEquals(-253, c.instances.get("VI_1").trackInterfaces.get(0).weight());
        assertEquals(List.of("k.conf:8: warning: track_interface eth1: weight -254 cannot be ±254: -253 is used, as keepalived does"
                + " (write a weight in -253..253)", "k.conf:13: warning: track_file f: weight 254 cannot be ±254: 253 is used, as"
                + " keepalived does (write a weight in -253..253)"), messages(c));
    }

    @Test
    void unbalancedBracesAreNamed() {
        KeepalivedConfig c = parse("""
                vrrp_instance VI_1 {
                  interface eth0
                }
                }
                vrrp_instance VI_2 {
                  interface eth0
                """);
        List<String> m = messages(c);
        assertTrue(m.contains("k.conf:4: error: a } closes no block (remove it, or open the block it should close)"), m.toString());
        assertTrue(m.contains("k.conf:5: error: the block of vrrp_instance is not closed (add the } that ends it)"), m.toString());
        assertFalse(c.instances.isEmpty());
    }
}
