package dev.failover4j.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.HaGroup;
import dev.failover4j.HaState;
import dev.failover4j.testkit.SimulatedLan;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console over HTTP on loopback, with groups on the simulated LAN: sessions, CSRF, roles, login
 * limits, bad input, the configuration page's validation and secrets, live events and /metrics.
 */
class ConsoleTest {

    static final String ADMIN_PASSWORD = "correct horse";
    static final String VIEWER_PASSWORD = "battery staple";
    static final Map<String, ConsoleUser> USERS = Map.of(
            "admin", new ConsoleUser("admin", ConsoleUser.Role.ADMIN, PasswordHash.hash(ADMIN_PASSWORD.toCharArray())),
            "viewer", new ConsoleUser("viewer", ConsoleUser.Role.VIEWER, PasswordHash.hash(VIEWER_PASSWORD.toCharArray())));

    final SimulatedLan lan = new SimulatedLan(3).latency(Duration.ZERO);
    HaGroup a;
    HaGroup b;
    Server server;
    Console console;
    String base;
    final FakeConfig config = new FakeConfig();

    /** A configuration file in memory: "bad" on a line is an error at that line. */
    static final class FakeConfig implements ConsoleBackend.ConfigStore {
        String text = "vrrp_instance VI_1 {\n  auth_pass 1111\n  priority 101\n}\n";
        final List<String> previous = new ArrayList<>();

        @Override
        public String path() {
            return "/etc/keepalived/keepalived.conf";
        }

        @Override
        public String read() {
            return text;
        }

        @Override
        public List<ConsoleBackend.Problem> validate(String t) {
            List<ConsoleBackend.Problem> out = new ArrayList<>();
            String[] lines = t.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains("bad")) {
                    out.add(new ConsoleBackend.Problem(i + 1, true, "unknown keyword 'bad'"));
                }
            }
            return out;
        }

        @Override
        public String save(String t) {
            previous.add(text);
            text = t;
            return path() + ".previous";
        }

        @Override
        public Map<String, String> templates() {
            return Map.of("master", "vrrp_instance VI_1 {\n  auth_pass 2222\n}\n");
        }
    }

    void start(Map<String, ConsoleUser> users) throws Exception {
        a = lan.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51).priority(150).virtualAddress("10.0.0.100/24").build();
        b = lan.node("b", "10.0.0.2").configure(HaGroup.builder()).vrid(51).priority(100).virtualAddress("10.0.0.100/24").build();
        a.start();
        lan.clock().advance(Duration.ofSeconds(5));
        b.start();
        lan.clock().advance(Duration.ofSeconds(2));
        Map<String, HaGroup> groups = new LinkedHashMap<>();
        groups.put("VI_1", b);
        ConsoleBackend plain = ConsoleBackend.of("node-b", groups);
        ConsoleBackend backend = new ConsoleBackend() {
            @Override
            public String nodeName() {
                return plain.nodeName();
            }

            @Override
            public Map<String, HaGroup> groups() {
                return plain.groups();
            }

            @Override
            public ConfigStore config() {
                return config;
            }
        };
        console = new Console(backend, users);
        server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        server.setHandler(console);
        server.start();
        base = "http://127.0.0.1:" + c.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
        if (server != null) {
            server.stop();
        }
        if (a != null) {
            a.close();
            b.close();
        }
    }

    /** A browser: keeps the session cookie, sends the CSRF token it was given. */
    final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String csrf;

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, boolean withToken, String... kv) throws Exception {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < kv.length; i += 2) {
                body.append(i == 0 ? "" : "&").append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
            }
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            if (withToken && csrf != null) {
                r.header("X-CSRF-Token", csrf);
            }
            HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            String token = field(res.body(), "csrf");
            if (token != null) {
                csrf = token;
            }
            return res;
        }

        void session() throws Exception {
            csrf = field(get("/api/session").body(), "csrf");
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void withoutUsersALoopbackClientIsAnAdminButStillNeedsTheCsrfToken() throws Exception {
        start(Map.of());
        Browser br = new Browser();
        String page = br.get("/").body();
        assertTrue(page.contains("<script src=\"console.js\""), "the page, no inline script");
        br.session();
        assertTrue(br.csrf != null && br.csrf.length() >= 40, "a session with a CSRF token");
        assertTrue(br.get("/api/status").body().contains("\"state\":\"BACKUP\""));

        HttpResponse<String> forged = br.post("/api/action", false, "action", "priority", "group", "VI_1", "priority", "200");
        assertEquals(403, forged.statusCode(), forged.body());
        assertTrue(forged.body().contains("CSRF"), forged.body());
        assertEquals(100, b.status().basePriority(), "nothing changed");

        HttpResponse<String> ok = br.post("/api/action", true, "action", "priority", "group", "VI_1", "priority", "200");
        assertEquals(200, ok.statusCode(), ok.body());
        lan.clock().advance(Duration.ofSeconds(4));
        assertEquals(HaState.MASTER, b.state(), "priority 200 preempts a at 150");
    }

    @Test
    void usersLogInViewersCannotActAndBadInputIsA400WithoutAStackTrace() throws Exception {
        start(USERS);
        Browser anon = new Browser();
        assertEquals(401, anon.get("/api/status").statusCode());
        assertTrue(anon.get("/api/session").body().contains("\"authenticated\":false"));
        HttpResponse<String> wrong = anon.post("/api/login", false, "user", "admin", "password", "nope");
        assertEquals(401, wrong.statusCode());

        Browser viewer = new Browser();
        assertEquals(200, viewer.post("/api/login", false, "user", "viewer", "password", VIEWER_PASSWORD).statusCode());
        assertEquals(200, viewer.get("/api/status").statusCode());
        HttpResponse<String> refused = viewer.post("/api/action", true, "action", "demote", "group", "VI_1");
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("the viewer role sees status only"));
        assertEquals(403, viewer.get("/api/config").statusCode(), "no configuration for viewers");

        Browser admin = new Browser();
        assertEquals(200, admin.post("/api/login", false, "user", "admin", "password", ADMIN_PASSWORD).statusCode());
        for (String[] bad : new String[][] {{"action", "priority", "group", "VI_1", "priority", "abc"},
                {"action", "priority", "group", "VI_1", "priority", "300"}, {"action", "demote", "group", "nope"},
                {"action", "explode"}, {}}) {
            HttpResponse<String> r = admin.post("/api/action", true, bad);
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().startsWith("{\"ok\":false,\"error\":") || r.body().startsWith("{\"error\":"), r.body());
            assertFalse(r.body().contains("Exception") || r.body().contains("at dev."), "no stack trace: " + r.body());
        }
        HttpResponse<String> demote = admin.post("/api/action", true, "action", "demote", "group", "VI_1");
        assertEquals(200, demote.statusCode(), demote.body());

        String basic = "Basic " + Base64.getEncoder().encodeToString(("viewer:" + VIEWER_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).header("Authorization", basic)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("failover4j_state{instance=\"VI_1\",interface=\"eth0\",state=\"BACKUP\",vrid=\"51\"} 1.0"),
                metrics.body());
        HttpResponse<String> basicPost = http.send(HttpRequest.newBuilder(URI.create(base + "/api/action")).header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("action=demote&group=VI_1"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, basicPost.statusCode(), "HTTP Basic reads only");
    }

    @Test
    void failedLoginsAreLimitedPerClientAndUser() throws Exception {
        start(USERS);
        Browser br = new Browser();
        for (int i = 0; i < LoginLimiter.FREE; i++) {
            assertEquals(401, br.post("/api/login", false, "user", "admin", "password", "wrong" + i).statusCode());
        }
        HttpResponse<String> locked = br.post("/api/login", false, "user", "admin", "password", ADMIN_PASSWORD);
        assertEquals(400, locked.statusCode(), locked.body());
        assertTrue(locked.body().contains("too many failed logins: wait"), locked.body());
    }

    @Test
    void aBadConfigurationIsRefusedWithItsLinesAndSecretsNeverLeave() throws Exception {
        start(USERS);
        Browser admin = new Browser();
        admin.post("/api/login", false, "user", "admin", "password", ADMIN_PASSWORD);
        String shown = admin.get("/api/config").body();
        assertFalse(shown.contains("1111") || shown.contains("2222"), "no password on the page: " + shown);
        assertTrue(shown.contains("auth_pass \\u003csecret-1>"), shown);

        String edited = "vrrp_instance VI_1 {\n  auth_pass <secret-1>\n  priority 90\n  bad keyword\n}\n";
        HttpResponse<String> refused = admin.post("/api/config/apply", true, "text", edited);
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("{\"line\":4,\"severity\":\"error\",\"message\":\"unknown keyword 'bad'\"}"), refused.body());
        assertTrue(config.text.contains("priority 101") && config.previous.isEmpty(), "the file is unchanged");

        HttpResponse<String> saved = admin.post("/api/config/save", true, "text", edited.replace("  bad keyword\n", ""));
        assertEquals(200, saved.statusCode(), saved.body());
        assertEquals("vrrp_instance VI_1 {\n  auth_pass 1111\n  priority 90\n}\n", config.text, "the placeholder got the password back");
        assertEquals(1, config.previous.size(), "the previous file kept");
    }

    @Test
    void aStateChangeReachesTheEventStreamAtOnce() throws Exception {
        start(Map.of());
        Browser br = new Browser();
        br.session();
        HttpResponse<java.io.InputStream> stream = br.http.send(HttpRequest.newBuilder(URI.create(base + "/api/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("Content-Type").orElse(""));
        BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        String first = nextData(in);
        assertTrue(first.contains("\"state\":\"BACKUP\""), first);
        a.close(); // priority 0: b takes over after Skew_Time
        lan.clock().advance(Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        String data;
        do {
            data = nextData(in);
        } while (!data.contains("\"state\":\"MASTER\""));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 300, "pushed by the listener, not by the one-second refresh: " + ms + " ms");
        in.close();
    }

    static String nextData(BufferedReader in) throws Exception {
        for (String l; (l = in.readLine()) != null; ) {
            if (l.startsWith("data: ")) {
                return l.substring(6);
            }
        }
        throw new AssertionError("the stream ended");
    }
}
