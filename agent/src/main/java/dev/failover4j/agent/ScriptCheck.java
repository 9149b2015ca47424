package dev.failover4j.agent;

import dev.failover4j.HealthCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vrrp_script as a health check: runs its line through the {@link ScriptRunner} and logs, as
 * keepalived does ({@code VRRP_Script(NAME) succeeded/failed/timed_out}), each time its result turns,
 * with how it ended and what it printed. Runs are never overlapped (one check runs at a time). The
 * last result is the runner's, by script name: a reload's new check does not log an unchanged one again.
 *
 * <p>keepalived runs a vrrp_script once per interval for every instance that tracks it. The instances
 * here check on their own schedules, so a script's run is shared: an instance whose check comes within
 * half an interval of another instance's run of the same script (same name, line and user) takes that
 * run's result, waiting for it if it is still running, instead of running the script again (a check
 * that restarts nginx must not run twice at once).
 */
final class ScriptCheck implements HealthCheck {

    private static final Logger log = LoggerFactory.getLogger(ScriptCheck.class);

    private final String name;
    private final String line;
    private final String user;
    private final long reuseNanos;
    private final ScriptRunner runner;

    ScriptCheck(String name, String line, String user, Duration interval, ScriptRunner runner) {
        this.name = name;
        this.line = line;
        this.user = user;
        this.reuseNanos = interval.toNanos() / 2;
        this.runner = runner;
    }

    @Override
    public boolean check(Duration timeout) throws IOException, InterruptedException {
        ScriptRunner.SharedRun shared = runner.shared(name + '\0' + line + '\0' + user);
        if (!shared.lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IOException("its run for another vrrp_instance did not end within " + timeout.toMillis() + " ms");
        }
        try {
            long now = System.nanoTime();
            if (shared.ran && now - shared.at < reuseNanos) {
                if (shared.error != null) {
                    throw shared.error;
                }
                return shared.result.ok();
            }
            shared.ran = true;
            shared.at = now;
            return run(shared, timeout);
        } finally {
            shared.lock.unlock();
        }
    }

    private boolean run(ScriptRunner.SharedRun shared, Duration timeout) throws IOException, InterruptedException {
        ScriptRunner.Result r;
        try {
            r = runner.run(line, user, timeout);
        } catch (IOException e) {
            shared.error = e;
            shared.result = null;
            turned(false, "failed: cannot run " + line + ": " + e.getMessage());
            throw e;
        }
        shared.error = null;
        shared.result = r;
        if (r.ok()) {
            turned(true, "succeeded" + ScriptRunner.output(r));
        } else if (r.status() == -1) {
            turned(false, "timed_out (no end within " + timeout.toMillis() + " ms: killed)" + ScriptRunner.output(r));
        } else {
            turned(false, "failed (exit status " + r.status() + ")" + ScriptRunner.output(r));
        }
        return r.ok();
    }

    private void turned(boolean ok, String how) {
        Boolean before = runner.lastResults.put(name, ok);
        if (before == null || before != ok) {
            if (ok) {
                log.info("VRRP_Script({}) {}", name, how);
            } else {
                log.warn("VRRP_Script({}) {}", name, how);
            }
        }
    }
}
