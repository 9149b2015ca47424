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

    /** The most routers kept in the peer table, and the most rejected packets kept. */
    static final int MAX_PEERS = 32;
    static final int MAX_REJECTED = 16;

    private final AtomicLongArray counts = new AtomicLongArray(Counter.values().length);
    /** Routers heard, by address: written by the router's thread, read by any (under its lock). */
    private final java.util.LinkedHashMap<java.net.InetAddress, long[]> peers = new java.util.LinkedHashMap<>();
    private final java.util.ArrayDeque<dev.failover4j.RejectedAdvert> rejected = new java.util.ArrayDeque<>();
    private static final java.time.Duration NO_AGE = java.time.Duration.ZERO;
    private final AtomicLongArray rejections = new AtomicLongArray(Rejection.values().length);

    void add(Counter c) {
        int i = c.ordinal();
        counts.setRelease(i, counts.getPlain(i) + 1);
    }

    void reject(Rejection r) {
        int i = r.ordinal();
        rejections.setRelease(i, rejections.getPlain(i) + 1);
    }

    /**
     * An advert from {@code source} was accepted: the peer table's entry (priority, interval in
     * nanoseconds, count, time) is updated in place; a new router takes an entry (the oldest goes
     * beyond {@link #MAX_PEERS}).
     */
    void heard(java.net.InetAddress source, int priority, long intervalNanos, long atNanos) {
        synchronized (peers) {
            long[] e = peers.get(source);
            if (e == null) {
                if (peers.size() >= MAX_PEERS) {
                    peers.remove(peers.keySet().iterator().next());
                }
                e = new long[4];
                peers.put(source, e);
            }
            e[0] = priority;
            e[1] = intervalNanos;
            e[2]++;
            e[3] = atNanos;
        }
    }

    /** A packet was dropped: kept, decoded as far as it goes, among the last {@link #MAX_REJECTED}. */
    void rejected(dev.failover4j.RejectedAdvert r) {
        synchronized (rejected) {
            if (rejected.size() >= MAX_REJECTED) {
                rejected.removeFirst();
            }
            rejected.addLast(r);
        }
    }

    /**
     * The routers heard, in the order first heard.
     *
     * @param nowNanos the clock their ages are measured on
     * @return a copy
     */
    public java.util.List<dev.failover4j.PeerStatus> peers(long nowNanos) {
        java.util.List<dev.failover4j.PeerStatus> out = new java.util.ArrayList<>();
        synchronized (peers) {
            peers.forEach((a, e) -> out.add(new dev.failover4j.PeerStatus(a, (int) e[0], java.time.Duration.ofNanos(e[1]), e[2],
                    e[3], java.time.Duration.ofNanos(Math.max(0, nowNanos - e[3])))));
        }
        return out;
    }

    /**
     * The last dropped packets, oldest first.
     *
     * @param nowNanos the clock their ages are measured on
     * @return a copy
     */
    public java.util.List<dev.failover4j.RejectedAdvert> rejectedAdverts(long nowNanos) {
        java.util.List<dev.failover4j.RejectedAdvert> out = new java.util.ArrayList<>();
        synchronized (rejected) {
            for (dev.failover4j.RejectedAdvert r : rejected) {
                out.add(new dev.failover4j.RejectedAdvert(r.source(), r.vrid(), r.priority(), r.reason(), r.detail(),
                        r.atNanos(), java.time.Duration.ofNanos(Math.max(0, nowNanos - r.atNanos()))));
            }
        }
        return out;
    }

    /** A dropped packet as the checks saw it: source, the VRID and priority bytes if present, why. */
    void rejected(java.net.InetAddress source, java.nio.ByteBuffer message, Rejection reason, String detail, long atNanos) {
        int p = message.position();
        int vrid = message.remaining() > 1 ? message.get(p + 1) & 0xff : -1;
        int priority = message.remaining() > 2 ? message.get(p + 2) & 0xff : -1;
        rejected(new dev.failover4j.RejectedAdvert(source, vrid, priority, reason, detail, atNanos, NO_AGE));
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
