package dev.failover4j;

import dev.failover4j.spi.EventLoop;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Runs one health check on its executor at its interval and applies fall/rise on the event loop;
 * reports every result, saying whether the verdict (healthy/failing) changed.
 * Everything but the check itself runs on the loop. A run still going at the next interval is not
 * doubled: that interval counts as a failure ("still running").
 */
final class HealthMonitor {

    private final HealthCheckSpec spec;
    private final EventLoop loop;
    private final Executor checkExecutor;
    private final BiConsumer<HealthMonitor, Boolean> onResult;

    private boolean healthy;
    private boolean lastResult;
    private int consecutive;
    private String lastDetail = "not run yet";
    private long runs;
    private long failures;
    private long runId;
    private boolean inFlight;
    private boolean closed;
    private EventLoop.Cancellable nextRun;
    private EventLoop.Cancellable timeout;

    HealthMonitor(HealthCheckSpec spec, EventLoop loop, Executor checkExecutor,
                         BiConsumer<HealthMonitor, Boolean> onResult) {
        this.spec = spec;
        this.loop = loop;
        this.checkExecutor = checkExecutor;
        this.onResult = onResult;
        this.healthy = !spec.initiallyFailing();
        this.lastResult = healthy;
    }

    /** On the loop: the first run now (one interval from now if it carries a verdict over), then every interval. */
    void start() {
        scheduleRun(runs > 0 ? loop.nanoTime() + spec.interval().toNanos() : loop.nanoTime());
    }

    /**
     * A live reconfiguration kept this check (same name): it starts where {@code old} was (verdict,
     * results in a row), so a failing check does not look healthy until its next run.
     */
    void carryOver(HealthMonitor old) {
        healthy = old.healthy;
        lastResult = old.lastResult;
        consecutive = old.consecutive;
        lastDetail = old.lastDetail;
        runs = old.runs;
        failures = old.failures;
    }

    /** On the loop: no more runs; a run in flight is ignored when it finishes. */
    void close() {
        closed = true;
        if (nextRun != null) {
            nextRun.cancel();
        }
        if (timeout != null) {
            timeout.cancel();
        }
    }

    HealthCheckSpec spec() {
        return spec;
    }

    boolean healthy() {
        return healthy;
    }

    HealthStatus status() {
        return new HealthValues(spec.name(), spec.weight(), healthy, lastResult, consecutive, lastDetail, runs, failures);
    }

    private void scheduleRun(long at) {
        if (!closed) {
            nextRun = loop.schedule(this::run, at);
        }
    }

    private void run() {
        if (closed) {
            return;
        }
        long started = loop.nanoTime();
        scheduleRun(started + spec.interval().toNanos());
        if (inFlight) {
            record(false, "still running after " + spec.interval().toMillis() + " ms (hung?)");
            return;
        }
        long id = ++runId;
        inFlight = true;
        // The timeout counts from the submission: a check that never gets a thread fails at it too.
        timeout = loop.schedule(() -> finish(id, false, "timed out after " + spec.timeout().toMillis() + " ms"),
                started + spec.timeout().toNanos());
        try {
            checkExecutor.execute(() -> {
                boolean ok;
                String detail;
                try {
                    ok = spec.check().check(spec.timeout());
                    detail = ok ? "ok" : "check returned false";
                } catch (Exception | LinkageError e) {
                    ok = false;
                    detail = e.toString();
                }
                boolean result = ok;
                String d = detail;
                loop.execute(() -> finish(id, result, d));
            });
        } catch (RejectedExecutionException e) {
            finish(id, false, "could not run: " + e);
        }
    }

    private void finish(long id, boolean ok, String detail) {
        if (id != runId || !inFlight) {
            return; // a late answer of a run that already timed out
        }
        inFlight = false;
        if (timeout != null) {
            timeout.cancel();
        }
        record(ok, detail);
    }

    private void record(boolean ok, String detail) {
        if (closed) {
            return;
        }
        boolean first = runs == 0;
        runs++;
        if (!ok) {
            failures++;
        }
        consecutive = ok == lastResult ? consecutive + 1 : 1;
        lastResult = ok;
        lastDetail = detail;
        boolean before = healthy;
        if (first && !spec.initiallyFailing()) {
            healthy = ok; // keepalived (vrrp_init_script): the first result decides, whatever fall and rise say
        } else if (healthy && !ok && consecutive >= spec.fall()) {
            healthy = false;
        } else if (!healthy && ok && consecutive >= spec.rise()) {
            healthy = true;
        }
        onResult.accept(this, healthy != before);
    }
}
