package dev.failover4j.testsupport.netns;

import java.io.IOException;
import java.time.Duration;

/** An {@link Impairer} on one host's link, told what to do as the test goes. */
public final class Impairment {

    private final String host;
    private final Proc proc;
    private int commands;

    Impairment(String host, Proc proc) {
        this.host = host;
        this.proc = proc;
    }

    /** Both directions: {@code loss=PCT delay=MS jitter=MS dup=PCT} (any subset). */
    public void set(String spec) throws IOException {
        command("set both " + spec);
    }

    /** One direction: {@code in} (towards the host) or {@code out} (from it). */
    public void set(String direction, String spec) throws IOException {
        command("set " + direction + " " + spec);
    }

    /** No impairment (frames still pass through the relay). */
    public void clear() throws IOException {
        command("clear");
    }

    /** {@code STATS in|out frames dropped duplicated errors}, both directions. */
    public String stats() throws IOException {
        command("stats");
        java.util.List<String> stats = proc.lines().stream().filter(l -> l.startsWith("STATS ")).toList();
        return String.join("; ", stats.subList(Math.max(0, stats.size() - 2), stats.size()));
    }

    private java.util.List<String> answers() {
        return proc.lines().stream().filter(l -> l.startsWith("OK ") || l.startsWith("ERROR ")).toList();
    }

    private void command(String line) throws IOException {
        int n = ++commands;
        proc.tell(line);
        proc.await(l -> answers().size() >= n, Duration.ofSeconds(5), host + "'s impairer: " + line);
        String answer = answers().get(n - 1);
        if (answer.startsWith("ERROR ")) {
            throw new IllegalArgumentException(host + "'s impairer: " + answer);
        }
    }
}
