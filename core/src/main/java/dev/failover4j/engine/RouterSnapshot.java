package dev.failover4j.engine;

import dev.failover4j.HaState;
import dev.failover4j.codec.Rejection;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

/**
 * A read-only copy of a router's state and counters.
 *
 * @param masterAddress       the current master's address (ours while master), or null when unknown
 * @param masterAdverInterval the interval used for Master_Down_Interval (v3 backups adopt the master's)
 * @param rejections          dropped packets per reason; reasons never seen are absent
 */
public record RouterSnapshot(
        HaState state,
        int basePriority,
        int effectivePriority,
        InetAddress masterAddress,
        int masterPriority,
        Duration masterAdverInterval,
        long epoch,
        long advertsSent,
        long advertsReceived,
        long priorityZeroSent,
        long priorityZeroReceived,
        long becameMaster,
        long sendErrors,
        long ownerAddressListMismatches,
        Map<Rejection, Long> rejections) {

    public RouterSnapshot {
        rejections = Map.copyOf(rejections);
    }

    /** Total dropped packets. */
    public long rejected() {
        return rejections.values().stream().mapToLong(Long::longValue).sum();
    }
}
