package dev.failover4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.HaState;
import dev.failover4j.testkit.SimulatedLan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

/**
 * A web application with the actuator, on the simulated LAN: health, info, the failover4j endpoint
 * (read, demote, priority), Prometheus meters, and the lifecycle order around the web server.
 */
class WebApplicationTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Records the order of the web server's start and the groups' transitions, and what a client saw at close. */
    static final class Order {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile int port;

        @EventListener
        void web(WebServerInitializedEvent e) {
            port = e.getWebServer().getPort();
            events.add("web server started");
        }

        @EventListener
        void failover(FailoverStateChangedEvent e) {
            events.add(e.to().name());
            if (e.to() == HaState.INITIALIZE) {
                // closing: the web server must still answer while the addresses are handed over
                events.add("info during close: " + get(port, "/actuator/info").statusCode());
            }
        }
    }

    @SpringBootApplication
    @Import(SimLanNode.class)
    static class App {
        @Bean
        Order order() {
            return new Order();
        }
    }

    final SimulatedLan lan = new SimulatedLan(31).latency(Duration.ofMillis(1));
    ConfigurableApplicationContext app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    static HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build());
    }

    static HttpResponse<String> post(int port, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static HttpResponse<String> send(HttpRequest r) {
        try {
            return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(r.uri() + ": " + e, e);
        }
    }

    void advance(Duration d) throws InterruptedException {
        lan.clock().advance(d);
        Thread.sleep(50); // listener deliveries run on real threads
    }

    @Test
    void healthInfoEndpointAndMetricsOverHttpAndTheGroupStartsAfterTheWebServer() throws Exception {
        SimLanNode.register("web", lan);
        app = new SpringApplicationBuilder(App.class).properties("test.lan=web", "test.node=a", "test.address=10.0.0.1",
                "server.port=0", "spring.main.banner-mode=off",
                "management.endpoints.web.exposure.include=health,info,failover4j,prometheus",
                "management.endpoint.health.show-details=always", "management.info.env.enabled=false",
                "failover4j.interface-name=eth0", "failover4j.vrid=51", "failover4j.virtual-addresses=10.0.0.100/24",
                "failover4j.auth-password=s3cret").run();
        Order order = app.getBean(Order.class);
        int port = order.port;
        advance(Duration.ofSeconds(5));
        assertEquals(List.of("web server started", "BACKUP", "MASTER"), order.events,
                "the group starts once the web server serves");

        HttpResponse<String> health = get(port, "/actuator/health");
        assertEquals(200, health.statusCode(), health.body());
        JsonNode f4j = JSON.readTree(health.body()).path("components").path("failover4j");
        assertEquals("UP", f4j.path("status").asText(), health.body());
        assertEquals("MASTER", f4j.path("details").path("default").path("state").asText(), health.body());
        assertEquals("10.0.0.100/24", f4j.path("details").path("default").path("virtualAddresses").path(0).asText());

        HttpResponse<String> info = get(port, "/actuator/info");
        assertEquals(51, JSON.readTree(info.body()).path("failover4j").path("groups").path("default").path("vrid").asInt(),
                info.body());

        HttpResponse<String> status = get(port, "/actuator/failover4j");
        assertEquals(200, status.statusCode());
        JsonNode st = JSON.readTree(status.body()).path("default");
        assertEquals("MASTER", st.path("state").asText(), status.body());
        assertTrue(st.path("counters").path("ADVERTS_SENT").asLong() > 0, status.body());
        assertEquals("BACKUP", st.path("history").path(0).path("to").asText(), status.body());
        assertEquals(404, get(port, "/actuator/failover4j/nope").statusCode());
        for (String page : List.of(health.body(), info.body(), status.body())) {
            assertTrue(!page.contains("s3cret"), "no page shows the password: " + page);
        }

        HttpResponse<String> badPriority = post(port, "/actuator/failover4j/default/priority", "{\"priority\":300}");
        assertEquals(400, badPriority.statusCode(), badPriority.body());
        HttpResponse<String> priority = post(port, "/actuator/failover4j/default/priority", "{\"priority\":120}");
        assertEquals(200, priority.statusCode(), priority.body());
        advance(Duration.ofSeconds(1));
        assertEquals(120, app.getBean(FailoverGroups.class).group().status().basePriority());

        HttpResponse<String> prometheus = get(port, "/actuator/prometheus");
        assertTrue(prometheus.body().contains("failover4j_state{group=\"default\",interface=\"eth0\",state=\"MASTER\",vrid=\"51\"} 1.0"),
                prometheus.body());
        assertTrue(prometheus.body().contains("failover4j_priority{group=\"default\",interface=\"eth0\",vrid=\"51\"} 120.0"),
                prometheus.body());

        HttpResponse<String> demote = post(port, "/actuator/failover4j/default/demote", "{}");
        assertEquals(200, demote.statusCode(), demote.body());
        advance(Duration.ofMillis(100));
        assertEquals(HaState.BACKUP, app.getBean(FailoverGroups.class).group().state(), "demoted: alone, it waits Master_Down_Interval");

        app.close();
        app = null;
        assertEquals("info during close: 200", order.events.get(order.events.size() - 1), order.events.toString());
    }
}
