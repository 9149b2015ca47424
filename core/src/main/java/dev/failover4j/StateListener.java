package dev.failover4j;

/**
 * Told about every state change of a group, in order, on the listener's executor (never on the
 * protocol thread). MASTER is delivered after the virtual addresses are bound. {@code close()}
 * always delivers the final change to INITIALIZE.
 *
 * <p>Contract: return quickly. An exception is caught and logged; a listener that blocks delays only
 * the listeners behind it on the same executor, never the adverts.
 */
@FunctionalInterface
public interface StateListener {
    /**
     * One state change, in order; MASTER only once the virtual addresses are bound.
     *
     * @param change the change
     */
    void onStateChange(StateChange change);

    /**
     * While this group was MASTER another router acted as master with a lower priority (a split
     * brain that healed): the group has already answered it and re-announced the addresses. At most
     * once a second per group; the default does nothing.
     *
     * @param event the other master's address and priority, ours, and how many adverts were heard
     */
    default void onLowerPriorityMaster(LowerPriorityMaster event) {
    }
}
