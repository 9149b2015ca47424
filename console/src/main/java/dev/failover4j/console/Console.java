package dev.failover4j.console;

import dev.failover4j.HaGroup;
import dev.failover4j.StateListener;
import dev.failover4j.micrometer.FailoverMetrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's console as a Jetty handler: one page ({@code /}) with the cluster, history, health
 * checks, packets, log, configuration and actions, kept live by server-sent events
 * ({@code /api/events}: a state change reaches the page within milliseconds), a JSON endpoint per page
 * ({@code /api/...}) and Prometheus metrics ({@code /metrics}). Mount it at any context path.
 *
 * <p>Security: without users it accepts only loopback clients, each as an administrator; with users
 * everyone logs in (a password hashed with {@link PasswordHash}; HTTP Basic for machine clients' reads
 * and {@code /metrics}). State-changing requests need the session's CSRF token
 * ({@code X-CSRF-Token} header). Viewers see status only. Login attempts are limited per client and
 * per user; every action is logged with who did it. No page shows a secret.
 */
public final class Console extends Handler.Abstract implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Console.class);
    static final String COOKIE = "f4j_session";

    private final ConsoleBackend backend;
    private final Map<String, ConsoleUser> users;
    private final Sessions sessions;
    private final LoginLimiter limiter;
    private final List<Sse> clients = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pusher;
    private final Map<HaGroup, StateListener> watched = new IdentityHashMap<>();
    private final Map<HaGroup, FailoverMetrics> metrics = new IdentityHashMap<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, byte[]> assets = new LinkedHashMap<>();

    /**
     * A console over {@code backend}.
     *
     * @param backend what it shows and controls
     * @param users   who may log in, by name; empty: loopback clients only, each as an administrator
     */
    public Console(ConsoleBackend backend, Map<String, ConsoleUser> users) {
        this(backend, users, System::nanoTime);
    }

    Console(ConsoleBackend backend, Map<String, ConsoleUser> users, LongSupplier nanoTime) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.users = Map.copyOf(users);
        this.sessions = new Sessions(nanoTime);
        this.limiter = new LoginLimiter(nanoTime);
        for (String a : List.of("console.html", "console.css", "console.js")) {
            try (InputStream in = Console.class.getResourceAsStream(a)) {
                assets.put(a, Objects.requireNonNull(in, a).readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException("the console's " + a + " is missing from its jar", e);
            }
        }
        this.pusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "failover4j-console");
            t.setDaemon(true);
            return t;
        });
        pusher.scheduleWithFixedDelay(this::tick, 0, 1, TimeUnit.SECONDS);
    }

    /** {@return whether logins are required (users were given)} */
    public boolean authenticationRequired() {
        return !users.isEmpty();
    }

    @Override
    public void close() {
        pusher.shutdownNow();
        synchronized (watched) {
            watched.forEach(HaGroup::removeListener);
            watched.clear();
            metrics.values().forEach(FailoverMetrics::close);
            metrics.clear();
        }
        clients.forEach(Sse::end);
        clients.clear();
    }

    // ------------------------------------------------------------------ routing

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("Referrer-Policy", "no-referrer");
            if (path.isEmpty() || path.equals("/") || path.equals("/index.html")) {
                response.getHeaders().put("Content-Security-Policy",
                        "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
                return asset(response, callback, "console.html", "text/html; charset=utf-8");
            }
            if (path.equals("/console.css")) {
                return asset(response, callback, "console.css", "text/css; charset=utf-8");
            }
            if (path.equals("/console.js")) {
                return asset(response, callback, "console.js", "text/javascript; charset=utf-8");
            }
            if (!loopbackOrUsers(request)) {
                return send(response, callback, 403, "text/plain; charset=utf-8",
                        "the console accepts only loopback clients until users are configured\n");
            }
            switch (method + " " + path) {
                case "GET /api/session" -> {
                    return session(request, response, callback);
                }
                case "POST /api/login" -> {
                    return login(request, response, callback);
                }
                default -> {
                }
            }
            Sessions.Session s = authenticate(request);
            if (s == null) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"failover4j\"");
                return error(response, callback, 401, "log in first");
            }
            if (method.equals("POST")) {
                boolean basic = s.id() == null;
                boolean csrf = !basic && validCsrf(request, s);
                if (!csrf) {
                    // Read the refused request's body first: a response sent before it would make Jetty close the
                    // connection, and a client that reuses it for its next POST sees no answer (not retried: not idempotent).
                    try {
                        org.eclipse.jetty.io.Content.Source.consumeAll(request);
                    } catch (java.io.IOException e) {
                        log.debug("console: reading a refused request's body", e);
                    }
                }
                if (basic) {
                    return error(response, callback, 403, "HTTP Basic may read only: log in for a session to act");
                }
                if (!csrf) {
                    log.warn("console: {} from {}: refused {} without a valid CSRF token", s.user(), remote(request), path);
                    return error(response, callback, 403, "missing or wrong CSRF token: reload the page");
                }
            }
            return route(method, path, s, request, response, callback);
        } catch (BadRequest e) {
            return error(response, callback, 400, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("console: {} {} failed", method, path, e);
            return error(response, callback, 500, "internal error (logged on the node)");
        }
    }

    private boolean route(String method, String path, Sessions.Session s, Request request, Response response,
                          Callback callback) throws BadRequest {
        switch (method + " " + path) {
            case "GET /api/status" -> {
                return json(response, callback, 200, status(s));
            }
            case "GET /api/events" -> {
                return events(response, callback, s);
            }
            case "GET /metrics" -> {
                return send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", metrics());
            }
            case "POST /api/logout" -> {
                sessions.close(s.id());
                Response.addCookie(response, cookie("", Duration.ZERO));
                return json(response, callback, 200, Map.of("ok", true));
            }
            default -> {
            }
        }
        if (!s.admin()) {
            log.warn("console: viewer {} from {}: refused {} {}", s.user(), remote(request), method, path);
            return error(response, callback, 403, "the viewer role sees status only");
        }
        return switch (method + " " + path) {
            case "GET /api/log" -> log(request, response, callback);
            case "GET /api/config" -> config(response, callback);
            case "POST /api/config/validate" -> validate(request, response, callback);
            case "POST /api/config/save" -> save(request, response, callback, s, false);
            case "POST /api/config/apply" -> save(request, response, callback, s, true);
            case "POST /api/action" -> action(request, response, callback, s);
            default -> error(response, callback, 404, "no such endpoint: " + method + " " + path);
        };
    }

    // ------------------------------------------------------------------ authentication

    private boolean loopbackOrUsers(Request request) {
        if (!users.isEmpty()) {
            return true;
        }
        try {
            return InetAddress.getByName(Request.getRemoteAddr(request)).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** The request's session (cookie), or a session-less read for HTTP Basic, or null. */
    private Sessions.Session authenticate(Request request) throws BadRequest {
        String id = cookie(request);
        Sessions.Session s = sessions.find(id);
        if (s != null) {
            return s;
        }
        if (users.isEmpty()) {
            return null; // the page's first call, /api/session, makes the loopback session
        }
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadRequest("malformed Basic credentials");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new BadRequest("malformed Basic credentials");
            }
            ConsoleUser u = check(request, decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray());
            if (u != null) {
                return new Sessions.Session(null, u.name(), u.role(), "", new long[1]);
            }
        }
        return null;
    }

    /** Verifies a login against the limits; logs failures. Null if refused. */
    private ConsoleUser check(Request request, String name, char[] password) throws BadRequest {
        String ip = remote(request);
        Duration wait = limiter.wait("ip:" + ip, "user:" + name);
        if (!wait.isZero()) {
            log.warn("console: login as '{}' from {} refused: too many failures, {} s to wait", name, ip,
                    wait.toSeconds() + 1);
            throw new BadRequest("too many failed logins: wait " + (wait.toSeconds() + 1) + " s");
        }
        ConsoleUser u = users.get(name);
        // Verify even for an unknown user, so that the time taken does not tell which names exist.
        boolean ok = PasswordHash.verify(password, u != null ? u.passwordHash() : DUMMY_HASH) && u != null;
        java.util.Arrays.fill(password, '\0');
        if (!ok) {
            limiter.failed("ip:" + ip, "user:" + name);
            log.warn("console: failed login as '{}' from {}", name, ip);
            return null;
        }
        limiter.succeeded("ip:" + ip, "user:" + name);
        return u;
    }

    private static final String DUMMY_HASH = PasswordHash.hash("not-a-password".toCharArray(), new byte[16], PasswordHash.ITERATIONS);

    private boolean session(Request request, Response response, Callback callback) {
        Sessions.Session s = sessions.find(cookie(request));
        if (s == null && users.isEmpty()) {
            s = sessions.open("local", ConsoleUser.Role.ADMIN);
            Response.addCookie(response, cookie(s.id(), null));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", backend.nodeName());
        m.put("authRequired", !users.isEmpty());
        m.put("authenticated", s != null);
        if (s != null) {
            m.put("user", s.user());
            m.put("role", s.role().name().toLowerCase(java.util.Locale.ROOT));
            m.put("csrf", s.csrf());
            m.put("features", features(s));
        }
        return json(response, callback, 200, m);
    }

    private boolean login(Request request, Response response, Callback callback) throws BadRequest {
        if (users.isEmpty()) {
            return error(response, callback, 400, "no users are configured: loopback clients need no login");
        }
        Fields form = form(request);
        String name = form.getValue("user");
        String password = form.getValue("password");
        if (name == null || password == null || name.isBlank()) {
            throw new BadRequest("give user and password");
        }
        ConsoleUser u = check(request, name.strip(), password.toCharArray());
        if (u == null) {
            return error(response, callback, 401, "wrong user or password");
        }
        Sessions.Session s = sessions.open(u.name(), u.role());
        log.info("console: {} ({}) logged in from {}", u.name(), u.role().name().toLowerCase(java.util.Locale.ROOT), remote(request));
        Response.addCookie(response, cookie(s.id(), null));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("authenticated", true);
        m.put("user", s.user());
        m.put("role", s.role().name().toLowerCase(java.util.Locale.ROOT));
        m.put("csrf", s.csrf());
        m.put("features", features(s));
        return json(response, callback, 200, m);
    }

    private List<String> features(Sessions.Session s) {
        List<String> f = new ArrayList<>();
        if (s.admin()) {
            f.add("act");
            if (backend.service() != null) {
                f.add("service");
            }
            if (backend.config() != null) {
                f.add("config");
            }
            if (backend.log() != null) {
                f.add("log");
            }
            if (backend.boot() != null) {
                f.add("boot");
            }
        }
        return f;
    }

    private static String cookie(Request request) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(COOKIE)) {
                return c.getValue();
            }
        }
        return null;
    }

    private static HttpCookie cookie(String value, Duration maxAge) {
        HttpCookie.Builder b = HttpCookie.build(COOKIE, value).path("/").httpOnly(true).sameSite(HttpCookie.SameSite.STRICT);
        if (maxAge != null) {
            b.maxAge(maxAge.toSeconds());
        }
        return b.build();
    }

    static String remote(Request request) {
        return Request.getRemoteAddr(request);
    }

    // ------------------------------------------------------------------ status, events, metrics

    private Map<String, Object> status(Sessions.Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", backend.nodeName());
        m.put("atMillis", System.currentTimeMillis());
        ConsoleBackend.Service service = backend.service();
        m.put("service", service == null ? null : service.running() ? "running" : "stopped");
        ConsoleBackend.BootControl boot = backend.boot();
        if (boot != null && s.admin()) {
            m.put("boot", Map.of("state", boot.state(), "available", boot.available()));
        }
        List<Object> groups = new ArrayList<>();
        backend.groups().forEach((name, g) -> groups.add(StatusJson.group(name, g)));
        m.put("groups", groups);
        return m;
    }

    private boolean events(Response response, Callback callback, Sessions.Session s) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Sse c = new Sse(response, callback, s);
        clients.add(c);
        pusher.execute(() -> push(c));
        return true;
    }

    /** Every second: re-attach to the backend's groups (a reload replaces them) and refresh every page. */
    private void tick() {
        try {
            attach();
            for (Sse c : clients) {
                push(c);
            }
        } catch (RuntimeException e) {
            log.warn("console: refresh failed: {}", e.toString());
        }
    }

    private void attach() {
        Map<String, HaGroup> now = backend.groups();
        synchronized (watched) {
            watched.entrySet().removeIf(e -> {
                if (!now.containsValue(e.getKey())) {
                    e.getKey().removeListener(e.getValue());
                    FailoverMetrics m = metrics.remove(e.getKey());
                    if (m != null) {
                        m.close();
                    }
                    return true;
                }
                return false;
            });
            now.forEach((name, g) -> {
                if (!watched.containsKey(g)) {
                    StateListener l = change -> pusher.execute(() -> clients.forEach(this::push));
                    g.addListener(l, Runnable::run);
                    watched.put(g, l);
                    FailoverMetrics m = new FailoverMetrics(g, Tags.of("instance", name));
                    m.bindTo(registry);
                    metrics.put(g, m);
                }
            });
        }
    }

    private void push(Sse c) {
        if (sessions.find(c.session.id()) == null) {
            c.end(); // logged out or expired
            clients.remove(c);
            return;
        }
        if (!c.send("status", Json.write(status(c.session)))) {
            clients.remove(c);
        }
    }

    private String metrics() {
        attach();
        return registry.scrape();
    }

    /** One server-sent-events client. */
    private static final class Sse {
        final Response response;
        final Callback callback;
        final Sessions.Session session;
        boolean ended;

        Sse(Response response, Callback callback, Sessions.Session session) {
            this.response = response;
            this.callback = callback;
            this.session = session;
        }

        synchronized boolean send(String event, String data) {
            if (ended) {
                return false;
            }
            String text = "event: " + event + "\ndata: " + data + "\n\n";
            try (Blocker.Callback b = Blocker.callback()) {
                response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), b);
                b.block();
                return true;
            } catch (IOException | RuntimeException e) {
                ended = true;
                callback.failed(e);
                return false;
            }
        }

        synchronized void end() {
            if (!ended) {
                ended = true;
                response.write(true, BufferUtil.EMPTY_BUFFER, callback);
            }
        }
    }

    // ------------------------------------------------------------------ log, configuration, actions

    private boolean log(Request request, Response response, Callback callback) throws BadRequest {
        ConsoleBackend.LogSource source = backend.log();
        if (source == null) {
            return error(response, callback, 404, "this node keeps no log for the console");
        }
        long after = longParam(Request.extractQueryParameters(request), "after", 0);
        List<Object> lines = new ArrayList<>();
        for (ConsoleBackend.LogLine l : source.after(after)) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("seq", l.seq());
            e.put("at", java.time.Instant.ofEpochMilli(l.atMillis()).toString());
            e.put("level", l.level());
            e.put("logger", l.logger());
            e.put("message", l.message());
            lines.add(e);
        }
        return json(response, callback, 200, Map.of("lines", lines));
    }

    private boolean config(Response response, Callback callback) {
        ConsoleBackend.ConfigStore store = backend.config();
        if (store == null) {
            return error(response, callback, 404, "this node has no configuration file to edit");
        }
        try {
            String text = store.read();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", store.path());
            m.put("text", Secrets.mask(text));
            Map<String, Object> templates = new LinkedHashMap<>();
            store.templates().forEach((k, v) -> templates.put(k, Secrets.mask(v)));
            m.put("templates", templates);
            return json(response, callback, 200, m);
        } catch (Exception e) {
            return error(response, callback, 500, "reading " + store.path() + ": " + e.getMessage());
        }
    }

    private String unmaskedText(Request request, ConsoleBackend.ConfigStore store) throws BadRequest {
        String text = form(request).getValue("text");
        if (text == null) {
            throw new BadRequest("give the configuration as the form field 'text'");
        }
        try {
            return Secrets.unmask(text, store.read());
        } catch (Exception e) {
            throw new BadRequest("reading the current configuration: " + e.getMessage());
        }
    }

    private boolean validate(Request request, Response response, Callback callback) throws BadRequest {
        ConsoleBackend.ConfigStore store = backend.config();
        if (store == null) {
            return error(response, callback, 404, "this node has no configuration file to edit");
        }
        return json(response, callback, 200, problems(store.validate(unmaskedText(request, store))));
    }

    private static Map<String, Object> problems(List<ConsoleBackend.Problem> problems) {
        List<Object> list = new ArrayList<>();
        boolean errors = false;
        for (ConsoleBackend.Problem p : problems) {
            errors |= p.error();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("line", p.line());
            e.put("severity", p.error() ? "error" : "warning");
            e.put("message", p.message());
            list.add(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", !errors);
        m.put("problems", list);
        return m;
    }

    private boolean save(Request request, Response response, Callback callback, Sessions.Session s, boolean apply)
            throws BadRequest {
        ConsoleBackend.ConfigStore store = backend.config();
        if (store == null) {
            return error(response, callback, 404, "this node has no configuration file to edit");
        }
        String text = unmaskedText(request, store);
        List<ConsoleBackend.Problem> problems = store.validate(text);
        Map<String, Object> m = problems(problems);
        if (!(Boolean) m.get("ok")) {
            log.warn("console: {} from {}: configuration refused ({} problem(s)); the file and the running"
                    + " configuration are unchanged", s.user(), remote(request), problems.size());
            m.put("message", "refused: nothing was saved or applied");
            return json(response, callback, 422, m);
        }
        try {
            String kept = store.save(text);
            log.info("console: {} from {} saved {} (previous kept as {})", s.user(), remote(request), store.path(), kept);
            String message = "saved; the previous file is " + kept;
            if (apply) {
                ConsoleBackend.Service service = backend.service();
                if (service == null) {
                    throw new BadRequest("this node cannot reload");
                }
                message += "; " + service.reload();
                log.info("console: {} from {} applied {}: {}", s.user(), remote(request), store.path(), message);
            }
            m.put("message", message);
            pusher.execute(() -> clients.forEach(this::push));
            return json(response, callback, 200, m);
        } catch (BadRequest e) {
            throw e;
        } catch (Exception e) {
            m.put("ok", false);
            m.put("message", (apply ? "saved, but the reload was refused: " : "not saved: ") + e.getMessage());
            log.warn("console: {} from {}: {}", s.user(), remote(request), m.get("message"));
            return json(response, callback, 409, m);
        }
    }

    private boolean action(Request request, Response response, Callback callback, Sessions.Session s) throws BadRequest {
        Fields form = form(request);
        String action = form.getValue("action");
        if (action == null) {
            throw new BadRequest("give an action: demote, priority, start, stop, reload or boot");
        }
        String who = s.user() + " from " + remote(request);
        String message;
        try {
            switch (action) {
                case "demote" -> {
                    HaGroup g = group(form);
                    g.demote();
                    message = "demoted " + form.getValue("group") + ": a priority-0 advert; a backup takes over";
                }
                case "priority" -> {
                    HaGroup g = group(form);
                    int p = (int) longParam(form, "priority", -1);
                    if (p < 1 || p > 254) {
                        throw new BadRequest("priority: " + form.getValue("priority") + " is out of range (allowed 1..254)");
                    }
                    int before = g.status().basePriority();
                    g.setPriority(p);
                    message = "priority of " + form.getValue("group") + " " + before + " -> " + p;
                }
                case "start" -> message = service().start();
                case "stop" -> message = service().stop();
                case "reload" -> message = service().reload();
                case "boot" -> {
                    ConsoleBackend.BootControl boot = backend.boot();
                    if (boot == null) {
                        throw new BadRequest("this node cannot change start on boot");
                    }
                    String enabled = form.getValue("enabled");
                    if (!"true".equals(enabled) && !"false".equals(enabled)) {
                        throw new BadRequest("enabled: give true or false");
                    }
                    message = boot.set(Boolean.parseBoolean(enabled));
                }
                default -> throw new BadRequest("unknown action '" + action + "': demote, priority, start, stop, reload or boot");
            }
        } catch (BadRequest e) {
            log.warn("console: {}: {} refused: {}", who, action, e.getMessage());
            throw e;
        } catch (Exception e) {
            log.warn("console: {}: {} failed: {}", who, action, e.getMessage());
            return json(response, callback, 409, Map.of("ok", false, "message", action + " failed: " + e.getMessage()));
        }
        log.info("console: {}: {}", who, message);
        pusher.execute(() -> clients.forEach(this::push));
        return json(response, callback, 200, Map.of("ok", true, "message", message));
    }

    private ConsoleBackend.Service service() throws BadRequest {
        ConsoleBackend.Service service = backend.service();
        if (service == null) {
            throw new BadRequest("this node's lifecycle belongs to its application");
        }
        return service;
    }

    private HaGroup group(Fields form) throws BadRequest {
        String name = form.getValue("group");
        HaGroup g = name == null ? null : backend.groups().get(name);
        if (g == null) {
            throw new BadRequest("group: '" + name + "' is not one of " + backend.groups().keySet());
        }
        return g;
    }

    // ------------------------------------------------------------------ helpers

    /** A client's mistake: a 400 with the message. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private static boolean validCsrf(Request request, Sessions.Session s) {
        String token = request.getHeaders().get("X-CSRF-Token");
        return token != null && s.csrf() != null && java.security.MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                s.csrf().getBytes(StandardCharsets.UTF_8));
    }

    private static Fields form(Request request) throws BadRequest {
        try {
            return org.eclipse.jetty.server.FormFields.getFields(request);
        } catch (RuntimeException e) {
            throw new BadRequest("the body must be application/x-www-form-urlencoded: " + e.getMessage());
        }
    }

    private static long longParam(Fields fields, String name, long absent) throws BadRequest {
        String v = fields.getValue(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + ": '" + v + "' is not a number");
        }
    }

    private boolean asset(Response response, Callback callback, String name, String type) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, ByteBuffer.wrap(assets.get(name)), callback);
        return true;
    }

    private static boolean json(Response response, Callback callback, int status, Object body) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        return send(response, callback, status, "application/json", Json.write(body));
    }

    private static boolean error(Response response, Callback callback, int status, String message) {
        return json(response, callback, status, Map.of("ok", false, "error", message));
    }

    private static boolean send(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        Content.Sink.write(response, true, body, callback);
        return true;
    }
}
