package dev.failover4j;

import java.net.InetAddress;
import java.util.Objects;

/**
 * This group, as MASTER, heard adverts from another router that also acts as master with a lower
 * priority: a split brain that has just healed (or a one-way link), keepalived's
 * {@code notify_master_rx_lower_pri}. The group has already answered with an advert (so the other
 * yields) and re-announced its virtual addresses (clients may have followed the other's
 * announcements); the event tells the application, for example to reconcile what both sides wrote
 * while split. Delivered to {@link StateListener#onLowerPriorityMaster} at most once a second per
 * group; {@link Counter#LOWER_PRIORITY_MASTER_ADVERTS} counts every such advert.
 *
 * @param address     the other master's address
 * @param priority    the priority in its advert
 * @param ourPriority our effective priority when it arrived
 * @param epoch       our mastership epoch (see {@link StateChange#epoch()})
 * @param adverts     adverts from lower-priority masters since the previous event (1 or more)
 * @param atNanos     when it arrived, on the group's monotonic clock
 * @param atMillis    the same moment on the wall clock (0 until the group stamps it)
 */
public record LowerPriorityMaster(InetAddress address, int priority, int ourPriority, long epoch, long adverts,
                                  long atNanos, long atMillis) {

    /**
     * Validates that the address is not null.
     *
     * @param address the other master's address
     * @param priority the priority in its advert
     * @param ourPriority our effective priority when it arrived
     * @param epoch our mastership epoch (see {@link StateChange#epoch()})
     * @param adverts adverts from lower-priority masters since the previous event (1 or more)
     * @param atNanos when it arrived, on the group's monotonic clock
     * @param atMillis the same moment on the wall clock (0 until the group stamps it)
     */
    public LowerPriorityMaster {
        Objects.requireNonNull(address, "address");
    }

    /**
     * {@return the same event stamped with a wall-clock time (the engine reads no clock; its driver does)}
     *
     * @param millis milliseconds since the epoch
     */
    public LowerPriorityMaster withAtMillis(long millis) {
        return new LowerPriorityMaster(address, priority, ourPriority, epoch, adverts, atNanos, millis);
    }

    @Override
    public String toString() {
        return "lower-priority master " + address.getHostAddress() + " (priority " + priority + ", ours " + ourPriority
                + ", epoch " + epoch + (adverts > 1 ? ", " + adverts + " adverts" : "") + ")";
    }
}
