package dev.failover4j.jna.it;

import dev.failover4j.testsupport.netns.Keepalived;
import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One VRRP router of either kind in a lab, VRID 51 with one VIP: a failover4j {@link TestNode}, or
 * keepalived 2.2.7, optionally with a {@code TestNode --web-only} beside it so that clients get the
 * same answer ({@code Welcome to HOST}) from either. State changes are read from their output.
 */
final class Router {

    final Lab lab;
    final String host;
    final boolean keepalived;
    final int priority;
    int version = 3;
    int advertMs = 100;
    static final String DEFAULT_VIP = "10.77.0.100";
    String vip = DEFAULT_VIP;
    int prefix = 24;
    /** Extra TestNode arguments (failover4j only). */
    final List<String> extra = new ArrayList<>();
    /** Extra vrrp_instance lines (keepalived only). */
    final List<String> instanceLines = new ArrayList<>();
    /** Extra global_defs lines (keepalived). */
    String globals = "";
    Proc proc;
    Keepalived k;
    /** keepalived: whether a web server runs beside it. */
    boolean serveWeb;
    Proc web;

    Router(Lab lab, String host, boolean keepalived, int priority) {
        this.lab = lab;
        this.host = host;
        this.keepalived = keepalived;
        this.priority = priority;
    }

    String kind() {
        return keepalived ? "keepalived" : "failover4j";
    }

    Router interval(int version, int advertMs) {
        this.version = version;
        this.advertMs = advertMs;
        return this;
    }

    /** An IPv6 group (VRRPv3): VIP fd00::100/64. */
    Router ipv6() {
        vip = "fd00::100";
        prefix = 64;
        version = 3;
        return this;
    }

    Router servingWeb() {
        serveWeb = true;
        return this;
    }

    /** Extra TestNode arguments; ignored by keepalived. */
    Router with(String... args) {
        extra.addAll(List.of(args));
        return this;
    }

    /** Starts it and waits until it runs (its first state). */
    Router start() throws Exception {
        if (keepalived) {
            k = lab.keepalived(host, KeepalivedInteropIT.keepalivedConf(version, 51, priority, advertMs, null, vip + "/" + prefix,
                    String.join("\n", instanceLines) + (instanceLines.isEmpty() ? "" : "\n")).replace("global_defs {\n", "global_defs {\n" + globals));
            proc = k.proc();
            proc.await(s -> s.contains("Entering BACKUP STATE") || s.contains("Entering MASTER STATE"),
                    Duration.ofSeconds(15), host + " running");
            if (serveWeb && (web == null || !web.isAlive())) {
                web = TestNode.start(lab, host, "--web-only", "true");
                web.await(s -> s.startsWith("STARTED"), Duration.ofSeconds(20), host + " web server");
            }
        } else {
            List<String> a = new ArrayList<>(List.of("--vrid", "51", "--priority", String.valueOf(priority),
                    "--vip", vip + "/" + prefix, "--version", String.valueOf(version), "--interval-ms", String.valueOf(advertMs),
                    "--rt-priority", "50"));
            a.addAll(extra);
            proc = TestNode.start(lab, host, a.toArray(new String[0]));
            proc.await(s -> s.startsWith("STARTED"), Duration.ofSeconds(20), host + " started");
        }
        return this;
    }

    /** How many times it has entered {@code state} (MASTER, BACKUP, FAULT). */
    int entered(String state) {
        if (proc == null) {
            return 0;
        }
        return (int) proc.count(s -> keepalived ? s.contains("Entering " + state + " STATE")
                : s.startsWith("STATE ") && s.split(" ")[2].equals(state));
    }

    int masters() {
        return entered("MASTER");
    }

    /** All state entries so far. */
    int transitions() {
        return entered("MASTER") + entered("BACKUP") + entered("FAULT");
    }

    /** Waits until it has entered {@code state} {@code n} times; the monotonic time it was read. */
    long awaitEntered(String state, int n, Duration d) {
        proc.await(s -> entered(state) >= n, d, host + " " + state + " #" + n);
        return System.nanoTime();
    }

    /** Like {@link #awaitEntered} but returns -1 instead of failing. */
    long tryAwaitEntered(String state, int n, Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() - end < 0) {
            if (entered(state) >= n) {
                return System.nanoTime();
            }
            Lab.sleep(5);
        }
        return -1;
    }

    void awaitMasters(int n, Duration d) {
        awaitEntered("MASTER", n, d);
    }

    /** The PID of the process that speaks VRRP (keepalived: its VRRP child). */
    long vrrpPid() throws IOException {
        return keepalived ? k.vrrpChildPid() : proc.pid();
    }

    /** Host death: the cable out and the process killed without a word (keepalived: its VRRP child). */
    void die() throws Exception {
        lab.cableOut(host);
        if (keepalived) {
            k.crashVrrpChild();
        }
        proc.kill();
    }

    /** A graceful stop: priority 0 on the wire, then the VIP released. */
    void stop() {
        proc.terminate(Duration.ofSeconds(10));
    }

    String tail() {
        return proc == null ? "" : proc.tail();
    }

    /**
     * The invariant after convergence, within 5 s: only {@code holder} holds the VIP and the client
     * {@code c} reaches it there. Null when it holds, else what was seen.
     */
    static String converged(Lab lab, String holder, String other) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String answer = null;
        while (System.nanoTime() - end < 0) {
            answer = lab.get("c", "http://" + DEFAULT_VIP + ":8080/", Duration.ofMillis(500));
            if (("Welcome to " + holder).equals(answer) && lab.hasAddress(holder, DEFAULT_VIP)
                    && !lab.hasAddress(other, DEFAULT_VIP)) {
                return null;
            }
            Lab.sleep(50);
        }
        return String.format(Locale.ROOT, "VIP on %s: %b, on %s: %b, the client got %s", holder,
                lab.hasAddress(holder, DEFAULT_VIP), other, lab.hasAddress(other, DEFAULT_VIP), answer);
    }
}
