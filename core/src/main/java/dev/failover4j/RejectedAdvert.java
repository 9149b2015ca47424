package dev.failover4j;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A packet this group dropped, decoded as far as it could be: what an operator would otherwise run
 * tcpdump for.
 *
 * @param source   the IP source address
 * @param vrid     the VRID field (byte 1 of the VRRP message), or -1 if the packet was too short
 * @param priority the priority field (byte 2), or -1 if the packet was too short
 * @param reason   why it was dropped
 * @param detail   why, in words (what was expected)
 * @param atNanos  the group's monotonic clock when it arrived
 * @param age      how long ago that was, when this status was read
 */
public record RejectedAdvert(InetAddress source, int vrid, int priority, Rejection reason, String detail, long atNanos,
                             java.time.Duration age) {

    /**
     * Validates that no source, reason, detail or age is null.
     *
     * @param source   the IP source address
     * @param vrid     the VRID field, or -1
     * @param priority the priority field, or -1
     * @param reason   why it was dropped
     * @param detail   why, in words
     * @param atNanos  the group's monotonic clock when it arrived
     * @param age      how long ago that was, when this status was read
     */
    public RejectedAdvert {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(age, "age");
    }
}
