package dev.failover4j.jna.it;

import com.sun.net.httpserver.HttpServer;
import dev.failover4j.FailoverException;
import dev.failover4j.Counter;
import dev.failover4j.HaGroup;
import dev.failover4j.HaStatus;
import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A failover4j node for the namespace tests, run as its own JVM under {@code ip netns exec}: one
 * HaGroup from the command line, and an HTTP server answering {@code Welcome to NAME} on {@code /}
 * and the status on {@code /status}. Prints one line per state change:
 * {@code STATE <prev> <cur> <cause> <epoch> <monotonic-ns when printed> <monotonic-ns of the transition>}.
 * SIGTERM closes the group gracefully. With {@code --web-only true} it is only the HTTP server (beside a
 * keepalived); with {@code --print-clock true} it prints {@code CLOCK <epoch-ms>} twice a second.
 */
public final class TestNode {

    /** Starts a TestNode JVM in {@code host}'s namespace with {@code args}. */
    static Proc start(Lab lab, String host, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Lab.JAVA, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", TestNode.class.getName(), "--name", host));
        cmd.addAll(List.of(args));
        return lab.exec(host, host, cmd);
    }

    public static void main(String[] args) throws Exception {
        String name = "node";
        HaGroup.Builder b = HaGroup.builder().interfaceName("eth0");
        int port = 8080;
        boolean webOnly = false;
        boolean printClock = false;
        String syncV6 = null;
        java.util.List<String[]> groupOptions = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--name" -> name = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--web-only" -> webOnly = Boolean.parseBoolean(v);
                case "--print-clock" -> printClock = Boolean.parseBoolean(v);
                case "--sync-v6" -> syncV6 = v; // IFACE,VRID,VIP: a VRRPv3 IPv6 group in one sync group with the main one
                default -> {
                    option(b, args[i], v);
                    groupOptions.add(new String[] {args[i], v});
                }
            }
        }
        HaGroup second = null;
        if (syncV6 != null) {
            String[] p = syncV6.split(",");
            dev.failover4j.SyncGroup sync = dev.failover4j.SyncGroup.named("VG");
            b.syncGroup(sync);
            HaGroup.Builder b6 = HaGroup.builder();
            for (String[] o : groupOptions) {
                if (!List.of("--vip", "--vrid", "--track-file", "--version").contains(o[0])) {
                    option(b6, o[0], o[1]);
                }
            }
            second = b6.interfaceName(p[0]).vrid(Integer.parseInt(p[1])).vrrpVersion(3).virtualAddress(p[2]).syncGroup(sync)
                    .listener(c -> {
                        System.out.println("STATE6 " + c.previous() + " " + c.current() + " " + c.cause() + " " + c.epoch());
                        System.out.flush();
                    }).build();
        }
        String me = name;
        if (printClock) { // the wall clock as this process sees it, for tests that step it
            Thread clock = new Thread(() -> {
                while (true) {
                    System.out.println("CLOCK " + System.currentTimeMillis());
                    System.out.flush();
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "clock");
            clock.setDaemon(true);
            clock.start();
        }
        if (webOnly) { // beside a keepalived: the same answer from whichever router holds the VIP
            HttpServer http = HttpServer.create(new InetSocketAddress(port), 16);
            http.createContext("/", x -> reply(x, "Welcome to " + me + "\n"));
            http.start();
            System.out.println("STARTED");
            System.out.flush();
            Thread.currentThread().join();
        }
        HaGroup group = b.listener(c -> {
            System.out.println("STATE " + c.previous() + " " + c.current() + " " + c.cause() + " " + c.epoch() + " " + System.nanoTime() + " " + c.atNanos());
            System.out.flush();
        }).build();

        HttpServer http = HttpServer.create(new InetSocketAddress(port), 16);
        http.createContext("/", x -> reply(x, "Welcome to " + me + "\n"));
        http.createContext("/status", x -> {
            HaStatus s = group.status();
            reply(x, "state=" + s.state() + "\nrejections=" + s.counters().rejections().entrySet().stream()
                    .map(e -> e.getKey() + ":" + e.getValue()).sorted().collect(Collectors.joining(",")) + "\n"
                    + "received=" + s.counters().get(Counter.ADVERTS_RECEIVED) + "\n"
                    + "sent=" + s.counters().get(Counter.ADVERTS_SENT) + "\n");
        });
        http.start();
        HaGroup v6 = second;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (v6 != null) {
                v6.close(Duration.ofSeconds(3));
            }
            group.close(Duration.ofSeconds(3));
            http.stop(0);
            System.out.println("CLOSED");
            System.out.flush();
        }));
        try {
            group.start();
            if (v6 != null) {
                v6.start();
            }
        } catch (FailoverException e) {
            System.out.println("START-FAILED " + e.getMessage());
            System.out.flush();
            http.stop(0);
            System.exit(3);
        }
        readCommands(group);
        System.out.println("STARTED");
        System.out.flush();
        Thread.currentThread().join();
    }

    /** One group option of the command line (also of a RECONFIGURE line on standard input). */
    static void option(HaGroup.Builder b, String key, String v) {
        switch (key) {
            case "--vrid" -> b.vrid(Integer.parseInt(v));
            case "--priority" -> b.priority(Integer.parseInt(v));
            case "--vip" -> b.virtualAddress(v);
            case "--version" -> b.vrrpVersion(Integer.parseInt(v));
            case "--interval-ms" -> b.advertInterval(Duration.ofMillis(Long.parseLong(v)));
            case "--auth-pass" -> b.authPassword(v);
            case "--hmac-key" -> b.hmac(dev.failover4j.HmacAuth.builder().keyHex(1, v).activeKey(1).build()); // key id 1, enforce
            case "--lease-s" -> b.vipLease(Duration.ofSeconds(Long.parseLong(v)));
            case "--unicast-src" -> b.unicastSource(v);
            case "--unicast-peer" -> b.unicastPeer(v);
            case "--rt-priority" -> b.realtimePriority(Integer.parseInt(v));
            case "--settle-ms" -> b.takeoverSettle(Duration.ofMillis(Long.parseLong(v)));
            case "--lock-memory" -> b.lockMemory(Boolean.parseBoolean(v));
            case "--vmac" -> b.useVirtualMac(Boolean.parseBoolean(v));
            case "--election-only" -> b.electionOnly(Boolean.parseBoolean(v)); // the value: IPv6 or not
            case "--track-interface" -> { // NAME:WEIGHT
                int colon = v.lastIndexOf(':');
                b.trackInterface(v.substring(0, colon), Integer.parseInt(v.substring(colon + 1)));
            }
            case "--track-file" -> { // PATH:WEIGHT
                int colon = v.lastIndexOf(':');
                b.trackFile(java.nio.file.Path.of(v.substring(0, colon)), Integer.parseInt(v.substring(colon + 1)));
            }
            default -> throw new IllegalArgumentException("unknown option " + key);
        }
    }

    /**
     * Standard input: {@code RECONFIGURE <every group option>} applies a new configuration live
     * ({@link HaGroup#reconfigure}) and prints {@code RECONFIGURED} or {@code RECONFIGURE-FAILED <why>}.
     */
    private static void readCommands(HaGroup group) {
        Thread t = new Thread(() -> {
            try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.startsWith("RECONFIGURE ")) {
                        continue;
                    }
                    String[] a = line.substring("RECONFIGURE ".length()).trim().split("\\s+");
                    try {
                        HaGroup.Builder nb = HaGroup.builder().interfaceName("eth0");
                        for (int i = 0; i < a.length; i += 2) {
                            option(nb, a[i], a[i + 1]);
                        }
                        group.reconfigure(nb.buildConfig());
                        System.out.println("RECONFIGURED");
                    } catch (RuntimeException e) {
                        System.out.println("RECONFIGURE-FAILED " + e.getMessage().replace('\n', ' '));
                    }
                    System.out.flush();
                }
            } catch (IOException e) {
                // standard input closed: no more commands
            }
        }, "commands");
        t.setDaemon(true);
        t.start();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange x, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        x.sendResponseHeaders(200, bytes.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(bytes);
        }
    }
}
