package dev.failover4j;

import dev.failover4j.engine.Input;
import dev.failover4j.spi.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A group's health checks and tracked files, combined the way keepalived combines {@code track_script}s
 * and {@code track_file}s: weights of failing negative checks, healthy positive checks and each file's
 * value × weight add up; a failing weight-0 check, or a file in FAULT, is a fault.
 * Everything but the checks themselves runs on the protocol thread.
 */
final class GroupHealth {

    /** What the driver hears. */
    interface Sink {
        /** The combined effect may have changed (a verdict changed, or a check's first result). */
        void changed(Input.HealthChanged health);

        /** A result that changed nothing but the status. */
        void reported();

        /** Every check has reported once: the election may start. */
        void allReported();
    }

    private final List<HealthMonitor> monitors = new ArrayList<>();
    private final List<FileTracker> files = new ArrayList<>();
    /** Tracked interfaces and their links (loop-confined; missing or not yet read: down). */
    private List<TrackedInterface> interfaces = List.of();
    private final java.util.Map<String, Boolean> links = new java.util.HashMap<>();
    private final EventLoop loop;
    private final Executor checkExecutor;
    private final Sink sink;
    private boolean allReported;
    private boolean started;
    /** The callbacks, made once: a reconfiguration (a reload) does not bootstrap a method reference of its own the first time. */
    private final java.util.function.BiConsumer<HealthMonitor, Boolean> resultSink = this::onResult;
    private final Runnable fileSink = this::onFileChanged;

    GroupHealth(List<HealthCheckSpec> specs, List<TrackedFile> tracked, EventLoop loop, Executor checkExecutor, Sink sink) {
        this.sink = sink;
        this.loop = loop;
        this.checkExecutor = checkExecutor;
        for (HealthCheckSpec spec : specs) {
            monitors.add(new HealthMonitor(spec, loop, checkExecutor, resultSink));
        }
        for (TrackedFile f : tracked) {
            files.add(new FileTracker(f, loop, fileSink));
        }
    }

    /**
     * On the loop: reads every tracked file, then runs every check now and then at its interval; with
     * no checks, the election may start at once (with the files' verdict).
     */
    void start() {
        for (FileTracker f : files) {
            f.start();
        }
        started = true;
        if (!files.isEmpty()) {
            sink.changed(combined());
        }
        if (monitors.isEmpty()) {
            allReported = true;
            sink.allReported();
        }
        for (HealthMonitor m : monitors) {
            m.start();
        }
    }

    void close() {
        for (HealthMonitor m : monitors) {
            m.close();
        }
        for (FileTracker f : files) {
            f.close();
        }
    }

    /** On the loop: the tracked interfaces (at construction and on a reconfiguration). */
    void interfaces(List<TrackedInterface> tracked) {
        interfaces = List.copyOf(tracked);
        links.keySet().retainAll(tracked.stream().map(TrackedInterface::name).toList());
    }

    /** On the loop: a tracked interface's link is {@code up} (false also when it is missing). */
    void link(String name, boolean up) {
        Boolean before = links.put(name, up);
        if (before == null || before != up) {
            version++;
            if (started) {
                sink.changed(combined());
            }
        }
    }

    /**
     * On the loop, a live reconfiguration: checks are matched by name and files by path and weight;
     * those that stay keep their verdicts and values (nothing flips while the new ones first run),
     * removed ones stop, new ones start. The combined verdict goes to the engine once.
     */
    void reconfigure(List<HealthCheckSpec> specs, List<TrackedFile> tracked) {
        List<HealthMonitor> oldMonitors = new ArrayList<>(monitors);
        List<FileTracker> oldFiles = new ArrayList<>(files);
        monitors.clear();
        files.clear();
        List<HealthMonitor> fresh = new ArrayList<>();
        for (HealthCheckSpec spec : specs) {
            HealthMonitor m = new HealthMonitor(spec, loop, checkExecutor, resultSink);
            for (HealthMonitor old : oldMonitors) {
                if (old.spec().name().equals(spec.name())) {
                    m.carryOver(old);
                }
            }
            monitors.add(m);
            fresh.add(m);
        }
        for (TrackedFile f : tracked) {
            FileTracker kept = null;
            for (FileTracker old : oldFiles) {
                if (old.spec().equals(f)) {
                    kept = old;
                }
            }
            if (kept != null) {
                oldFiles.remove(kept);
                files.add(kept);
            } else {
                FileTracker t = new FileTracker(f, loop, fileSink);
                files.add(t);
                if (started) {
                    t.start();
                }
            }
        }
        for (HealthMonitor old : oldMonitors) {
            old.close();
        }
        for (FileTracker old : oldFiles) {
            old.close();
        }
        version++;
        if (!started) {
            return;
        }
        for (HealthMonitor m : fresh) {
            m.start();
        }
        sink.changed(combined());
        reportIfAllReported();
    }

    /** A tracked file's value changed (its first read at start is reported once, with all of them). */
    private void onFileChanged() {
        version++;
        if (started) {
            sink.changed(combined());
        }
    }

    /** Loop-confined. */
    private long version;

    List<HealthStatus> statuses() {
        List<HealthStatus> out = new ArrayList<>(monitors.size() + files.size());
        for (HealthMonitor m : monitors) {
            out.add(m.status());
        }
        for (FileTracker f : files) {
            out.add(f.status());
        }
        for (TrackedInterface t : interfaces) {
            boolean up = links.getOrDefault(t.name(), false);
            out.add(new HealthValues("interface " + t.name(), t.weight(), !t.fault(up), up, 1,
                    "link " + (up ? "up" : "down") + (t.weight() == 0 ? "" : ", adds " + t.adjustment(up)), 1, up ? 0 : 1));
        }
        return out;
    }

    /** Changes with every result: the driver publishes a new status when it moved. */
    long version() {
        return version;
    }

    /** Every result; the first of each counts (keepalived applies weights from the first result). */
    private void onResult(HealthMonitor monitor, boolean verdictChanged) {
        version++;
        if (verdictChanged || monitor.status().runs() == 1) {
            sink.changed(combined());
        } else {
            sink.reported(); // the status page shows every result, not only verdict changes
        }
        reportIfAllReported();
    }

    /** Once every check has a first result: the election may start (once). */
    private void reportIfAllReported() {
        if (!allReported && monitors.stream().allMatch(m -> m.status().runs() > 0)) {
            allReported = true;
            sink.allReported();
        }
    }

    private Input.HealthChanged combined() {
        int adjustment = 0;
        boolean fault = false;
        List<String> failing = new ArrayList<>();
        for (HealthMonitor m : monitors) {
            HealthCheckSpec s = m.spec();
            if (m.status().runs() == 0) {
                continue; // no result yet: no weight either way (the election waits for the first results)
            }
            if (m.healthy()) {
                adjustment += Math.max(0, s.weight());
            } else {
                failing.add(s.name() + " (" + m.status().lastDetail() + ")");
                if (s.weight() == 0) {
                    fault = true;
                } else if (s.weight() < 0) {
                    adjustment += s.weight();
                }
            }
        }
        for (FileTracker f : files) {
            if (f.fault()) {
                fault = true;
                failing.add("file " + f.spec().file() + " (" + f.status().lastDetail() + ")");
            } else {
                adjustment += f.adjustment();
            }
        }
        for (TrackedInterface t : interfaces) {
            boolean up = links.getOrDefault(t.name(), false);
            if (t.fault(up)) {
                fault = true;
                failing.add("interface " + t.name() + " (link down)");
            } else {
                adjustment += t.adjustment(up);
            }
        }
        String reason = failing.isEmpty() ? "all health checks healthy" : "failing: " + String.join(", ", failing);
        return new Input.HealthChanged(adjustment, fault, reason);
    }
}
