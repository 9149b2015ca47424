package dev.failover4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Bad properties stop the application with every problem named by its property, as a failure analysis. */
class ConfigurationFailureTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Failover4jAutoConfiguration.class));

    static Failover4jConfigurationException configFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Failover4jConfigurationException e) {
                return e;
            }
        }
        throw new AssertionError("no Failover4jConfigurationException in", t);
    }

    @Test
    void everyBadPropertyIsReportedAtOnceByItsName() {
        runner.withPropertyValues("failover4j.interface-name=eth 0", "failover4j.vrid=0", "failover4j.priority=300",
                "failover4j.virtual-addresses=10.0.0.300/24", "failover4j.version=3", "failover4j.advert-interval=5ms",
                "failover4j.unicast-peers=224.0.0.1").run(ctx -> {
                    assertNotNull(ctx.getStartupFailure());
                    Failover4jConfigurationException e = configFailure(ctx.getStartupFailure());
                    String all = String.join("\n", e.problems());
                    assertTrue(all.contains("failover4j.interface-name: 'eth 0'"), all);
                    assertTrue(all.contains("failover4j.vrid: 0 is out of range (allowed 1..255)"), all);
                    assertTrue(all.contains("failover4j.priority: 300 is out of range"), all);
                    assertTrue(all.contains("failover4j.virtual-addresses: '10.0.0.300/24'"), all);
                    assertTrue(all.contains("failover4j.advert-interval: PT0.005S is not allowed in VRRPv3"), all);
                    assertTrue(all.contains("failover4j.unicast-peers: 224.0.0.1 is a multicast address"), all);
                    assertEquals(6, e.problems().size(), all);

                    FailureAnalysis a = new Failover4jFailureAnalyzer().analyze(ctx.getStartupFailure());
                    assertNotNull(a, "the analyzer recognises the failure under Spring's wrappers");
                    assertTrue(a.getDescription().startsWith("The failover4j configuration has 6 problems:"), a.getDescription());
                    assertTrue(a.getDescription().contains("    failover4j.vrid: 0 is out of range"), a.getDescription());
                    assertTrue(a.getAction().contains("Fix the properties named above"), a.getAction());
                    assertFalse(a.getDescription().contains("at dev.failover4j"), "no stack trace");
                });
    }

    @Test
    void requiredPropertiesAndNamedGroupsAreNamedWithTheirPrefix() {
        runner.withPropertyValues("failover4j.advert-interval=2s",
                "failover4j.groups.lan.interface-name=eth0", "failover4j.groups.lan.vrid=51",
                "failover4j.groups.lan.virtual-addresses=10.0.0.100/24",
                "failover4j.groups.wan.interface-name=eth0", "failover4j.groups.wan.vrid=51",
                "failover4j.groups.wan.virtual-addresses=10.0.0.101/24",
                "failover4j.groups.v6.interface-name=eth1").run(ctx -> {
                    Failover4jConfigurationException e = configFailure(ctx.getStartupFailure());
                    assertEquals(List.of(
                            "failover4j.groups.v6.vrid: required (1..255)",
                            "failover4j.groups.v6.virtual-addresses: at least one is required (CIDR form, e.g. 192.168.0.100/24),"
                                    + " or electionOnly(false) for leader election without one",
                            "failover4j.groups.wan.vrid: 51 on eth0 is also group 'lan''s: give each group of a LAN its own VRID"),
                            e.problems());
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class BadRole {
        @Bean
        @MasterRole("nope")
        TwoApplicationsTest.Singleton job() {
            return new TwoApplicationsTest.Singleton();
        }
    }

    @Test
    void aRoleBeanNamingAnUnknownGroupStopsTheApplication() {
        runner.withUserConfiguration(BadRole.class).withPropertyValues("failover4j.interface-name=eth0", "failover4j.vrid=51",
                "failover4j.virtual-addresses=10.0.0.100/24").run(ctx -> {
                    Throwable t = ctx.getStartupFailure();
                    assertNotNull(t);
                    assertTrue(t.getMessage().contains("bean 'job': @MasterRole(\"nope\") names no group; the groups are [default]"),
                            t.getMessage());
                });
    }

    @Test
    void enabledFalseConfiguresNothing() {
        runner.withPropertyValues("failover4j.enabled=false", "failover4j.vrid=0").run(ctx -> {
            assertEquals(null, ctx.getStartupFailure());
            assertFalse(ctx.containsBean("failoverGroups"));
        });
    }

    @Test
    void theStartFailureAnalyzerExplainsAMissingNetworkProvider() {
        // No customizer and no failover4j-jna-net on this class path: start() says what is missing.
        runner.withPropertyValues("failover4j.interface-name=eth0", "failover4j.vrid=51",
                "failover4j.virtual-addresses=10.0.0.100/24").run(ctx -> {
                    Throwable failure = ctx.getStartupFailure();
                    assertNotNull(failure, "the application does not start without a network");
                    FailureAnalysis a = new FailoverStartFailureAnalyzer().analyze(failure);
                    assertNotNull(a, "a FailoverException under Spring's ApplicationContextException");
                    assertTrue(a.getDescription().startsWith("A failover4j group could not start: "), a.getDescription());
                    assertTrue(a.getAction().contains("failover4j-jna-net"), a.getAction());
                });
    }
}
