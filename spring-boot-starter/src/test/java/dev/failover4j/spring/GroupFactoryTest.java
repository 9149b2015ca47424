package dev.failover4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.HaConfig;
import dev.failover4j.HaGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Properties as Spring binds them, turned into groups: named groups inherit the top level's values. */
class GroupFactoryTest {

    static Failover4jProperties bind(Map<String, String> props) {
        return new Binder(new MapConfigurationPropertySource(props)).bind("failover4j", Failover4jProperties.class)
                .get();
    }

    @Test
    void namedGroupsTakeTheTopLevelValuesTheyDoNotSetAndShareTheirSyncGroup() {
        Failover4jProperties p = bind(Map.ofEntries(
                Map.entry("failover4j.version", "3"),
                Map.entry("failover4j.advert-interval", "100ms"),
                Map.entry("failover4j.priority", "120"),
                Map.entry("failover4j.sync-group", "svc"),
                Map.entry("failover4j.groups.lan.interface-name", "eth0"),
                Map.entry("failover4j.groups.lan.vrid", "51"),
                Map.entry("failover4j.groups.lan.virtual-addresses", "10.0.0.100/24,10.0.0.101/24"),
                Map.entry("failover4j.groups.lan.track-interfaces.eth2", "-30"),
                Map.entry("failover4j.groups.lan.garp-master-refresh", "30s"),
                Map.entry("failover4j.groups.v6.interface-name", "eth1"),
                Map.entry("failover4j.groups.v6.vrid", "52"),
                Map.entry("failover4j.groups.v6.priority", "90"),
                Map.entry("failover4j.groups.v6.virtual-addresses", "fd00::100/64"),
                Map.entry("failover4j.groups.v6.preempt", "false"),
                Map.entry("failover4j.groups.v6.track-files[0].path", "/run/knob"),
                Map.entry("failover4j.groups.v6.track-files[0].weight", "-50")));
        Map<String, HaGroup> groups = GroupFactory.build(p, List.of(), List.of());
        assertEquals(java.util.Set.of("lan", "v6"), groups.keySet());
        HaConfig lan = groups.get("lan").config();
        HaConfig v6 = groups.get("v6").config();
        assertEquals(3, lan.version().number());
        assertEquals(Duration.ofMillis(100), lan.advertInterval());
        assertEquals(120, lan.priority(), "inherited");
        assertEquals(2, lan.virtualAddresses().size());
        assertEquals(-30, lan.trackedInterfaces().get(0).weight());
        assertEquals(Duration.ofSeconds(30), lan.garpMasterRefresh());
        assertEquals(1, lan.garpMasterRefreshRepeat(), "the default repeat with a period");
        assertEquals(90, v6.priority(), "its own");
        assertEquals(Duration.ofMillis(100), v6.advertInterval(), "inherited");
        assertFalse(v6.preempt());
        assertTrue(lan.preempt());
        assertEquals(-50, v6.trackedFiles().get(0).weight());
        assertEquals("svc", lan.syncGroup());
        assertEquals("svc", v6.syncGroup());
        groups.values().forEach(HaGroup::close);
    }

    @Test
    void theTopLevelIsTheOnlyGroupWhenNoneIsNamed() {
        Map<String, HaGroup> groups = GroupFactory.build(bind(Map.of("failover4j.interface-name", "eth0",
                "failover4j.vrid", "51", "failover4j.virtual-addresses", "10.0.0.100/24")), List.of(), List.of());
        assertEquals(List.of(FailoverGroups.DEFAULT_GROUP), List.copyOf(groups.keySet()));
        HaConfig c = groups.get(FailoverGroups.DEFAULT_GROUP).config();
        assertEquals(100, c.priority(), "keepalived's default");
        assertEquals(2, c.version().number());
        groups.values().forEach(HaGroup::close);
    }

    @Test
    void aBuilderSettingBecomesItsPropertyName() {
        assertEquals("interface-name: required (e.g. eth0)", GroupFactory.property("interfaceName: required (e.g. eth0)"));
        assertEquals("virtual-addresses: '10.0.0.300/24' is not", GroupFactory.property("virtualAddress: '10.0.0.300/24' is not"));
        assertEquals("garp-master-delay: x", GroupFactory.property("garpMasterDelay: x"));
        assertEquals("version: x", GroupFactory.property("vrrpVersion: x"));
    }
}
