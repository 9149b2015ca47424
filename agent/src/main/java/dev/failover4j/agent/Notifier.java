package dev.failover4j.agent;

import dev.failover4j.HaState;
import dev.failover4j.LowerPriorityMaster;
import dev.failover4j.StateChange;
import dev.failover4j.StateListener;
import dev.failover4j.agent.conf.KeepalivedConfig;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * keepalived's notify scripts and notify FIFO for one instance or sync group: on each state change
 * the state's own script ({@code notify_master}, {@code notify_backup}, {@code notify_fault},
 * {@code notify_stop}) runs with no arguments, then {@code notify} with {@code INSTANCE|GROUP NAME
 * STATE PRIORITY} appended, then the line {@code INSTANCE "NAME" STATE PRIORITY} goes to the FIFO.
 * Scripts run on their own threads (never the protocol's) and are limited to
 * {@value #LIMIT_SECONDS} s; keepalived does not limit them.
 */
final class Notifier implements StateListener {

    static final int LIMIT_SECONDS = 60;

    private final String kind;
    private final String name;
    private final Supplier<Map<String, KeepalivedConfig.NotifyScript>> scripts;
    private final IntSupplier priority;
    private final ScriptRunner runner;
    private final Supplier<NotifyFifo> fifo;

    /**
     * @param kind     INSTANCE or GROUP
     * @param scripts  the notify lines by keyword, read at each change (a reload may change them)
     * @param priority the priority to report (0 for a group, as keepalived)
     */
    Notifier(String kind, String name, Supplier<Map<String, KeepalivedConfig.NotifyScript>> scripts, IntSupplier priority, ScriptRunner runner,
             Supplier<NotifyFifo> fifo) {
        this.kind = kind;
        this.name = name;
        this.scripts = scripts;
        this.priority = priority;
        this.runner = runner;
        this.fifo = fifo;
    }

    @Override
    public void onStateChange(StateChange change) {
        if (change.current() == HaState.INITIALIZE) {
            return;
        }
        notifyState(change.current().name());
    }

    @Override
    public void onLowerPriorityMaster(LowerPriorityMaster event) {
        KeepalivedConfig.NotifyScript script = scripts.get().get("notify_master_rx_lower_pri");
        if (script != null) {
            runner.runInBackground(kind.toLowerCase(java.util.Locale.ROOT) + " " + name + " notify_master_rx_lower_pri",
                    script.line(), script.user(), Duration.ofSeconds(LIMIT_SECONDS));
        }
        fifo("MASTER_RX_LOWER_PRI");
    }

    /** Runs the scripts for {@code state} (MASTER, BACKUP, FAULT, STOP) and writes the FIFO line. */
    void notifyState(String state) {
        Map<String, KeepalivedConfig.NotifyScript> s = scripts.get();
        String what = kind.toLowerCase(java.util.Locale.ROOT) + " " + name;
        KeepalivedConfig.NotifyScript own = s.get("notify_" + state.toLowerCase(java.util.Locale.ROOT));
        if (own != null) {
            runner.runInBackground(what + " notify_" + state.toLowerCase(java.util.Locale.ROOT), own.line(), own.user(),
                    Duration.ofSeconds(LIMIT_SECONDS));
        }
        KeepalivedConfig.NotifyScript generic = s.get("notify");
        if (generic != null) {
            // the line's own words, then keepalived's four: quoted so that a name with spaces stays one
            String line = generic.line() + " " + kind + " '" + name + "' " + state + " " + priority.getAsInt();
            runner.runInBackground(what + " notify", line, generic.user(), Duration.ofSeconds(LIMIT_SECONDS));
        }
        fifo(state);
    }

    private void fifo(String state) {
        NotifyFifo f = fifo.get();
        if (f != null) {
            f.send(kind + " \"" + name + "\" " + state + " " + priority.getAsInt() + "\n");
        }
    }
}
