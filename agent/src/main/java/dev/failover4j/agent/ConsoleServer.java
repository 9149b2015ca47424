package dev.failover4j.agent;

import dev.failover4j.console.Console;
import dev.failover4j.console.ConsoleBackend;
import dev.failover4j.console.ConsoleUser;
import dev.failover4j.console.ConsoleUsers;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent's console: Jetty on one address, the console handler at {@code /}. */
final class ConsoleServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);

    /** Where the console listens, who may log in, where templates are. */
    record Settings(String host, int port, Map<String, ConsoleUser> users, Path templates) {
    }

    /**
     * Reads {@code --console [HOST:]PORT} and {@code --console-users FILE}.
     *
     * @throws IllegalArgumentException if the address is malformed, the users file bad, or a
     *                                  non-loopback address has no users
     */
    static Settings settings(String spec, Path usersFile, Path templates) throws IOException {
        String host = "127.0.0.1";
        String port = spec;
        int colon = spec.lastIndexOf(':');
        if (colon >= 0) {
            host = spec.substring(0, colon);
            port = spec.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                host = "127.0.0.1";
            }
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec + "': the port is not a number (e.g. 127.0.0.1:8484)");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("'" + spec + "': port " + p + " is out of range (1..65535)");
        }
        Map<String, ConsoleUser> users = usersFile == null ? Map.of() : ConsoleUsers.read(usersFile);
        InetAddress a;
        try {
            a = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + host + "' is not an address: " + e.getMessage());
        }
        if (!a.isLoopbackAddress() && users.isEmpty()) {
            throw new IllegalArgumentException("the console on " + host + " (not loopback) needs users: give"
                    + " --console-users FILE (make hashes with failover4j-agent --hash-password), or listen on 127.0.0.1");
        }
        return new Settings(host, p, users, templates);
    }

    private final Server server;
    private final Console console;

    ConsoleServer(Settings s, ConsoleBackend backend) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("console");
        threads.setDaemon(true);
        server = new Server(threads);
        ServerConnector c = new ServerConnector(server, 1, 1);
        c.setHost(s.host());
        c.setPort(s.port());
        server.addConnector(c);
        console = new Console(backend, s.users());
        server.setHandler(console);
        server.setStopAtShutdown(false);
        server.start();
        log.info("console on http://{}:{}/ ({})", s.host().contains(":") ? "[" + s.host() + "]" : s.host(), s.port(),
                s.users().isEmpty() ? "no users: loopback clients only" : s.users().size() + " user(s)");
    }

    @Override
    public void close() {
        console.close();
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("stopping the console: {}", e.toString());
        }
    }
}
