package dev.failover4j.testsupport.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process the lab started: its output lines, each with the monotonic time it was read, copied to a
 * log file. Stopped by PID (its handle), never by name.
 */
public final class Proc {

    private final String label;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();
    private final Thread reader;

    Proc(String label, Process process, Path log) throws IOException {
        this.label = label;
        this.process = process;
        PrintWriter w = new PrintWriter(Files.newBufferedWriter(log), true);
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    long now = System.nanoTime();
                    synchronized (lines) {
                        lines.add(line);
                        times.add(now);
                    }
                    w.println(line);
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                w.close();
            }
        }, "lab-output-" + label);
        reader.setDaemon(true);
        reader.start();
    }

    public String label() {
        return label;
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A copy of the lines so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public boolean has(Predicate<String> p) {
        synchronized (lines) {
            return lines.stream().anyMatch(p);
        }
    }

    /** The monotonic time the first line matching {@code p} was read, or -1. */
    public long timeOf(Predicate<String> p) {
        synchronized (lines) {
            for (int i = 0; i < lines.size(); i++) {
                if (p.test(lines.get(i))) {
                    return times.get(i);
                }
            }
        }
        return -1;
    }

    /** How many lines match {@code p}. */
    public long count(Predicate<String> p) {
        synchronized (lines) {
            return lines.stream().filter(p).count();
        }
    }

    /** Waits for a line matching {@code p}; returns it, or throws with the output so far. */
    public String await(Predicate<String> p, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - end < 0) {
            String found = first(p);
            if (found != null) {
                return found;
            }
            if (!process.isAlive()) {
                try {
                    reader.join(2000); // the last lines may still be in the pipe
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                found = first(p);
                if (found != null) {
                    return found;
                }
                throw new AssertionError(label + " exited (" + process.exitValue() + ") before " + what + ":\n" + tail());
            }
            Lab.sleep(5);
        }
        throw new AssertionError(label + ": no " + what + " within " + timeout + ":\n" + tail());
    }

    private String first(Predicate<String> p) {
        synchronized (lines) {
            for (String l : lines) {
                if (p.test(l)) {
                    return l;
                }
            }
        }
        return null;
    }

    /** Writes {@code line} to the process's standard input. */
    public void tell(String line) throws java.io.IOException {
        java.io.OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The last 40 lines. */
    public String tail() {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
    }

    /** SIGKILL (through the handle: Process.destroy would also close our end of its output). */
    public void kill() {
        process.toHandle().destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM, then SIGKILL if it has not ended within {@code wait}; its output is kept. */
    public void terminate(Duration wait) {
        process.toHandle().destroy();
        if (!waitFor(wait)) {
            process.toHandle().destroyForcibly();
        }
    }

    /** SIGTERM without waiting. */
    public void signalTerm() {
        process.toHandle().destroy();
    }

    public boolean waitFor(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
