package dev.failover4j.engine;

import java.net.InetAddress;

/**
 * How irregularly a master's adverts reach this backup: for each advert, how far the gap since the
 * previous one strays from Master_Adver_Interval. It sums the master's timer lateness and this node's
 * receive and scheduling delay, the delays that decide a race between two backups taking over at
 * once. Keeps the last {@value #SAMPLES} deviations; a gap of two intervals or more (a lost advert, a
 * new master) is not a sample. Allocates nothing.
 */
final class ArrivalJitter {

    static final int SAMPLES = 32;

    private final long[] deviations = new long[SAMPLES];
    private int next;
    private InetAddress lastSource;
    private long lastAt;

    /** An accepted advert from {@code source} at {@code now}; the master's interval is {@code interval}. */
    void arrived(InetAddress source, long now, long interval) {
        if (source.equals(lastSource)) {
            long deviation = Math.abs(now - lastAt - interval);
            if (deviation < interval) {
                deviations[next] = deviation;
                next = (next + 1) % SAMPLES;
            }
        }
        lastSource = source;
        lastAt = now;
    }

    /** The largest of the recent deviations, in nanoseconds (0 before any). */
    long recentMax() {
        long max = 0;
        for (long d : deviations) {
            max = Math.max(max, d);
        }
        return max;
    }
}
