package dev.failover4j.jna.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A lab of network namespaces made by the test itself: a switch namespace with bridge {@code br0},
 * and one namespace per host, each with {@code eth0} on a veth to the bridge, address
 * {@code 10.77.0.<10·(i+1)>/24} and MAC {@code 02:77:00:00:00:<10·(i+1)>}. Nothing touches the
 * host's own interfaces. {@link #close()} kills every process the lab started (by PID) and deletes
 * the namespaces, also from a shutdown hook if the test JVM dies.
 */
final class Lab implements AutoCloseable {

    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final List<Lab> OPEN = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(Lab::close)));
    }

    final String prefix;
    final Map<String, String> ips = new LinkedHashMap<>();
    final List<Proc> processes = new CopyOnWriteArrayList<>();
    final Path dir;
    private int keepalivedRuns;

    /**
     * Fails (CI=true) or skips with the reason when root, {@code ip}, or the other tools are missing.
     */
    static void requirePrerequisites(String... tools) {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root (network namespaces, raw sockets)");
        }
        List<String> all = new ArrayList<>(List.of("ip"));
        all.addAll(List.of(tools));
        for (String t : all) {
            if (!onPath(t)) {
                missing.add("the '" + t + "' command");
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String reason = "namespace tests need " + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + " (CI=true: a missing prerequisite is a failure; .ci/run installs them)");
        }
        Assumptions.abort(reason + "; run as root with iproute2, keepalived and curl installed (see .ci/run)");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    Lab(String... hosts) throws IOException {
        this.prefix = "f4j" + (ProcessHandle.current().pid() % 100000) + Long.toString(System.nanoTime() % 1296, 36);
        this.dir = Files.createDirectories(Path.of("target", "netns", prefix));
        OPEN.add(this);
        try {
            run("ip", "netns", "add", ns("sw"));
            run("ip", "-n", ns("sw"), "link", "add", "br0", "type", "bridge");
            run("ip", "-n", ns("sw"), "link", "set", "br0", "up");
            for (int i = 0; i < hosts.length; i++) {
                String h = hosts[i];
                int octet = 10 * (i + 1);
                String ip = "10.77.0." + octet;
                ips.put(h, ip);
                run("ip", "netns", "add", ns(h));
                // No duplicate address detection in the lab: link-local addresses are usable at once.
                run("ip", "netns", "exec", ns(h), "sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad");
                run("ip", "-n", ns("sw"), "link", "add", "v-" + h, "type", "veth", "peer", "name", "eth0", "netns", ns(h));
                run("ip", "-n", ns("sw"), "link", "set", "v-" + h, "master", "br0", "up");
                run("ip", "-n", ns(h), "link", "set", "lo", "up");
                run("ip", "-n", ns(h), "link", "set", "eth0", "address", String.format("02:77:00:00:00:%02x", octet));
                run("ip", "-n", ns(h), "addr", "add", ip + "/24", "dev", "eth0");
                run("ip", "-n", ns(h), "link", "set", "eth0", "up");
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    String ns(String host) {
        return prefix + "-" + host;
    }

    String ip(String host) {
        return ips.get(host);
    }

    /** Runs a command to completion; fails with its output if it exits non-zero. */
    static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Runs a command inside a host's namespace; returns its output and ignores its exit code. */
    String in(String host, String... cmd) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        full.addAll(List.of(cmd));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Whether {@code host}'s eth0 carries {@code ip} (IPv4 or IPv6). */
    boolean hasAddress(String host, String ip) throws IOException {
        return run("ip", "-n", ns(host), "-o", "addr", "show", "dev", "eth0").contains(" " + ip + "/");
    }

    /** Waits until {@code host} holds (or no longer holds) {@code ip}; returns the monotonic time it was seen. */
    long awaitAddress(String host, String ip, boolean present, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - end < 0) {
            if (hasAddress(host, ip) == present) {
                return System.nanoTime();
            }
            sleep(10);
        }
        throw new AssertionError(ip + (present ? " never appeared on " : " never left ") + host + " within " + timeout);
    }

    /** Takes the host's cable out: its switch port goes down, so its eth0 loses carrier. */
    void cableOut(String host) throws IOException {
        run("ip", "-n", ns("sw"), "link", "set", "v-" + host, "down");
    }

    /** One HTTP GET from {@code client} with curl; the body, or null if it failed or timed out. */
    String get(String client, String url, Duration timeout) throws IOException {
        String out = in(client, "curl", "-s", "--fail", "--max-time", String.format("%.3f", timeout.toMillis() / 1000.0), url);
        return out.isBlank() ? null : out.trim();
    }

    /** Starts a failover4j TestNode JVM in {@code host}'s namespace. */
    Proc node(String host, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(host), JAVA,
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                TestNode.class.getName(), "--name", host));
        cmd.addAll(List.of(args));
        return start(host, cmd);
    }

    /** Starts keepalived (VRRP only, foreground, no respawn) with {@code config} in {@code host}'s namespace. */
    Keepalived keepalived(String host, String config) throws IOException {
        // Fresh files per start: keepalived refuses to start if an old pid file names a live (reused) pid.
        String run = host + "-keepalived-" + (++keepalivedRuns);
        Path conf = dir.resolve(run + ".conf");
        Files.writeString(conf, config);
        Path pid = dir.resolve(run + ".pid").toAbsolutePath();
        Path vrrpPid = dir.resolve(run + "-vrrp.pid").toAbsolutePath();
        Path checkersPid = dir.resolve(run + "-checkers.pid").toAbsolutePath();
        Proc p = start(run, List.of("ip", "netns", "exec", ns(host), "keepalived", "-n", "-l", "-D",
                "-G", "-P", "-R", "-f", conf.toAbsolutePath().toString(), "-p", pid.toString(), "-r", vrrpPid.toString(),
                "-c", checkersPid.toString()));
        return new Keepalived(p, vrrpPid);
    }

    private Proc start(String label, List<String> cmd) throws IOException {
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Proc p = new Proc(label, process, dir.resolve(label + ".log"));
        processes.add(p);
        return p;
    }

    /** A process the lab started, with its output lines. */
    static final class Proc {
        final String label;
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final Thread reader;

        Proc(String label, Process process, Path log) throws IOException {
            this.label = label;
            this.process = process;
            PrintWriter w = new PrintWriter(Files.newBufferedWriter(log), true);
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                        w.println(line);
                    }
                } catch (IOException ignored) {
                    // process ended
                } finally {
                    w.close();
                }
            }, "lab-output-" + label);
            reader.setDaemon(true);
            reader.start();
        }

        long pid() {
            return process.pid();
        }

        /** Waits for a line matching {@code p}; returns it or fails with the output so far. */
        String await(Predicate<String> p, Duration timeout, String what) {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() - end < 0) {
                synchronized (lines) {
                    for (String l : lines) {
                        if (p.test(l)) {
                            return l;
                        }
                    }
                }
                if (!process.isAlive() && lines.stream().noneMatch(p)) {
                    try {
                        reader.join(2000); // the last lines may still be in the pipe
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    synchronized (lines) {
                        for (String l : lines) {
                            if (p.test(l)) {
                                return l;
                            }
                        }
                    }
                    fail(label + " exited (" + process.exitValue() + ") before " + what + ":\n" + tail());
                }
                sleep(10);
            }
            fail(label + ": no " + what + " within " + timeout + ":\n" + tail());
            return null;
        }

        boolean has(Predicate<String> p) {
            synchronized (lines) {
                return lines.stream().anyMatch(p);
            }
        }

        String tail() {
            synchronized (lines) {
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            }
        }

        /** SIGKILL (through the handle: Process.destroy would also close our end of its output). */
        void kill() {
            process.toHandle().destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** SIGTERM and wait; the output it prints while shutting down is kept. */
        void terminate(Duration wait) {
            process.toHandle().destroy();
            try {
                if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A keepalived started by the lab. */
    static final class Keepalived {
        final Proc proc;
        final Path vrrpPidFile;

        Keepalived(Proc proc, Path vrrpPidFile) {
            this.proc = proc;
            this.vrrpPidFile = vrrpPidFile;
        }

        long vrrpChildPid() throws IOException {
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() - end < 0) {
                if (Files.exists(vrrpPidFile)) {
                    String s = Files.readString(vrrpPidFile).trim();
                    if (!s.isEmpty()) {
                        return Long.parseLong(s);
                    }
                }
                sleep(20);
            }
            throw new IOException("keepalived wrote no VRRP pid file " + vrrpPidFile + ":\n" + proc.tail());
        }

        /** A crash of the VRRP child: SIGKILL, no priority-0 advert, VIPs left behind. */
        void crashVrrpChild() throws IOException {
            long pid = vrrpChildPid();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }

        boolean saw(String text) {
            return proc.has(l -> l.contains(text));
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Puts the lab back between tests: kills every process in the hosts' namespaces, plugs every
     * cable back in and removes {@code vip} from every host.
     */
    void reset(String vip) throws IOException {
        for (Proc p : processes) {
            p.process.descendants().forEach(ProcessHandle::destroyForcibly);
            p.process.toHandle().destroyForcibly();
        }
        processes.clear();
        for (String h : ips.keySet()) {
            for (String pid : run("ip", "netns", "pids", ns(h)).split("\\s+")) {
                if (!pid.isBlank()) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            run("ip", "-n", ns("sw"), "link", "set", "v-" + h, "up");
            in(h, "ip", "addr", "del", vip + "/24", "dev", "eth0");
            in(h, "ip", "addr", "del", "fd00::100/64", "dev", "eth0");
        }
        sleep(200);
    }

    /** Kills every process of this lab (and their children) and deletes its namespaces. */
    @Override
    public void close() {
        for (Proc p : processes) {
            p.process.descendants().forEach(ProcessHandle::destroyForcibly);
            p.process.destroyForcibly();
        }
        for (Proc p : processes) {
            try {
                p.process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // keepalived children may have outlived their parent: kill whatever still runs in our namespaces.
        List<String> all = new ArrayList<>(ips.keySet());
        all.add("sw");
        for (String h : all) {
            try {
                for (String pid : run("ip", "netns", "pids", ns(h)).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // namespace already gone
            }
        }
        for (String h : all) {
            try {
                run("ip", "netns", "del", ns(h));
            } catch (IOException ignored) {
                // already gone
            }
        }
        OPEN.remove(this);
    }
}
