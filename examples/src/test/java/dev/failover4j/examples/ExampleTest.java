package dev.failover4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.HaGroup;
import dev.failover4j.testkit.SimulatedLan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** The Jetty node's command line and pages, with a real group on the simulated LAN. */
class ExampleTest {

    @Test
    void badValuesAreRejectedWithTheOptionNamed() {
        assertEquals("--vrid 300 is out of range (1..255)", assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--node-name", "a", "--vrid", "300"})).problems().get(0));
        assertEquals("--advert-int '1.5s' is not a duration (e.g. 100ms, 1s, 2m)", assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--node-name", "a", "--advert-int", "1.5s"})).problems().get(0));
        assertEquals("--vip is required (e.g. --vip 10.0.0.100/24)", assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--node-name", "a", "--vrid", "5"})).problems().get(0));
        assertEquals("unknown option --vipp", assertThrows(Options.UsageException.class,
                () -> Options.parse(new String[] {"--vipp", "x"})).problems().get(0));
    }

    @Test
    void everyProblemOfACommandLineIsReportedAtOnce() {
        Options.UsageException e = assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {
                "--vrid", "300", "--advert-int", "1.5s", "--vipp", "x", "--priority"}));
        assertEquals(java.util.List.of("--vrid 300 is out of range (1..255)",
                "--advert-int '1.5s' is not a duration (e.g. 100ms, 1s, 2m)", "unknown option --vipp",
                "--priority needs a value", "--node-name is required", "--vip is required (e.g. --vip 10.0.0.100/24)"),
                e.problems());
    }

    @Test
    void theDocumentedOptionsParse() throws Exception {
        Options o = Options.parse(new String[] {"--node-name", "ha1", "--interface", "eth1", "--vrid", "51",
                "--priority", "101", "--vip", "10.0.0.100/24", "--vip", "10.0.0.101/24", "--advert-int", "100ms",
                "--vrrp-version", "3", "--unicast-src", "10.0.0.1", "--unicast-peer", "10.0.0.2", "--no-preempt",
                "--http-port", "9090", "--health-url", "http://127.0.0.1:9090/healthz", "--health-interval", "2s",
                "--health-fall", "3", "--health-rise", "4", "--health-weight", "-20"});
        assertEquals(Duration.ofMillis(100), o.advertInterval);
        assertEquals(2, o.vips.size());
        assertEquals(-20, o.healthWeight);
        assertEquals(false, o.preempt);
        HaGroup g = JettyNode.group(o);
        assertEquals(51, g.config().vrid());
        assertEquals("http", g.config().healthChecks().get(0).name());
        assertEquals(3, g.config().healthChecks().get(0).fall());
    }

    @Test
    void thePagesShowTheGroupAsJsonAndHtml() throws Exception {
        SimulatedLan lan = new SimulatedLan(11);
        HaGroup g = lan.node("ha1", "10.0.0.1").configure(HaGroup.builder()).vrid(51).priority(101)
                .virtualAddress("10.0.0.100/24").build();
        g.start();
        lan.clock().advance(Duration.ofSeconds(5));
        Server server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        server.setHandler(JettyNode.handlers("ha1", g, java.util.Map.of()));
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + c.getLocalPort();
            assertEquals("Welcome to ha1\n", get(http, base + "/"));
            String json = get(http, base + "/ha.json");
            assertTrue(json.startsWith("{\"node\":\"ha1\",\"name\":\"vrid51\",\"state\":\"MASTER\",\"activity\":\"Active\",\"configuredRole\":\"MASTER\""), json);
            assertTrue(json.contains("\"virtualAddresses\":[\"10.0.0.100/24\"]"), json);
            assertTrue(json.contains("\"from\":\"BACKUP\",\"to\":\"MASTER\",\"cause\":\"MASTER_DOWN\""), json);
            assertTrue(json.contains("\"counters\":{\"advertsSent\":"), json);
            String html = get(http, base + "/ha/");
            assertTrue(html.contains("<script src=\"console.js\" defer></script>"), "the console's page: " + html);
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
            assertTrue(get(browser, base + "/ha/api/session").contains("\"role\":\"admin\""), "a loopback client without users");
            String status = get(browser, base + "/ha/api/status");
            assertTrue(status.contains("\"name\":\"vrid51\",\"state\":\"MASTER\"") && status.contains("10.0.0.100/24"), status);
        } finally {
            server.stop();
        }
    }

    static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

}
