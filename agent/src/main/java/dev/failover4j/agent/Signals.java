package dev.failover4j.agent;

import dev.failover4j.FailoverException;
import dev.failover4j.internal.ProviderLookup;
import dev.failover4j.spi.Scheduling;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP, through the JDK's {@code sun.misc.Signal} (module jdk.unsupported: the only way a Java
 * program can handle a signal other than through its shutdown hooks, which SIGTERM and SIGINT run).
 */
final class Signals {

    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /**
     * Runs {@code action} once per SIGHUP, on the thread the JDK makes for each signal's handler
     * (handing it to a thread of ours would add a wake-up, 0.6-2 ms under load). Reloads that overlap
     * run one after the other ({@code action} serialises them).
     */
    static Hangups onHangup(Runnable action) {
        Hangups h = new Hangups(action);
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> h.run());
        return h;
    }

    /** What a SIGHUP runs. */
    static final class Hangups {
        private final Runnable action;
        private volatile Scheduling scheduling;
        private volatile int priority;

        private Hangups(Runnable action) {
            this.action = action;
        }

        private void run() {
            int p = priority;
            if (p > 0) {
                try {
                    scheduling.realtime(p);
                } catch (IOException | RuntimeException e) {
                    log.warn("vrrp_rt_priority: this reload runs at ordinary priority: {}", e.getMessage());
                }
            }
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("reload failed: {}", e.toString(), e);
            }
        }

        /**
         * Runs each reload with SCHED_RR at {@code priority}, as keepalived's {@code vrrp_rt_priority}
         * applies to its whole VRRP process (its reload is one of its loop's events), so that under load
         * a reload is not queued behind ordinary threads.
         */
        void realtime(int priority) {
            Scheduling s;
            try {
                s = ProviderLookup.find().scheduling(); // the provider the groups use
            } catch (FailoverException e) {
                s = null;
            }
            if (s == null) {
                log.warn("vrrp_rt_priority: this platform has no real-time scheduling; reloads run at ordinary priority");
                return;
            }
            scheduling = s;
            this.priority = priority;
        }
    }
}
