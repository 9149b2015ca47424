package dev.failover4j;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file holding an integer that moves the group's priority (keepalived's {@code track_file}): the
 * operator's outside knob, and a way for any program to vote without a health-check API. Read when
 * the group starts and whenever the file is written, created, renamed into place or deleted (the
 * kernel tells the JDK's watch service; nothing polls).
 *
 * <p>As in keepalived: the text is read as a number (decimal, {@code 0x} hex or {@code 0} octal,
 * anything after the number ignored); a missing, empty or non-numeric file reads as 0; a number
 * outside the 32-bit range is ignored (the previous value stays). With weight 0 a non-zero value is
 * FAULT and 0 is fine. Otherwise value × weight is added to the priority (kept within 1..254), and a
 * result below -253 is FAULT. {@code reverse} turns the sign of the weight (with weight 0: FAULT while
 * the value is 0).
 *
 * @param file    the file (its directory must exist; the file need not)
 * @param weight  -254..254
 * @param reverse keepalived's {@code reverse}
 */
public record TrackedFile(Path file, int weight, boolean reverse) {

    /**
     * Validates that the file is not null (the weight's range is checked when a group is built).
     *
     * @param file the file (its directory must exist; the file need not)
     * @param weight -254..254
     * @param reverse keepalived's {@code reverse}
     */
    public TrackedFile {
        Objects.requireNonNull(file, "file");
    }

    // Written out: the record's generated equals/hashCode bootstrap through invokedynamic (ObjectMethods,
    // 10-30 ms the first time), and the first comparison is often a live reconfiguration (the agent's SIGHUP).
    @Override
    public boolean equals(Object o) {
        return o instanceof TrackedFile t && weight == t.weight && reverse == t.reverse && file.equals(t.file);
    }

    @Override
    public int hashCode() {
        return (31 * file.hashCode() + weight) * 2 + (reverse ? 1 : 0);
    }

    /** The lowest contribution that is not FAULT (keepalived: -254 and below is FAULT). */
    static final int LOWEST = -253;
    /** The highest contribution (keepalived caps it at 253). */
    static final int HIGHEST = 253;

    /** {@return whether {@code value} read from the file puts the group in FAULT} */
    boolean fault(long value) {
        if (weight == 0) {
            return (value != 0) != reverse;
        }
        return value * weight * (reverse ? -1 : 1) < LOWEST;
    }

    /** {@return the priority adjustment for {@code value} (0 when it is FAULT or the weight is 0)} */
    int adjustment(long value) {
        if (weight == 0 || fault(value)) {
            return 0;
        }
        return (int) Math.min(HIGHEST, value * weight * (reverse ? -1 : 1));
    }
}
