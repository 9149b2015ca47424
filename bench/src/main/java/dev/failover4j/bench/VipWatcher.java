package dev.failover4j.bench;

import dev.failover4j.testsupport.netns.Proc;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** {@code ip monitor address} in a host's namespace: the moment the VIP is added there. */
final class VipWatcher {

    private final Proc monitor;

    VipWatcher(BenchLab b, String host) throws IOException {
        monitor = b.lab.spawn("monitor-" + host, List.of("ip", "-n", b.lab.ns(host), "-ts", "monitor", "address"));
        dev.failover4j.testsupport.netns.Lab.sleep(200);
    }

    /** The monotonic time the VIP's RTM_NEWADDR was read. */
    long awaitVip(Duration d) {
        monitor.await(this::added, d, "the VIP on the backup");
        return monitor.timeOf(this::added);
    }

    private boolean added(String line) {
        return line.contains("inet " + BenchLab.VIP + "/") && !line.contains("Deleted");
    }

    void close() {
        monitor.kill();
    }
}
