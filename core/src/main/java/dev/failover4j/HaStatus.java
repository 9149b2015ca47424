package dev.failover4j;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * A read-only snapshot of one group, published on its protocol thread after every event. Users read
 * it; only the group makes one.
 */
public sealed interface HaStatus permits StatusValues {

    /** {@return the group's interface} */
    String interfaceName();

    /** {@return the group's VRID} */
    int vrid();

    /** {@return the group's VRRP version} */
    VrrpVersion version();

    /** {@return the configured virtual addresses} */
    List<VirtualAddress> virtualAddresses();

    /** {@return the state listeners last saw: MASTER only once the virtual addresses are bound} */
    HaState state();

    /** {@return the configured priority (or the one set with {@link HaGroup#setPriority})} */
    int basePriority();

    /** {@return the priority in adverts: base priority with health-check weights, within 1..254 (255 for the owner)} */
    int effectivePriority();

    /** {@return the current master (ours while MASTER), or null when unknown} */
    InetAddress masterAddress();

    /** {@return the current master's priority, or 0 when unknown} */
    int masterPriority();

    /** {@return the interval Master_Down_Interval is computed from (a v3 backup adopts the master's)} */
    Duration masterAdverInterval();

    /** {@return the mastership epoch: rises on every entry to MASTER (see {@link StateChange#epoch()})} */
    long epoch();

    /** {@return the most recent state changes, oldest first (at most 64)} */
    List<StateChange> history();

    /** {@return every health check's latest state, in configuration order} */
    List<HealthStatus> health();

    /**
     * Adverts, transitions, errors and dropped packets by reason.
     *
     * @return the counters since start (a live reconfiguration keeps them)
     */
    Counters counters();

    /**
     * {@return the latest split-brain event: another router heard acting as master with a lower
     * priority while this group was MASTER; null if none since start}
     */
    LowerPriorityMaster lastLowerPriorityMaster();

    /**
     * {@return the routers this group has heard adverts from (at most 32, in the order first heard),
     * with the priority and interval of each one's last advert and its age when this status was read;
     * this node is not among them}
     */
    List<PeerStatus> peers();

    /** {@return the last packets this group dropped (at most 16, oldest first), decoded as far as they go} */
    List<RejectedAdvert> recentRejections();

    /** {@return the most recent state change, or null before start} */
    default StateChange lastTransition() {
        List<StateChange> h = history();
        return h.isEmpty() ? null : h.get(h.size() - 1);
    }
}
