package dev.failover4j;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One health probe, like a keepalived {@code vrrp_script}: {@code true} is healthy; {@code false} or
 * an exception is failing. How often it runs, its timeout, fall, rise and weight are set with
 * {@link HealthCheckSpec}. Checks run on their own threads, never on the protocol thread; a check
 * that does not return within its timeout counts as failing.
 */
@FunctionalInterface
public interface HealthCheck {

    /**
     * Probes once.
     *
     * @param timeout how long this run may take; built-in checks use it for their I/O, a check that
     *                overruns it is counted as failing anyway
     * @return true if healthy
     * @throws Exception counted as a failed run, its message kept as the run's detail
     */
    boolean check(Duration timeout) throws Exception;

    /**
     * {@return healthy when a GET of {@code uri} answers with a 2xx status within the timeout}
     *
     * @param uri an http or https URL
     */
    static HealthCheck http(URI uri) {
        Objects.requireNonNull(uri, "uri");
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("health check URI must be http or https: " + uri);
        }
        return new HealthCheck() {
            @Override
            public boolean check(Duration timeout) throws IOException {
                HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                c.setConnectTimeout(ms);
                c.setReadTimeout(ms);
                c.setUseCaches(false);
                c.setInstanceFollowRedirects(false);
                try {
                    int status = c.getResponseCode();
                    c.getInputStream().close();
                    return status >= 200 && status < 300;
                } catch (IOException e) {
                    return false;
                } finally {
                    c.disconnect();
                }
            }

            @Override
            public String toString() {
                return "http(" + uri + ")";
            }
        };
    }

    /**
     * {@return healthy when a TCP connection to {@code host:port} opens within the timeout}
     *
     * @param host the host name or address
     * @param port the TCP port
     */
    static HealthCheck tcp(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        return new HealthCheck() {
            @Override
            public boolean check(Duration timeout) throws IOException {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
                    return true;
                }
            }

            @Override
            public String toString() {
                return "tcp(" + host + ":" + port + ")";
            }
        };
    }

    /**
     * {@return healthy when the command exits with status 0 within the timeout, like a keepalived
     * script. Its output is discarded; a command still running at the timeout is killed}
     *
     * @param argv the program and its arguments (no shell)
     */
    static HealthCheck command(String... argv) {
        Objects.requireNonNull(argv, "argv");
        if (argv.length == 0 || argv[0].isBlank()) {
            throw new IllegalArgumentException("command needs at least a program name");
        }
        List<String> cmd = List.of(argv);
        return new HealthCheck() {
            @Override
            public boolean check(Duration timeout) throws IOException, InterruptedException {
                Process p = new ProcessBuilder(cmd)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                try {
                    if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                        return false;
                    }
                    return p.exitValue() == 0;
                } finally {
                    if (p.isAlive()) {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    }
                }
            }

            @Override
            public String toString() {
                return "command" + cmd;
            }
        };
    }
}
