package dev.failover4j.engine;

import dev.failover4j.HaState;
import java.net.InetAddress;
import java.time.Duration;

/**
 * A read-only copy of a router's state and counters.
 *
 * @param state               the state listeners last saw (MASTER only once the VIPs are bound)
 * @param masterAddress       the current master's address (ours while master), or null when unknown
 * @param masterAdverInterval the interval used for Master_Down_Interval (v3 backups adopt the master's)
 * @param tally               the counters, a copy
 */
public record RouterSnapshot(
        HaState state,
        int basePriority,
        int effectivePriority,
        InetAddress masterAddress,
        int masterPriority,
        Duration masterAdverInterval,
        long epoch,
        Tally tally) {
}
