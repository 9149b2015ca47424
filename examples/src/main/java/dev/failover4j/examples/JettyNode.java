package dev.failover4j.examples;

import dev.failover4j.ConfigException;
import dev.failover4j.FailoverException;
import dev.failover4j.HaGroup;
import dev.failover4j.HealthCheck;
import dev.failover4j.HealthCheckSpec;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A Jetty 12 server that is one node of an active/standby pair: it answers {@code Welcome to NODE}
 * on {@code /}, {@code ok} on {@code /healthz}, mounts failover4j's console at {@code /ha/} (status,
 * peers, history, packets, demote, priority) and serves the group's status as JSON on
 * {@code /ha.json}. SIGTERM closes the group gracefully (priority-0 advert, VIP released) and then
 * stops Jetty, from one shutdown hook.
 */
public final class JettyNode {

    private JettyNode() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (Options.UsageException e) {
            e.problems().forEach(p -> System.err.println("error: " + p));
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.println(Options.USAGE);
            return;
        }
        HaGroup group = null;
        if (!o.serveOnly) {
            try {
                group = group(o);
            } catch (ConfigException e) {
                System.err.println("error: " + e.getMessage());
                System.exit(2);
                return;
            }
        }
        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setPort(o.httpPort);
        server.addConnector(http);
        HaGroup g = group;
        server.setHandler(handlers(o.nodeName, g, o.consoleUsers == null ? java.util.Map.of()
                : dev.failover4j.console.ConsoleUsers.read(java.nio.file.Path.of(o.consoleUsers))));
        // One hook, ours: Jetty's own stop-at-shutdown would race the graceful close.
        server.setStopAtShutdown(false);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (g != null) {
                g.close(Duration.ofSeconds(5));
            }
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("stopping Jetty: " + e);
            }
        }, "failover4j-example-shutdown"));
        if (g != null) {
            // SIGTERM straight to close(): a signal handler runs about 0.3 ms sooner than a shutdown hook,
            // and the priority-0 advert is what the backup waits for. Then exit runs the hook (Jetty).
            OnSignal.term(() -> {
                g.close(Duration.ofSeconds(5));
                System.exit(143);
            });
            try {
                g.start();
            } catch (FailoverException e) {
                System.err.println("error: " + e.getMessage());
                server.stop();
                System.exit(1);
            }
        }
        System.out.println(o.nodeName + ": serving on port " + o.httpPort + (g == null ? " (no group)" : ", VRID " + o.vrid));
        server.join();
    }

    static HaGroup group(Options o) {
        String url = o.healthUrl != null ? o.healthUrl : "http://127.0.0.1:" + o.httpPort + "/healthz";
        HaGroup.Builder b = HaGroup.builder()
                .interfaceName(o.iface)
                .vrid(o.vrid)
                .priority(o.priority)
                .vrrpVersion(o.vrrpVersion)
                .advertInterval(o.advertInterval)
                .preempt(o.preempt)
                .healthCheck(HealthCheckSpec.builder("http", HealthCheck.http(URI.create(url)))
                        .interval(o.healthInterval).timeout(o.healthInterval).fall(o.healthFall).rise(o.healthRise)
                        .weight(o.healthWeight).build())
                .listener(c -> System.out.println(o.nodeName + ": " + c));
        o.vips.forEach(b::virtualAddress);
        if (o.authPass != null) {
            b.authPassword(o.authPass);
        }
        if (o.unicastSrc != null) {
            b.unicastSource(o.unicastSrc);
        }
        o.unicastPeers.forEach(b::unicastPeer);
        if (o.useVmac) {
            b.useVirtualMac(true);
        }
        if (o.rtPriority > 0) {
            b.realtimePriority(o.rtPriority);
        }
        if (o.takeoverSettle != null) {
            b.takeoverSettle(o.takeoverSettle);
        }
        return b.build();
    }

    /** The group's name on the console and in /ha.json. */
    static String groupName(HaGroup g) {
        return "vrid" + g.config().vrid();
    }

    /** The node's pages, and the console at /ha/ when there is a group. */
    static Handler handlers(String node, HaGroup group, java.util.Map<String, dev.failover4j.console.ConsoleUser> users) {
        Pages pages = new Pages(node, group);
        if (group == null) {
            return pages;
        }
        org.eclipse.jetty.server.handler.ContextHandler console = new org.eclipse.jetty.server.handler.ContextHandler(
                new dev.failover4j.console.Console(dev.failover4j.console.ConsoleBackend.of(node,
                        java.util.Map.of(groupName(group), group)), users), "/ha");
        return new Handler.Sequence(console, pages);
    }

    /** The node's own pages. */
    static final class Pages extends Handler.Abstract {
        private final String node;
        private final HaGroup group;

        Pages(String node, HaGroup group) {
            this.node = node;
            this.group = group;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            switch (path) {
                case "/" -> send(response, callback, 200, "text/plain; charset=utf-8", "Welcome to " + node + "\n");
                case "/healthz" -> send(response, callback, 200, "text/plain; charset=utf-8", "ok\n");
                case "/churn" -> {
                    // Allocation churn for the soak benchmark: 256 KiB of short-lived garbage per request.
                    byte[][] junk = new byte[64][];
                    for (int i = 0; i < junk.length; i++) {
                        junk[i] = new byte[4096];
                    }
                    send(response, callback, 200, "text/plain; charset=utf-8", node + " " + junk.length + "\n");
                }
                case "/ha.json" -> {
                    if (group == null) {
                        return notFound(response, callback);
                    }
                    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("node", node);
                    m.putAll(dev.failover4j.console.StatusJson.group(groupName(group), group));
                    send(response, callback, 200, "application/json", dev.failover4j.console.StatusJson.write(m));
                }
                default -> {
                    return notFound(response, callback);
                }
            }
            return true;
        }

        private static boolean notFound(Response response, Callback callback) {
            send(response, callback, 404, "text/plain; charset=utf-8", "not found\n");
            return true;
        }

        private static void send(Response response, Callback callback, int status, String type, String body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            Content.Sink.write(response, true, body, callback);
        }
    }
}
