package dev.failover4j.agent;

import dev.failover4j.HealthCheck;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A vrrp_script as a health check: runs its line through the {@link ScriptRunner} and logs, as
 * keepalived does ({@code VRRP_Script(NAME) succeeded/failed/timed_out}), each time its result turns,
 * with how it ended and what it printed. Runs are never overlapped (one check runs at a time). The
 * last result is the runner's, by script name: a reload's new check does not log an unchanged one again.
 */
final class ScriptCheck implements HealthCheck {

    private static final Logger log = LoggerFactory.getLogger(ScriptCheck.class);

    private final String name;
    private final String line;
    private final String user;
    private final ScriptRunner runner;

    ScriptCheck(String name, String line, String user, ScriptRunner runner) {
        this.name = name;
        this.line = line;
        this.user = user;
        this.runner = runner;
    }

    @Override
    public boolean check(Duration timeout) throws IOException, InterruptedException {
        ScriptRunner.Result r;
        try {
            r = runner.run(line, user, timeout);
        } catch (IOException e) {
            turned(false, "failed: cannot run " + line + ": " + e.getMessage());
            throw e;
        }
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
