package dev.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.failover4j.testkit.SimulatedLan;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Built-in checks on loopback, and fall/rise/timeout on the virtual clock. */
class HealthCheckTest {

    static final Duration T = Duration.ofSeconds(2);

    @Test
    void tcpIsHealthyWhileSomethingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
            assertTrue(HealthCheck.tcp("127.0.0.1", port).check(T));
        }
        HealthCheck closed = HealthCheck.tcp("127.0.0.1", port);
        assertThrows(java.io.IOException.class, () -> closed.check(T));
    }

    @Test
    void httpIsHealthyOn2xxOnly() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", x -> { x.sendResponseHeaders(200, -1); x.close(); });
        server.createContext("/bad", x -> { x.sendResponseHeaders(503, -1); x.close(); });
        server.start();
        try {
            int port = server.getAddress().getPort();
            assertTrue(HealthCheck.http(URI.create("http://127.0.0.1:" + port + "/ok")).check(T));
            assertFalse(HealthCheck.http(URI.create("http://127.0.0.1:" + port + "/bad")).check(T));
        } finally {
            server.stop(0);
        }
        assertThrows(IllegalArgumentException.class, () -> HealthCheck.http(URI.create("ftp://x/")));
    }

    @Test
    void commandIsHealthyOnExitZeroAndKilledAtTheTimeout() throws Exception {
        assertTrue(HealthCheck.command("true").check(T));
        assertFalse(HealthCheck.command("false").check(T));
        long start = System.nanoTime();
        assertFalse(HealthCheck.command("sleep", "30").check(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "the hung command was killed");
    }

    @Test
    void fallAndRiseCountConsecutiveResults() {
        SimulatedLan lan = new SimulatedLan(3);
        AtomicInteger failFrom = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger runs = new AtomicInteger();
        HaGroup g = lan.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51).virtualAddress("10.0.0.100/24")
                .healthCheck(HealthCheckSpec.builder("db", t -> runs.incrementAndGet() < failFrom.get())
                        .interval(Duration.ofSeconds(1)).fall(3).rise(2).build())
                .build();
        g.start();
        lan.clock().advance(Duration.ofSeconds(2));
        failFrom.set(runs.get() + 1);
        lan.clock().advance(Duration.ofSeconds(2)); // two failures: fall is 3
        assertTrue(g.status().health().get(0).healthy());
        assertEquals(2, g.status().health().get(0).consecutive());
        lan.clock().advance(Duration.ofSeconds(1)); // third
        assertFalse(g.status().health().get(0).healthy());
        assertEquals(HaState.FAULT, g.state());
        failFrom.set(Integer.MAX_VALUE);
        lan.clock().advance(Duration.ofSeconds(1));
        assertEquals(HaState.FAULT, g.state(), "rise is 2");
        lan.clock().advance(Duration.ofSeconds(1));
        assertEquals(HaState.BACKUP, g.state());
    }

    @Test
    void theFirstResultDecidesAtOnceAsKeepalivedsAndInitiallyFailingWaitsForRise() {
        // keepalived (vrrp_init_script): a script's first failure fails it whatever fall says...
        SimulatedLan lan = new SimulatedLan(6);
        HaGroup down = lan.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51).priority(101).virtualAddress("10.0.0.100/24")
                .healthCheck(HealthCheckSpec.builder("nginx", t -> false).fall(2).weight(-5).build()).build();
        down.start();
        assertFalse(down.status().health().get(0).healthy(), "one failure at start is failing, though fall is 2");
        assertEquals(96, down.status().effectivePriority(), "so the node never starts at 101 with its service down");
        // ...and init_fail starts it failing until rise runs in a row succeed.
        AtomicInteger runs = new AtomicInteger();
        HaGroup warming = lan.node("b", "10.0.0.2").configure(HaGroup.builder()).vrid(52).priority(100).virtualAddress("10.0.0.101/24")
                .healthCheck(HealthCheckSpec.builder("warm", t -> runs.incrementAndGet() > 0).rise(3).weight(-10)
                        .initiallyFailing(true).build()).build();
        warming.start();
        assertEquals(90, warming.status().effectivePriority(), "failing from the start");
        lan.clock().advance(Duration.ofSeconds(1));
        assertEquals(90, warming.status().effectivePriority(), "two successes: rise is 3");
        lan.clock().advance(Duration.ofSeconds(1));
        assertEquals(3, runs.get());
        assertEquals(100, warming.status().effectivePriority(), "the third success");
        down.close();
        warming.close();
    }

    @Test
    void aPositiveWeightCountsFromTheFirstHealthyResult() {
        SimulatedLan lan = new SimulatedLan(5);
        HaGroup g = lan.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51).priority(100)
                .virtualAddress("10.0.0.100/24")
                .healthCheck(HealthCheckSpec.builder("cache-warm", t -> true).weight(50).build())
                .build();
        g.start();
        assertEquals(150, g.status().effectivePriority());
    }

    @Test
    void aCheckThatNeverAnswersFailsAtItsTimeout() {
        SimulatedLan lan = new SimulatedLan(4);
        HaGroup g = lan.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51).virtualAddress("10.0.0.100/24")
                .healthCheck(HealthCheckSpec.builder("hung", t -> true).interval(Duration.ofSeconds(2))
                        .timeout(Duration.ofMillis(500)).build())
                .healthCheckExecutor(task -> { }) // the check is submitted and never runs: hung
                .build();
        g.start();
        lan.clock().advance(Duration.ofMillis(499));
        assertEquals(HaState.INITIALIZE, g.state(), "the election waits for every check's first result");
        lan.clock().advance(Duration.ofMillis(1));
        assertEquals(HaState.FAULT, g.state());
        assertEquals("timed out after 500 ms", g.status().health().get(0).lastDetail());
    }
}
