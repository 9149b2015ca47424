package dev.failover4j.bench;

import dev.failover4j.bench.FailoverRounds.Cell;
import dev.failover4j.bench.FailoverRounds.Round;
import dev.failover4j.testsupport.netns.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * failover4j vs keepalived 2.2.7, measured in one run on this machine, in the project's lab of
 * network namespaces: the failover cells ({@link FailoverRounds}), the idle cost ({@link IdleCost}),
 * a soak under load ({@link Soak}) and spurious takeovers on a lossy wire ({@link LossyWire}). Run by bench/failover.sh as root; writes results.md and
 * failover-gap.png. Not part of CI: it runs for many minutes.
 */
public final class BenchMain {

    private BenchMain() {
    }

    /** The commit the bench jar was built from (git, if it is here), for the record. */
    private static String commit() {
        try {
            String head = Lab.run("git", "rev-parse", "--short", "HEAD").trim();
            boolean dirty = !Lab.run("git", "status", "--porcelain", "--untracked-files=no").isBlank();
            return head + (dirty ? " (with local changes)" : "");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) throws Exception {
        BenchOptions o = BenchOptions.parse(args);
        List<String> missing = Lab.missing("keepalived", "wrk", "curl");
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the benchmark needs " + String.join(", ", missing));
        }
        Files.createDirectories(o.out());
        String benchJar = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        StringBuilder md = new StringBuilder();
        try (BenchLab lab = new BenchLab(o.out().resolve("run"))) {
            md.append("Run: ").append(Instant.now()).append(", kernel ").append(Lab.run("uname", "-r").trim()).append(", ")
                    .append(Lab.run("keepalived", "--version").lines().findFirst().orElse("?")).append(", Java ")
                    .append(System.getProperty("java.version")).append(", ").append(Runtime.getRuntime().availableProcessors())
                    .append(" CPUs, failover4j node JVM options: ")
                    .append(o.nodeJvmOpts().isEmpty() ? "(none)" : String.join(" ", o.nodeJvmOpts()))
                    .append(o.rtPriority() > 0 ? ", both systems at SCHED_RR " + o.rtPriority() : ", both at the default scheduling")
                    .append(", commit ").append(commit()).append("\n\n");
            if (o.runs("failover")) {
                Map<Cell, List<Round>> results = new FailoverRounds(lab, o, benchJar).run();
                md.append(o.rounds()).append(" rounds per cell.\n\n").append(Report.table(results, o.rounds()))
                        .append("\nWhere the time goes (capture on the lab's switch):\n\n").append(Report.breakdown(results));
                GapPlot.write(results, o.out().resolve("failover-gap.png"));
            }
            if (o.runs("idle") && o.idleSeconds() > 0) {
                md.append("\n").append(new IdleCost(lab, o).run());
            }
            if (o.runs("groups")) {
                Groups g = new Groups(lab, o, benchJar);
                md.append("\n").append(Groups.table(g.run(Groups.cells(o)), o));
            }
            if (o.runs("soak") && o.soakMinutes() > 0) {
                md.append("\n").append(new Soak(lab, o).run());
            }
        }
        if (o.runs("lossy") && o.lossyMinutes() > 0) {
            md.append("\n").append(new LossyWire(o).run());
        }
        md.append("\nFinished: ").append(Instant.now()).append("\n");
        Files.writeString(o.out().resolve("results.md"), md.toString());
        System.out.println();
        System.out.println(md);
        System.out.println("written: " + o.out().resolve("results.md") + ", " + o.out().resolve("failover-gap.png"));
    }
}
