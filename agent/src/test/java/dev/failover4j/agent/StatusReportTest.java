package dev.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.HaGroup;
import dev.failover4j.HealthCheckSpec;
import dev.failover4j.agent.conf.KeepalivedConfig;
import dev.failover4j.testkit.SimulatedLan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code failover4j-agent status} and {@code status --json}: a pair on the testkit's simulated LAN. */
class StatusReportTest {

    @Test
    void theTableAndTheJsonSayWhatTheApplianceShowed() {
        SimulatedLan lan = new SimulatedLan(7).latency(Duration.ofMillis(1));
        KeepalivedConfig c = KeepalivedConfig.parse("k.conf", """
                vrrp_instance VI_1 {
                  state MASTER
                  interface eth0
                  virtual_router_id 51
                  priority 101
                  virtual_ipaddress {
                    10.0.0.100/24
                  }
                }
                vrrp_instance VI_2 {
                  interface eth0
                  virtual_router_id 52
                  priority 100
                  virtual_ipaddress {
                    10.0.0.200/24
                  }
                }
                """, "n1");
        Map<String, Agent.Running> running = new LinkedHashMap<>();
        HaGroup one = lan.node("n1", "10.0.0.1").configure(HaGroup.builder()).vrid(51).priority(101).virtualAddress("10.0.0.100/24")
                .healthCheck(HealthCheckSpec.builder("chk_nginx", t -> false).fall(1).weight(-5).build()).build();
        HaGroup two = lan.node("n2", "10.0.0.2").configure(HaGroup.builder()).vrid(52).priority(100).virtualAddress("10.0.0.200/24").build();
        one.start();
        two.start();
        lan.clock().advance(Duration.ofSeconds(6));
        running.put("VI_1", new Agent.Running(one, c.instances.get("VI_1"), null));
        running.put("VI_2", new Agent.Running(two, c.instances.get("VI_2"), null));

        String text = StatusReport.text(running);
        String[] lines = text.split("\n");
        assertEquals("INSTANCE  VIRTUAL IP     HEALTH CHECKS      ROLE    STATE   PRIORITY  MASTER", lines[0]);
        assertEquals("VI_1      10.0.0.100/24  chk_nginx FAILING  MASTER  MASTER  96 (101)  10.0.0.1", lines[1]);
        assertEquals("VI_2      10.0.0.200/24  -                  BACKUP  MASTER  100       10.0.0.2", lines[2]);
        assertTrue(text.contains("VI_1: last transitions\n") && text.contains("BACKUP -> MASTER  MASTER_DOWN: "), text);

        String json = StatusReport.json(running);
        assertTrue(json.startsWith("{\"instances\":[{\"name\":\"VI_1\",\"interface\":\"eth0\",\"vrid\":51,"
                + "\"virtualAddresses\":[\"10.0.0.100/24\"],\"role\":\"MASTER\",\"state\":\"MASTER\",\"priority\":96,"
                + "\"basePriority\":101,\"master\":\"10.0.0.1\",\"epoch\":1,\"healthChecks\":[{\"name\":\"chk_nginx\",\"healthy\":false}],"
                + "\"transitions\":[{\"from\":\"INITIALIZE\",\"to\":\"BACKUP\""), json);
        assertTrue(json.contains("{\"name\":\"VI_2\""), json);
        assertEquals("\"a \\\"quoted\\\" \\\\ name\\n\"", StatusReport.str("a \"quoted\" \\ name\n"));
        one.close();
        two.close();
    }
}
