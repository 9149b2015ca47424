package dev.failover4j.bench;

import dev.failover4j.testsupport.netns.Lab;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The benchmark's lab: nodes n1 (10.77.0.10) and n2 (.20), a client (.99), the VIP 10.77.0.100/24. */
final class BenchLab implements AutoCloseable {

    static final String VIP = "10.77.0.100";

    final Lab lab;

    BenchLab(Path logs) throws IOException {
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("n1", "10.77.0.10");
        hosts.put("n2", "10.77.0.20");
        hosts.put("client", "10.77.0.99");
        this.lab = new Lab(logs, hosts);
    }

    /** Every process stopped by PID, cables in, no VIP, neighbour caches empty. */
    void reset() throws IOException {
        lab.reset(VIP + "/24");
        Lab.sleep(100);
    }

    @Override
    public void close() {
        lab.close();
    }

    /** Whether {@code host} holds the VIP on any interface (eth0, or vrrp.51 with a virtual MAC). */
    boolean hasVip(String host) throws IOException {
        return lab.in(host, "ip", "-o", "addr", "show").contains(" " + VIP + "/");
    }

    /** Waits until {@code check} holds, every 20 ms. */
    static void waitFor(Check check, java.time.Duration d, String what) throws Exception {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() - end < 0) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("timed out waiting for " + what);
    }

    interface Check {
        boolean ok() throws Exception;
    }
}
