package dev.failover4j.engine;

import java.net.InetAddress;

/**
 * Why a takeover happens, kept as figures and put into words only when listeners are told: no text
 * is built before the first advert of a takeover, nor for every advert a backup discards.
 */
final class Reason {

    private enum Kind { MASTER_DOWN, MASTER_LEFT, PREEMPTED, TEXT }

    private final Kind kind;
    private final InetAddress peer;
    private final int peerPriority;
    private final int ours;
    private final long masterDown;
    private final int adverts;
    private final long interval;
    private final long skew;
    private final String text;
    private final long settle;

    private Reason(Kind kind, InetAddress peer, int peerPriority, int ours, long masterDown, int adverts, long interval,
                   long skew, String text, long settle) {
        this.kind = kind;
        this.peer = peer;
        this.peerPriority = peerPriority;
        this.ours = ours;
        this.masterDown = masterDown;
        this.adverts = adverts;
        this.interval = interval;
        this.skew = skew;
        this.text = text;
        this.settle = settle;
    }

    /** Silence: no advert from {@code master} (null: none known) for Master_Down_Interval. */
    static Reason masterDown(InetAddress master, int priority, long masterDown, int adverts, long interval, long skew) {
        return new Reason(Kind.MASTER_DOWN, master, priority, 0, masterDown, adverts, interval, skew, null, -1);
    }

    /** A priority-0 advert from {@code master}, then Skew_Time at our priority. */
    static Reason masterLeft(InetAddress master, long skew, int ours) {
        return new Reason(Kind.MASTER_LEFT, master, 0, ours, 0, 0, 0, skew, null, -1);
    }

    /** A lower-priority master's adverts discarded for Master_Down_Interval. */
    static Reason preempting(InetAddress master, int priority, int ours, long masterDown, int adverts, long interval,
                             long skew) {
        return new Reason(Kind.PREEMPTED, master, priority, ours, masterDown, adverts, interval, skew, null, -1);
    }

    static Reason text(String text) {
        return new Reason(Kind.TEXT, null, 0, 0, 0, 0, 0, 0, text, -1);
    }

    /** The same, taken over together with every member of sync group {@code name}. */
    Reason withSyncGroup(String name) {
        return text(text() + "; with every member of sync group " + name);
    }

    /** The same, with the takeover settle waited before the bind. */
    Reason withSettle(long nanos) {
        return new Reason(kind, peer, peerPriority, ours, masterDown, adverts, interval, skew, text, nanos);
    }

    String text() {
        String base = switch (kind) {
            case MASTER_DOWN -> "no advert from " + (peer == null ? "any master" : "master " + peer.getHostAddress()
                    + " (priority " + peerPriority + ")") + " for " + figures();
            case MASTER_LEFT -> "priority 0 from " + peer.getHostAddress() + " (the master left); took over after Skew_Time "
                    + millis(skew) + " (priority " + ours + ")";
            case PREEMPTED -> "preempting " + peer.getHostAddress() + " (priority " + peerPriority + ", ours " + ours
                    + "): its adverts discarded for " + figures();
            case TEXT -> text;
        };
        return settle < 0 ? base : base + "; VIP bound after a takeover settle of " + millis(settle);
    }

    /** "Master_Down_Interval 3609 ms (3 × 1000 ms + Skew_Time 609 ms)". */
    private String figures() {
        return "Master_Down_Interval " + millis(masterDown) + " (" + adverts + " × " + millis(interval) + " + Skew_Time "
                + millis(skew) + ")";
    }

    /** Milliseconds, with a decimal where it matters: "609 ms", "60.9 ms". */
    static String millis(long nanos) {
        long tenths = Math.round(nanos / 100_000.0);
        return (tenths % 10 == 0 || tenths >= 1000 ? String.valueOf(Math.round(nanos / 1_000_000.0))
                : tenths / 10 + "." + tenths % 10) + " ms";
    }

    @Override
    public String toString() {
        return text();
    }
}
