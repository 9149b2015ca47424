package dev.failover4j;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group's late wake-ups of the protocol thread (keepalived logs these as timer expirations): a
 * GC pause, a stopped process or a starved CPU eating the protocol's margin. Counted once per stall
 * ({@link Counter#LATE_WAKEUPS}) and logged at most once a minute with the worst since the last line.
 * Loop-confined but for {@link #count()}.
 */
final class LateWakeups {

    private static final Logger log = LoggerFactory.getLogger(LateWakeups.class);
    private static final long LOG_NANOS = 60_000_000_000L;

    private final String name;
    /** A timer that fires later than this after its deadline is a late wake-up. */
    private long threshold;
    private volatile long count;
    private long worst;
    private boolean logged;
    private long loggedAt;
    private boolean seen;
    private long seenAt;

    LateWakeups(String name, HaConfig config) {
        this.name = name;
        this.threshold = threshold(config);
    }

    /** On the loop: a live reconfiguration's interval. */
    void reconfigure(HaConfig config) {
        threshold = threshold(config);
    }

    /** Later than max(1 ms, a tenth of the advert interval): a margin the protocol cannot spend twice. */
    static long threshold(HaConfig config) {
        return Math.max(1_000_000L, config.advertInterval().toNanos() / 10);
    }

    /** Any thread: how many so far. */
    long count() {
        return count;
    }

    /**
     * On the loop, before handling anything while a timer is armed for {@code deadline}: whatever runs
     * first after a stall (the overdue timer, or an advert read before it) finds the deadline long
     * past. One per stall: deadlines that were already past when it was noticed (re-armed from adverts
     * that queued up during it) are the same stall.
     */
    void check(long deadline, long now) {
        if (now - deadline <= threshold || (seen && deadline - seenAt <= 0)) {
            return;
        }
        seen = true;
        seenAt = now;
        count++;
        worst = Math.max(worst, now - deadline);
        if (!logged || now - loggedAt >= LOG_NANOS) {
            log.warn("{}: the protocol thread woke {} ms late for a timer ({} late wake-ups so far; a GC pause, a stopped"
                    + " process or a starved CPU: see \"Real-time scheduling\" in the README)", name,
                    String.format(Locale.ROOT, "%.1f", worst / 1e6), count);
            logged = true;
            loggedAt = now;
            worst = 0;
        }
    }
}
