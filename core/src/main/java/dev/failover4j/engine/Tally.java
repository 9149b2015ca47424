package dev.failover4j.engine;

import dev.failover4j.Counter;
import dev.failover4j.Rejection;
import java.util.Arrays;

/** The router's counters, indexed by {@link Counter} and {@link Rejection}. Allocates nothing when counting. */
public final class Tally {

    private final long[] counts = new long[Counter.values().length];
    private final long[] rejections = new long[Rejection.values().length];

    void add(Counter c) {
        counts[c.ordinal()]++;
    }

    void reject(Rejection r) {
        rejections[r.ordinal()]++;
    }

    public long get(Counter c) {
        return counts[c.ordinal()];
    }

    public long rejected(Rejection r) {
        return rejections[r.ordinal()];
    }

    /** A copy of the counts, indexed by {@link Counter#ordinal()}. */
    public long[] counts() {
        return counts.clone();
    }

    /** A copy of the rejections, indexed by {@link Rejection#ordinal()}. */
    public long[] rejections() {
        return rejections.clone();
    }

    Tally copy() {
        Tally t = new Tally();
        System.arraycopy(counts, 0, t.counts, 0, counts.length);
        System.arraycopy(rejections, 0, t.rejections, 0, rejections.length);
        return t;
    }

    @Override
    public String toString() {
        return "Tally" + Arrays.toString(counts) + Arrays.toString(rejections);
    }
}
