package dev.failover4j.testsupport.netns;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The frames a {@link Sniffer} saw, parsed: who sent what, when (monotonic nanoseconds). */
public final class Capture {

    /** One frame: VRRP (vrid, priority) or GARP (address). */
    public record Frame(long nanos, String host, String kind, int vrid, int priority, String address) {
        public boolean advert() {
            return kind.equals("VRRP");
        }

        public boolean garp() {
            return kind.equals("GARP");
        }

        /** A frame from a virtual MAC; {@link #address()} says what it is (see {@link Sniffer}). */
        public boolean fromVirtualMac() {
            return kind.equals("VMAC");
        }
    }

    private Capture() {
    }

    /** Every frame in the sniffer's output so far, in order. */
    public static List<Frame> frames(Proc sniffer) {
        List<Frame> out = new ArrayList<>();
        for (String l : sniffer.lines()) {
            String[] p = l.split(" ");
            if (p.length < 5 || !p[0].equals("F")) {
                continue;
            }
            long t = Long.parseLong(p[1]);
            if (p[3].equals("VRRP") && p.length >= 7) {
                out.add(new Frame(t, p[2], "VRRP", Integer.parseInt(p[4]), Integer.parseInt(p[5]), p[6]));
            } else if (p[3].equals("GARP")) {
                out.add(new Frame(t, p[2], "GARP", 0, 0, p[4]));
            } else if (p[3].equals("VMAC")) {
                out.add(new Frame(t, p[2], "VMAC", 0, 0, p[4]));
            }
        }
        return out;
    }

    /** The first frame at or after {@code from} matching {@code p}, or null. */
    public static Frame first(List<Frame> frames, long from, Predicate<Frame> p) {
        for (Frame f : frames) {
            if (f.nanos() - from >= 0 && p.test(f)) {
                return f;
            }
        }
        return null;
    }

    /** The last frame before {@code until} matching {@code p}, or null. */
    public static Frame last(List<Frame> frames, long until, Predicate<Frame> p) {
        Frame found = null;
        for (Frame f : frames) {
            if (f.nanos() - until < 0 && p.test(f)) {
                found = f;
            }
        }
        return found;
    }
}
