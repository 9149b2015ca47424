package dev.failover4j;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/** The one implementation of {@link HaStatus}; made only by {@link StatusBoard}. */
record StatusValues(
        String interfaceName,
        int vrid,
        VrrpVersion version,
        List<VirtualAddress> virtualAddresses,
        HaState state,
        int basePriority,
        int effectivePriority,
        InetAddress masterAddress,
        int masterPriority,
        Duration masterAdverInterval,
        long epoch,
        List<StateChange> history,
        List<HealthStatus> health,
        Counters counters,
        LowerPriorityMaster lastLowerPriorityMaster,
        List<PeerStatus> peers,
        List<RejectedAdvert> recentRejections) implements HaStatus {

    StatusValues {
        virtualAddresses = List.copyOf(virtualAddresses);
        history = List.copyOf(history);
        health = List.copyOf(health);
        peers = List.copyOf(peers);
        recentRejections = List.copyOf(recentRejections);
    }
}
