package dev.failover4j.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scripts of a keepalived.conf as keepalived does: the argv of the line ({@link Command}),
 * executed directly, through {@code /bin/sh} only when the file is not executable as it is (no
 * {@code #!}); as the configured user (through {@code runuser}, when the agent runs as root); with a
 * time limit (SIGTERM, SIGKILL 2 s later, as keepalived); its output logged.
 */
final class ScriptRunner {

    private static final Logger log = LoggerFactory.getLogger(ScriptRunner.class);
    private static final int OUTPUT_LIMIT = 4096;

    /** The user to run scripts as when they name none (script_user), or null: the agent's own. */
    private final String defaultUser;
    private final boolean root;
    private final java.util.Set<String> warnedUser = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Each vrrp_script's last result, by name ({@link ScriptCheck}). */
    final java.util.Map<String, Boolean> lastResults = new java.util.concurrent.ConcurrentHashMap<>();

    /** Each vrrp_script's last run, by name, line and user, shared by the instances that track it ({@link ScriptCheck}). */
    private final java.util.Map<String, SharedRun> sharedRuns = new java.util.concurrent.ConcurrentHashMap<>();

    /** A script's last run and the lock its runs take; the fields are read and written under the lock. */
    static final class SharedRun {
        final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        boolean ran;
        long at;
        Result result;
        IOException error;
    }

    SharedRun shared(String key) {
        return sharedRuns.computeIfAbsent(key, k -> new SharedRun());
    }

    ScriptRunner(String defaultUser) {
        this.defaultUser = defaultUser;
        this.root = "root".equals(System.getProperty("user.name"));
    }

    /** What a run did: its exit status (-1: killed at its time limit), and what it printed. */
    record Result(int status, String output) {
        boolean ok() {
            return status == 0;
        }
    }

    /** Runs {@code line} to its end or its time limit. */
    Result run(String line, String user, Duration timeout) throws IOException, InterruptedException {
        List<String> argv = Command.split(line);
        if (argv.isEmpty()) {
            throw new IOException("an empty script line");
        }
        Process p = start(argv, user);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> drain(p.getInputStream(), out), "script-output");
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            kill(p);
            reader.join(100);
            return new Result(-1, text(out));
        }
        reader.join(1000);
        return new Result(p.exitValue(), text(out));
    }

    private final java.util.Set<Thread> background = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Waits at most {@code d} for the scripts started in the background to end. */
    void awaitBackground(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        for (Thread t : List.copyOf(background)) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                t.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Starts {@code line} and logs how it ended, without waiting for it (notify scripts). */
    void runInBackground(String what, String line, String user, Duration timeout) {
        Thread t = new Thread(() -> {
            try {
                Result r = run(line, user, timeout);
                if (r.status() == -1) {
                    log.warn("{}: {} did not end within {} s: killed{}", what, line, timeout.toSeconds(), output(r));
                } else if (r.status() != 0) {
                    log.warn("{}: {} exited with status {}{}", what, line, r.status(), output(r));
                } else {
                    log.info("{}: {} done{}", what, line, output(r));
                }
            } catch (IOException e) {
                log.error("{}: cannot run {}: {}", what, line, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                background.remove(Thread.currentThread());
            }
        }, "notify");
        t.setDaemon(true);
        background.add(t);
        t.start();
    }

    static String output(Result r) {
        String s = r.output().strip();
        return s.isEmpty() ? "" : "; it printed: " + s.replace('\n', '|');
    }

    private Process start(List<String> argv, String user) throws IOException {
        String as = user != null ? user : defaultUser;
        List<String> cmd = new ArrayList<>();
        if (as != null && root && !as.equals("root")) {
            // runuser: the user's primary group and supplementary groups, as keepalived's setgid/setgroups
            String[] ug = as.trim().split("\\s+");
            cmd.addAll(ug.length > 1 ? List.of("runuser", "-u", ug[0], "-g", ug[1], "--") : List.of("runuser", "-u", ug[0], "--"));
        } else if (as != null && !root && !as.equals(System.getProperty("user.name")) && warnedUser.add(as)) {
            log.warn("scripts for user {} run as {}: switching users needs the agent to run as root", as, System.getProperty("user.name"));
        }
        cmd.addAll(argv);
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("error=8")) { // ENOEXEC: no #!, as execvp: run it with sh
                cmd.add(cmd.size() - argv.size(), "/bin/sh");
                return new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            }
            throw e;
        }
    }

    /** SIGTERM to the script and what it started, SIGKILL 2 s later (keepalived's way). */
    private static void kill(Process p) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        p.destroy();
        all.forEach(ProcessHandle::destroy);
        if (!p.waitFor(2, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[1024];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (out) {
                    if (out.size() < OUTPUT_LIMIT) {
                        out.write(buf, 0, Math.min(n, OUTPUT_LIMIT - out.size()));
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
