package dev.failover4j;

/** Why a state change happened; {@link StateChange#reason()} adds the human-readable detail. */
public enum Cause {
    /** {@code start()} was called. */
    STARTED,
    /** Priority 255: the address owner becomes master at once (RFC 3768/5798 §6.4.1). */
    ADDRESS_OWNER,
    /** No advert from a master for Master_Down_Interval: the master is presumed down. */
    MASTER_DOWN,
    /** The master left: a priority-0 advert from it, then Skew_Time without another master (RFC §6.4.2). */
    MASTER_LEFT,
    /** A lower-priority master's adverts were discarded (preempt) until Master_Down_Interval ran out. */
    PREEMPTED,
    /** An advert with a higher priority (or equal priority from a higher address) arrived while master. */
    HIGHER_PRIORITY_MASTER,
    /** A weight-0 health check is failing. */
    HEALTH_FAULT,
    /** The interface lost its link (or was deleted). */
    LINK_DOWN,
    /** The interface has no address of its own to send adverts from. */
    NO_SOURCE_ADDRESS,
    /** The virtual address could not be bound (or re-bound after it was removed from outside). */
    VIP_BIND_FAILED,
    /** Every fault cause cleared. */
    FAULT_CLEARED,
    /** {@code demote()} was called. */
    DEMOTED,
    /** Another member of this group's sync group changed (keepalived's {@code vrrp_sync_group}): FAULT, BACKUP or MASTER together. */
    SYNC_GROUP,
    /** {@code close()} was called. */
    STOPPED
}
