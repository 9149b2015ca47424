package dev.failover4j.engine;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Timers as data (quinn's {@code TimerTable}): a deadline per {@link Timer}, armed or not. Times are
 * monotonic nanoseconds compared overflow-safely ({@code a - b <= 0}). Allocates nothing.
 */
final class TimerTable {

    private static final Timer[] TIMERS = Timer.values();

    private final boolean[] armed = new boolean[TIMERS.length];
    private final long[] deadlines = new long[TIMERS.length];

    void arm(Timer t, long deadline) {
        armed[t.ordinal()] = true;
        deadlines[t.ordinal()] = deadline;
    }

    void disarm(Timer t) {
        armed[t.ordinal()] = false;
    }

    void disarmAll() {
        Arrays.fill(armed, false);
    }

    boolean armed(Timer t) {
        return armed[t.ordinal()];
    }

    /** The deadline of {@code t}, if armed. */
    /** The deadline {@code t} was last armed with (also once it fired or was disarmed). */
    long lastDeadline(Timer t) {
        return deadlines[t.ordinal()];
    }

    OptionalLong deadline(Timer t) {
        return armed[t.ordinal()] ? OptionalLong.of(deadlines[t.ordinal()]) : OptionalLong.empty();
    }

    /** The earliest armed deadline, if any. */
    OptionalLong next() {
        int best = best();
        return best < 0 ? OptionalLong.empty() : OptionalLong.of(deadlines[best]);
    }

    long nextOr(long none) {
        int best = best();
        return best < 0 ? none : deadlines[best];
    }

    private int best() {
        int best = -1;
        for (int i = 0; i < TIMERS.length; i++) {
            if (armed[i] && (best < 0 || deadlines[i] - deadlines[best] < 0)) {
                best = i;
            }
        }
        return best;
    }

    /** The first timer (in declaration order) due at {@code now}, disarmed; null if none is due. */
    Timer pollDue(long now) {
        for (int i = 0; i < TIMERS.length; i++) {
            if (armed[i] && deadlines[i] - now <= 0) {
                armed[i] = false;
                return TIMERS[i];
            }
        }
        return null;
    }
}
