package dev.failover4j.engine;

import dev.failover4j.Counter;
import dev.failover4j.Rejection;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The router's counters, indexed by {@link Counter} and {@link Rejection}. Counted by the router's
 * thread only, allocating nothing; readable from any thread (each value is published with release
 * semantics), so a status page reads live counts without the protocol thread copying them per advert.
 */
public final class Tally {

    private final AtomicLongArray counts = new AtomicLongArray(Counter.values().length);
    private final AtomicLongArray rejections = new AtomicLongArray(Rejection.values().length);

    void add(Counter c) {
        int i = c.ordinal();
        counts.setRelease(i, counts.getPlain(i) + 1);
    }

    void reject(Rejection r) {
        int i = r.ordinal();
        rejections.setRelease(i, rejections.getPlain(i) + 1);
    }

    public long get(Counter c) {
        return counts.getAcquire(c.ordinal());
    }

    public long rejected(Rejection r) {
        return rejections.getAcquire(r.ordinal());
    }

    /** A copy of the counts, indexed by {@link Counter#ordinal()}. */
    public long[] counts() {
        return copy(counts);
    }

    /** A copy of the rejections, indexed by {@link Rejection#ordinal()}. */
    public long[] rejections() {
        return copy(rejections);
    }

    private static long[] copy(AtomicLongArray a) {
        long[] out = new long[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getAcquire(i);
        }
        return out;
    }

    Tally copy() {
        Tally t = new Tally();
        for (int i = 0; i < counts.length(); i++) {
            t.counts.setPlain(i, counts.getPlain(i));
        }
        for (int i = 0; i < rejections.length(); i++) {
            t.rejections.setPlain(i, rejections.getPlain(i));
        }
        return t;
    }

    @Override
    public String toString() {
        return "Tally" + Arrays.toString(counts()) + Arrays.toString(rejections());
    }
}
