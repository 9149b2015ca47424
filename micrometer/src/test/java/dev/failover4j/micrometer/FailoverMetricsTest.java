package dev.failover4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.Counter;
import dev.failover4j.HaGroup;
import dev.failover4j.HaState;
import dev.failover4j.HealthCheckSpec;
import dev.failover4j.testkit.SimulatedLan;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The meters as an operator reads them: the Prometheus text of two groups on the testkit's simulated
 * LAN, through an election, a rejected advert, a health check that fails, and a takeover after the
 * master's death.
 */
class FailoverMetricsTest {

    /** The value of the one Prometheus sample {@code name{labels}}, with labels in Prometheus' order. */
    static double sample(String scrape, String nameAndLabels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(nameAndLabels) + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), "no sample " + nameAndLabels + " in:\n" + scrape);
        return Double.parseDouble(m.group(1));
    }

    /** {@code name} with labels {@code k=v...}, sorted as Prometheus prints them. */
    static String at(String name, String... labels) {
        java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
        for (String l : labels) {
            int eq = l.indexOf('=');
            m.put(l.substring(0, eq), l.substring(eq + 1));
        }
        StringBuilder b = new StringBuilder(name).append('{');
        m.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
        b.setLength(b.length() - 1);
        return b.append('}').toString();
    }

    static final String[] WEB = {"group=web", "interface=eth0", "vrid=51"};

    static String[] web(String... more) {
        String[] all = java.util.Arrays.copyOf(WEB, WEB.length + more.length);
        System.arraycopy(more, 0, all, WEB.length, more.length);
        return all;
    }

    @Test
    void prometheusShowsStateTransitionsAdvertsRejectionsHealthAndTheTakeover() throws Exception {
        SimulatedLan lan = new SimulatedLan(11).latency(Duration.ZERO);
        SimulatedLan.Node a = lan.node("a", "10.0.0.1");
        SimulatedLan.Node b = lan.node("b", "10.0.0.2");
        SimulatedLan.Node stranger = lan.node("c", "10.0.0.3");
        AtomicInteger runs = new AtomicInteger();
        HaGroup ga = a.configure(HaGroup.builder()).vrid(51).priority(150).vrrpVersion(3)
                .advertInterval(Duration.ofMillis(100)).virtualAddress("10.0.0.100/24").build();
        HaGroup gb = b.configure(HaGroup.builder()).vrid(51).priority(100).vrrpVersion(3)
                .advertInterval(Duration.ofMillis(100)).virtualAddress("10.0.0.100/24")
                .healthCheck(HealthCheckSpec.builder("web", t -> runs.incrementAndGet() != 2).interval(Duration.ofSeconds(1))
                        .weight(-10).build())
                .build();
        // VRRPv2 with the same VRID: b drops its adverts as VERSION_MISMATCH
        HaGroup gc = stranger.configure(HaGroup.builder()).vrid(51).priority(50).vrrpVersion(2)
                .virtualAddress("10.0.0.100/24").build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FailoverMetrics metrics = new FailoverMetrics(gb, Tags.of("group", "web"));
        metrics.bindTo(registry);

        ga.start();
        lan.clock().advance(Duration.ofSeconds(1));
        gb.start();
        gc.start();
        // gc hears only adverts it drops (v3): it becomes master after 3.8 s and sends one advert a second
        lan.clock().advance(Duration.ofSeconds(7));
        assertTrue(ga.isMaster());
        String s = registry.scrape();
        assertEquals(1.0, sample(s, at("failover4j_state", web("state=BACKUP"))));
        assertEquals(0.0, sample(s, at("failover4j_state", web("state=MASTER"))));
        assertEquals(100.0, sample(s, at("failover4j_priority", WEB)));
        assertEquals(1.0, sample(s, at("failover4j_transitions_total", web("from=INITIALIZE", "to=BACKUP", "cause=STARTED"))));
        double received = sample(s, at("failover4j_adverts_received_total", WEB));
        assertTrue(received >= 65, "about 70 adverts from a in 7 s: " + received);
        assertEquals(0.0, sample(s, at("failover4j_adverts_sent_total", WEB)));
        assertTrue(sample(s, at("failover4j_adverts_rejected_total", web("reason=VERSION_MISMATCH"))) >= 3,
                "gc's v2 adverts (one a second)");
        assertEquals(0.0, sample(s, at("failover4j_adverts_rejected_total", web("reason=BAD_CHECKSUM"))),
                "every reason is there, at 0");
        assertTrue(sample(s, at("failover4j_health_checks_total", web("check=web", "result=success"))) >= 6, "a run a second");
        assertEquals(1.0, sample(s, at("failover4j_health_checks_total", web("check=web", "result=failure"))));
        assertEquals(1.0, sample(s, at("failover4j_health_healthy", web("check=web"))), "fall 3: one failure is not a fault");
        assertEquals(0.0, sample(s, at("failover4j_takeover_seconds_count", web("cause=MASTER_DOWN"))));
        assertEquals(0.0, sample(s, at("failover4j_timer_lateness_seconds_count", WEB)),
                "a backup that hears its master runs no protocol timer: every advert re-arms Master_Down_Timer");
        assertTrue(s.contains("# HELP failover4j_adverts_sent_total " + Counter.ADVERTS_SENT.description()),
                "descriptions come from the Counter");

        a.kill();
        lan.clock().advance(Duration.ofSeconds(2));
        assertEquals(HaState.MASTER, gb.state());
        s = registry.scrape();
        assertEquals(1.0, sample(s, at("failover4j_state", web("state=MASTER"))));
        assertEquals(1.0, sample(s, at("failover4j_transitions_total", web("from=BACKUP", "to=MASTER", "cause=MASTER_DOWN"))));
        assertEquals(1.0, sample(s, at("failover4j_became_master_total", WEB)));
        assertEquals(1.0, sample(s, at("failover4j_takeover_seconds_count", web("cause=MASTER_DOWN"))));
        double took = sample(s, at("failover4j_takeover_seconds_sum", web("cause=MASTER_DOWN")));
        assertTrue(took >= 0.36 && took < 0.38, "3 x 100 ms + Skew_Time 60.9 ms (and a settle of a few ms): " + took);
        assertTrue(sample(s, at("failover4j_adverts_sent_total", WEB)) > 5);
        assertTrue(sample(s, at("failover4j_timer_lateness_seconds_count", WEB)) > 5, "master-down, then an advert timer every 100 ms");
        assertEquals(0.0, sample(s, at("failover4j_timer_lateness_seconds_max", WEB)), "the virtual clock is never late");
        assertEquals(0.0, sample(s, at("failover4j_bind_failures_total", WEB)));

        metrics.close();
        assertFalse(registry.scrape().contains("failover4j_"), "close() removes the meters");
        ga.close();
        gb.close();
        gc.close();
    }

    @Test
    void aBindFailureIsCountedAndABinderBindsOnce() throws Exception {
        SimulatedLan lan = new SimulatedLan(12);
        SimulatedLan.Node a = lan.node("a", "10.0.0.1");
        HaGroup g = a.configure(HaGroup.builder()).vrid(7).virtualAddress("10.0.0.100/24").build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FailoverMetrics metrics = new FailoverMetrics(g);
        metrics.bindTo(registry);
        assertThrows(IllegalStateException.class, () -> metrics.bindTo(registry));
        a.failBinds(true);
        g.start();
        lan.clock().advance(Duration.ofSeconds(6));
        String s = registry.scrape();
        assertNotNull(s);
        assertEquals(1.0, sample(s, at("failover4j_state", "interface=eth0", "state=FAULT", "vrid=7")), s);
        assertTrue(sample(s, at("failover4j_bind_failures_total", "interface=eth0", "vrid=7")) >= 1);
        metrics.close();
        g.close();
    }

    @Test
    void counterNamesFollowMicrometersDottedConvention() {
        assertEquals("failover4j.adverts.sent", FailoverMetrics.meterName(Counter.ADVERTS_SENT));
        assertEquals("failover4j.late.wakeups", FailoverMetrics.meterName(Counter.LATE_WAKEUPS));
    }
}
