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
    void onStateChange(StateChange change);
}
