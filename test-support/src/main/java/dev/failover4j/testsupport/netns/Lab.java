package dev.failover4j.testsupport.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A lab of network namespaces made by its user: a switch namespace with bridge {@code br0}, and one
 * namespace per host, each with {@code eth0} on a veth to the bridge, its address as /24 and MAC
 * {@code 02:77:00:00:00:<last octet>}. Nothing touches the host's own interfaces. Processes started
 * here run under {@code ip netns exec}; {@link #close()} kills every one of them (by PID) and deletes
 * the namespaces, also from a shutdown hook if the JVM dies. The one lab of the project: the
 * namespace tests, the benchmark and the demo all use it.
 */
public final class Lab implements AutoCloseable {

    /** The java of this JVM, for nodes started in the lab. */
    public static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final List<Lab> OPEN = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(Lab::close)));
    }

    private final String prefix;
    private final Map<String, String> ips;
    private final List<Proc> processes = new CopyOnWriteArrayList<>();
    private final Path dir;
    private final Map<String, Map<String, String>> environments = new java.util.concurrent.ConcurrentHashMap<>();
    private int runs;

    /** Hosts named {@code names}, at 10.77.0.10, .20, .30 ...; logs under {@code target/netns}. */
    public static Lab of(String... names) throws IOException {
        Map<String, String> hosts = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            hosts.put(names[i], "10.77.0." + 10 * (i + 1));
        }
        return new Lab(Path.of("target", "netns"), hosts);
    }

    /**
     * @param logs  where each lab keeps its logs, config and pid files (a directory per lab)
     * @param hosts host name to IPv4 address (a /24 on the lab's bridge)
     */
    public Lab(Path logs, Map<String, String> hosts) throws IOException {
        this.prefix = "f4j" + (ProcessHandle.current().pid() % 100000) + Long.toString(System.nanoTime() % 1296, 36);
        this.ips = new LinkedHashMap<>(hosts);
        this.dir = Files.createDirectories(logs.resolve(prefix));
        OPEN.add(this);
        try {
            run("ip", "netns", "add", ns("sw"));
            run("ip", "-n", ns("sw"), "link", "add", "br0", "type", "bridge");
            run("ip", "-n", ns("sw"), "link", "set", "br0", "up");
            for (Map.Entry<String, String> e : ips.entrySet()) {
                String h = e.getKey();
                run("ip", "netns", "add", ns(h));
                // No duplicate address detection in the lab: link-local addresses are usable at once.
                run("ip", "netns", "exec", ns(h), "sh", "-c", "echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad");
                run("ip", "-n", ns(h), "link", "set", "lo", "up");
                createLink(h);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code host}'s eth0 on a veth to the bridge, with its MAC and address, up. */
    private void createLink(String h) throws IOException {
        run("ip", "-n", ns("sw"), "link", "add", "v-" + h, "type", "veth", "peer", "name", "eth0", "netns", ns(h));
        run("ip", "-n", ns("sw"), "link", "set", "v-" + h, "master", "br0", "up");
        run("ip", "-n", ns(h), "link", "set", "eth0", "address", mac(h));
        run("ip", "-n", ns(h), "addr", "add", ips.get(h) + "/24", "dev", "eth0");
        run("ip", "-n", ns(h), "link", "set", "eth0", "up");
    }

    /** Deletes {@code host}'s eth0 (and its veth peer on the switch), as a driver unload or hot-unplug would. */
    public void deleteLink(String host) throws IOException {
        run("ip", "-n", ns(host), "link", "del", "eth0");
    }

    /** Creates {@code host}'s eth0 again after {@link #deleteLink}: a new ifindex, the same name, MAC and address. */
    public void recreateLink(String host) throws IOException {
        createLink(host);
    }

    /**
     * What this machine lacks for a lab: root, {@code ip}, and each of {@code tools} on the PATH.
     * Empty when everything is there.
     */
    public static List<String> missing(String... tools) {
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
        return missing;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    /** The namespace of {@code host} ("sw" is the switch). */
    public String ns(String host) {
        return prefix + "-" + host;
    }

    /** The IPv4 address of {@code host}. */
    public String ip(String host) {
        return ips.get(host);
    }

    /** The hosts' names, in order. */
    public List<String> hosts() {
        return List.copyOf(ips.keySet());
    }

    /** This lab's directory of logs, configs and pid files. */
    public Path dir() {
        return dir;
    }

    /** Runs a command to completion; throws with its output if it exits non-zero. */
    public static String run(String... cmd) throws IOException {
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
    public String in(String host, String... cmd) throws IOException {
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

    /** Whether {@code host}'s eth0 carries {@code ip} (IPv4 or IPv6); false while there is no eth0. */
    public boolean hasAddress(String host, String ip) throws IOException {
        return hasAddress(host, "eth0", ip);
    }

    /** Whether {@code host}'s {@code dev} carries {@code ip} (IPv4 or IPv6). */
    public boolean hasAddress(String host, String dev, String ip) throws IOException {
        return in(host, "ip", "-o", "addr", "show", "dev", dev).contains(" " + ip + "/");
    }

    /** Waits until {@code host}'s {@code dev} holds (or no longer holds) {@code ip}. */
    public long awaitAddress(String host, String dev, String ip, boolean present, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - end < 0) {
            if (hasAddress(host, dev, ip) == present) {
                return System.nanoTime();
            }
            sleep(10);
        }
        throw new AssertionError(ip + (present ? " never appeared on " : " never left ") + host + " " + dev + " within " + timeout);
    }

    /**
     * A second network: bridge {@code br1} on the switch and {@code eth1} on every host (on a veth
     * {@code x-<host>}), with only its IPv6 link-local address. Once per lab; {@link #reset} plugs
     * its cables back in.
     */
    public void addSecondNetwork() throws IOException {
        if (second) {
            return;
        }
        run("ip", "-n", ns("sw"), "link", "add", "br1", "type", "bridge");
        run("ip", "-n", ns("sw"), "link", "set", "br1", "up");
        for (String h : ips.keySet()) {
            run("ip", "-n", ns("sw"), "link", "add", "x-" + h, "type", "veth", "peer", "name", "eth1", "netns", ns(h));
            run("ip", "-n", ns("sw"), "link", "set", "x-" + h, "master", "br1", "up");
            run("ip", "-n", ns(h), "link", "set", "eth1", "address", mac(h).replace("02:77:", "02:78:"));
            run("ip", "-n", ns(h), "link", "set", "eth1", "up");
        }
        second = true;
    }

    private boolean second;

    /** Takes the host's cable of {@code eth1} (the second network) out: eth1 loses carrier. */
    public void secondCableOut(String host) throws IOException {
        run("ip", "-n", ns("sw"), "link", "set", "x-" + host, "down");
    }

    /** Plugs the host's cable of {@code eth1} back in. */
    public void secondCableIn(String host) throws IOException {
        run("ip", "-n", ns("sw"), "link", "set", "x-" + host, "up");
    }

    /** Waits until {@code host} holds (or no longer holds) {@code ip}; returns the monotonic time it was seen. */
    public long awaitAddress(String host, String ip, boolean present, Duration timeout) throws IOException {
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
    public void cableOut(String host) throws IOException {
        run("ip", "-n", ns("sw"), "link", "set", "v-" + host, "down");
    }

    /** Plugs the host's cable back in. */
    public void cableIn(String host) throws IOException {
        run("ip", "-n", ns("sw"), "link", "set", "v-" + host, "up");
    }

    /**
     * Cuts VRRP (IP protocol 112) between {@code side} and every other host, both ways, with an
     * nftables rule in the bridge family on the lab's switch; ARP and all other traffic still flow.
     * Replaces any earlier cut.
     */
    public void cutVrrp(java.util.Collection<String> side) throws IOException {
        healVrrp();
        StringBuilder rules = new StringBuilder("table bridge f4jcut {\n chain forward {\n"
                + "  type filter hook forward priority 0; policy accept;\n");
        for (String a : side) {
            for (String b : ips.keySet()) {
                if (!side.contains(b)) {
                    rules.append("  iifname \"v-").append(a).append("\" oifname \"v-").append(b)
                            .append("\" ether type ip ip protocol 112 drop\n");
                    rules.append("  iifname \"v-").append(b).append("\" oifname \"v-").append(a)
                            .append("\" ether type ip ip protocol 112 drop\n");
                }
            }
        }
        rules.append(" }\n}\n");
        Path file = dir.resolve("cut.nft");
        Files.writeString(file, rules);
        run("ip", "netns", "exec", ns("sw"), "nft", "-f", file.toString());
    }

    /** Removes the VRRP cut (nothing if there is none). */
    public void healVrrp() throws IOException {
        in("sw", "nft", "delete", "table", "bridge", "f4jcut");
    }

    /**
     * Puts an {@link Impairer} on {@code host}'s link (netem in user space: this kernel has no
     * sch_netem): its switch port leaves the bridge and a relay in the switch namespace carries its
     * frames to and from the bridge, lossy, late, jittered or duplicated as told. No impairment until
     * {@link Impairment#set}; {@link #reset} and {@link #close} take it away.
     */
    public Impairment impair(String host, long seed) throws IOException {
        String port = "v-" + host;
        run("ip", "-n", ns("sw"), "link", "add", "i-" + host, "type", "veth", "peer", "name", "j-" + host);
        run("ip", "-n", ns("sw"), "link", "set", port, "nomaster");
        run("ip", "-n", ns("sw"), "link", "set", "j-" + host, "master", "br0", "up");
        for (String i : List.of(port, "i-" + host)) {
            run("ip", "-n", ns("sw"), "link", "set", i, "promisc", "on", "up");
        }
        Proc p = exec("sw", "impairer-" + host, List.of(JAVA, "-Xmx64m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Impairer.class.getName(), port, "i-" + host, String.valueOf(seed)));
        p.await(l -> l.equals("READY"), Duration.ofSeconds(20), "impairer ready");
        return new Impairment(host, p);
    }

    /**
     * Starts a {@link Sniffer} on the switch (at real-time priority 80 when {@code chrt} allows it):
     * every VRRP advert and gratuitous ARP a host sends, with its monotonic time. Read it with
     * {@link Capture}.
     */
    public Proc sniff() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("chrt", "-f", "80", JAVA, "-Xmx64m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Sniffer.class.getName()));
        Proc p = exec("sw", "sniffer", cmd);
        p.await(l -> l.equals("READY"), Duration.ofSeconds(20), "sniffer ready");
        return p;
    }

    /**
     * Starts an {@link Injector} on {@code host}: an attacker that captures and sends raw IPv4 packets
     * on its eth0 when told ({@link Proc#tell}).
     */
    public Proc injector(String host) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-Xmx64m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Injector.class.getName()));
        Proc p = exec(host, host + "-injector", cmd);
        p.await(l -> l.equals("READY"), Duration.ofSeconds(20), "injector ready");
        return p;
    }

    /** Takes an impairer's relay away and puts {@code host}'s port back on the bridge (nothing if none). */
    private void unimpair(String host) throws IOException {
        if (!in("sw", "ip", "link", "show", "i-" + host).contains("does not exist")) {
            in("sw", "ip", "link", "del", "i-" + host);
            in("sw", "ip", "link", "set", "v-" + host, "promisc", "off");
            in("sw", "ip", "link", "set", "v-" + host, "master", "br0", "up");
        }
    }

    /** The MAC the lab gave {@code host}'s eth0. */
    public String mac(String host) {
        String ip = ips.get(host);
        return String.format("02:77:00:00:00:%02x", Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1)));
    }

    /** The link-layer address {@code host}'s neighbour table holds for {@code ip}, or null. */
    public String neighbour(String host, String ip) throws IOException {
        String line = run("ip", "-n", ns(host), "neigh", "show", ip, "dev", "eth0").trim();
        int i = line.indexOf("lladdr ");
        return i < 0 ? null : line.substring(i + 7).split("\\s+")[0];
    }

    /** One HTTP GET from {@code client} with curl; the body, or null if it failed or timed out. */
    public String get(String client, String url, Duration timeout) throws IOException {
        String out = in(client, "curl", "-s", "--fail", "--max-time", String.format("%.3f", timeout.toMillis() / 1000.0), url);
        return out.isBlank() ? null : out.trim();
    }

    /** Starts {@code cmd} in {@code host}'s namespace; its output goes to {@code <label>.log} in {@link #dir()}. */
    public Proc exec(String host, String label, List<String> cmd) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        full.addAll(cmd);
        return spawn(label, full, environments.getOrDefault(host, Map.of()));
    }

    /** Environment variables for every process started on {@code host} from now on (e.g. LD_PRELOAD). */
    public void environment(String host, Map<String, String> env) {
        environments.put(host, Map.copyOf(env));
    }

    /** Starts {@code cmd} as it is (e.g. {@code ip -n NS monitor}); stopped with the lab. */
    public Proc spawn(String label, List<String> cmd) throws IOException {
        return spawn(label, cmd, Map.of());
    }

    private Proc spawn(String label, List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process process = pb.start();
        Proc p = new Proc(label, process, dir.resolve(label + "-" + process.pid() + ".log"));
        processes.add(p);
        return p;
    }

    /** Starts keepalived (VRRP only, foreground, logging to the console) with {@code config} in {@code host}'s namespace. */
    public Keepalived keepalived(String host, String config) throws IOException {
        // Fresh files per start: keepalived refuses to start if an old pid file names a live (reused) pid.
        String run = host + "-keepalived-" + (++runs);
        Path conf = dir.resolve(run + ".conf");
        Files.writeString(conf, config);
        Path pid = dir.resolve(run + ".pid").toAbsolutePath();
        Path vrrpPid = dir.resolve(run + "-vrrp.pid").toAbsolutePath();
        Path checkersPid = dir.resolve(run + "-checkers.pid").toAbsolutePath();
        Proc p = exec(host, run, List.of("keepalived", "-n", "-l", "-D", "-G", "-P", "-R",
                "-f", conf.toAbsolutePath().toString(), "-p", pid.toString(), "-r", vrrpPid.toString(),
                "-c", checkersPid.toString()));
        return new Keepalived(p, vrrpPid);
    }

    /**
     * Puts the lab back between rounds: kills every process in the hosts' namespaces, forgets their
     * environments, takes impairers away, plugs every cable back in, gives every eth0 back (created again if deleted, its
     * address, MTU 1500), removes {@code addresses} (CIDR) from every host and empties their neighbour
     * caches.
     */
    public void reset(String... addresses) throws IOException {
        for (Proc p : processes) {
            p.process().descendants().forEach(ProcessHandle::destroyForcibly);
            p.process().toHandle().destroyForcibly();
        }
        processes.clear();
        environments.clear();
        healVrrp();
        killNamespace("sw"); // impairers
        for (String h : ips.keySet()) {
            unimpair(h);
            killNamespace(h);
            if (in(h, "ip", "link", "show", "eth0").contains("does not exist")) {
                createLink(h); // a test deleted it
            }
            cableIn(h);
            in(h, "ip", "link", "set", "eth0", "mtu", "1500");
            in(h, "ip", "addr", "replace", ips.get(h) + "/24", "dev", "eth0");
            for (String a : addresses) {
                in(h, "ip", "addr", "del", a, "dev", "eth0");
            }
            in(h, "ip", "neigh", "flush", "dev", "eth0");
            for (String line : in(h, "ip", "-o", "link", "show").split("\n")) {
                // Virtual MAC interfaces (failover4j's or keepalived's use_vmac) a killed node left behind.
                String[] f = line.split(":\\s+|@");
                if (f.length > 1 && f[1].startsWith("vrrp")) {
                    in(h, "ip", "link", "del", f[1]);
                }
            }
            if (second) {
                run("ip", "-n", ns("sw"), "link", "set", "x-" + h, "up");
                for (String a : addresses) {
                    in(h, "ip", "addr", "del", a, "dev", "eth1");
                }
            }
        }
        sleep(200);
    }

    private void killNamespace(String host) throws IOException {
        for (String pid : run("ip", "netns", "pids", ns(host)).split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Kills every process of this lab (and their children) and deletes its namespaces. */
    @Override
    public void close() {
        for (Proc p : processes) {
            p.process().descendants().forEach(ProcessHandle::destroyForcibly);
            p.process().destroyForcibly();
        }
        for (Proc p : processes) {
            p.waitFor(Duration.ofSeconds(5));
        }
        // keepalived children may have outlived their parent: kill whatever still runs in our namespaces.
        List<String> all = new ArrayList<>(ips.keySet());
        all.add("sw");
        for (String h : all) {
            try {
                killNamespace(h);
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

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
