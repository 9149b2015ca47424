package dev.failover4j.bench;

import dev.failover4j.testsupport.netns.Proc;
import java.time.Duration;
import java.util.List;

/** A pair at 10 ms adverts for M minutes with wrk loading the master: spurious state changes per system. */
final class Soak {

    private final BenchLab lab;
    private final BenchOptions options;

    Soak(BenchLab lab, BenchOptions options) {
        this.lab = lab;
        this.options = options;
    }

    String run() throws Exception {
        int minutes = options.soakMinutes();
        StringBuilder b = new StringBuilder("### Soak: VRRPv3 at 10 ms for " + minutes + " min, master under HTTP load\n\n"
                + "wrk -t2 -c32 on the master's /churn (256 KiB of garbage per request) through the VIP, from the client namespace.\n\n"
                + "| System | Requests served | Spurious state changes (both nodes, after the first election) |\n|---|---|---|\n");
        for (String system : options.systems()) {
            lab.reset();
            BenchNode n1 = BenchNode.start(lab, options, system, "n1", 101, true, 10);
            BenchLab.waitFor(() -> lab.hasVip("n1"), Duration.ofSeconds(20), "soak master");
            BenchNode n2 = BenchNode.start(lab, options, system, "n2", 100, true, 10);
            n2.awaitBackup(Duration.ofSeconds(20));
            Thread.sleep(2000);
            long before = n1.changes() + n2.changes();
            Proc wrk = lab.lab.exec("client", "wrk", List.of("wrk", "-t2", "-c32", "-d" + (minutes * 60) + "s",
                    "--timeout", "2s", "http://" + BenchLab.VIP + ":8080/churn"));
            wrk.waitFor(Duration.ofSeconds(minutes * 60L + 60));
            wrk.kill();
            long spurious = n1.changes() + n2.changes() - before;
            String served = wrk.lines().stream().filter(l -> l.contains("requests in")).findFirst().orElse("?").trim();
            b.append("| ").append(system).append(" | ").append(served).append(" | ").append(spurious).append(" |\n");
            System.out.println("soak " + system + ": " + served + "; spurious state changes " + spurious);
        }
        return b.toString();
    }
}
