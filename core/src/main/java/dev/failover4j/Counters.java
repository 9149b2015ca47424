package dev.failover4j;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A group's counters at one moment: one value per {@link Counter} and one per {@link Rejection}
 * (dropped packets by reason, like keepalived's per-instance statistics). Immutable.
 */
public final class Counters {

    private static final Counter[] COUNTERS = Counter.values();
    private static final Rejection[] REJECTIONS = Rejection.values();

    private final long[] counts;
    private final long[] rejections;

    /** Copies of arrays indexed by {@link Counter#ordinal()} and {@link Rejection#ordinal()}. */
    Counters(long[] counts, long[] rejections) {
        this.counts = java.util.Arrays.copyOf(counts, COUNTERS.length);
        this.rejections = java.util.Arrays.copyOf(rejections, REJECTIONS.length);
    }

    /** {@return the same counters with {@code counter} set to {@code value}} */
    Counters with(Counter counter, long value) {
        long[] c = counts.clone();
        c[counter.ordinal()] = value;
        return new Counters(c, rejections);
    }

    /**
     * {@return the value of {@code counter}}
     *
     * @param counter which one
     */
    public long get(Counter counter) {
        return counts[counter.ordinal()];
    }

    /**
     * Packets dropped for {@code reason}.
     *
     * @param reason the reason
     * @return how many packets were dropped for it
     */
    public long rejected(Rejection reason) {
        return rejections[reason.ordinal()];
    }

    /**
     * Packets dropped for any reason.
     *
     * @return how many packets were dropped, all reasons together
     */
    public long rejected() {
        long sum = 0;
        for (long r : rejections) {
            sum += r;
        }
        return sum;
    }

    /** {@return every counter with its value, in declaration order} */
    public Map<Counter, Long> asMap() {
        Map<Counter, Long> m = new EnumMap<>(Counter.class);
        for (Counter c : COUNTERS) {
            m.put(c, counts[c.ordinal()]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** {@return dropped packets per reason; reasons never seen are absent} */
    public Map<Rejection, Long> rejections() {
        Map<Rejection, Long> m = new EnumMap<>(Rejection.class);
        for (Rejection r : REJECTIONS) {
            if (rejections[r.ordinal()] != 0) {
                m.put(r, rejections[r.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Counters c && java.util.Arrays.equals(counts, c.counts)
                && java.util.Arrays.equals(rejections, c.rejections);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(counts) + java.util.Arrays.hashCode(rejections);
    }

    @Override
    public String toString() {
        return "Counters" + asMap() + ", rejected " + rejections();
    }
}
