package dev.failover4j;

import dev.failover4j.codec.Rejection;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A read-only snapshot of one group, taken on its protocol thread after every event.
 *
 * @param masterAddress    the current master (ours while MASTER), or null when unknown
 * @param lastTransition   the most recent state change, or null before start
 * @param history          the most recent state changes, oldest first (at most 64)
 * @param rejections       dropped packets per reason (like keepalived's per-instance stats)
 */
public record HaStatus(
        String interfaceName,
        int vrid,
        int version,
        List<VirtualAddress> virtualAddresses,
        HaState state,
        int basePriority,
        int effectivePriority,
        InetAddress masterAddress,
        int masterPriority,
        Duration masterAdverInterval,
        long epoch,
        StateChange lastTransition,
        List<StateChange> history,
        List<HealthStatus> health,
        long advertsSent,
        long advertsReceived,
        long priorityZeroSent,
        long priorityZeroReceived,
        long becameMaster,
        long sendErrors,
        Map<Rejection, Long> rejections) {

    public HaStatus {
        virtualAddresses = List.copyOf(virtualAddresses);
        history = List.copyOf(history);
        health = List.copyOf(health);
        rejections = Map.copyOf(rejections);
    }

    /** Total dropped packets. */
    public long rejected() {
        return rejections.values().stream().mapToLong(Long::longValue).sum();
    }
}
