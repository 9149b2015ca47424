package dev.failover4j;

import java.util.Objects;

/**
 * One transition, as delivered to {@link StateListener}s and kept in the status history.
 *
 * @param previous  the state left
 * @param current   the state entered
 * @param cause     why, as a value to switch on
 * @param reason    why, in words (includes addresses and priorities where they matter)
 * @param epoch     the mastership epoch: strictly increasing on every entry to {@link HaState#MASTER},
 *                  unchanged otherwise; work started under an older epoch belongs to an older mastership
 * @param atNanos   the group's monotonic clock at the transition (only differences are meaningful)
 * @param atMillis  wall-clock time of the transition (for display only)
 */
public record StateChange(HaState previous, HaState current, Cause cause, String reason, long epoch,
                          long atNanos, long atMillis) {
    /**
     * Validates that no state, cause or reason is null.
     *
     * @param previous the state left
     * @param current the state entered
     * @param cause why, as a value to switch on
     * @param reason why, in words (includes addresses and priorities where they matter)
     * @param epoch the mastership epoch: strictly increasing on every entry to {@link HaState#MASTER}, unchanged otherwise; work started under an older epoch belongs to an older mastership
     * @param atNanos the group's monotonic clock at the transition (only differences are meaningful)
     * @param atMillis wall-clock time of the transition (for display only)
     */
    public StateChange {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * {@return the same change stamped with a wall-clock time (the engine reads no clock; its driver does)}
     *
     * @param millis milliseconds since the epoch
     */
    public StateChange withAtMillis(long millis) {
        return new StateChange(previous, current, cause, reason, epoch, atNanos, millis);
    }

    @Override
    public String toString() {
        return previous + " -> " + current + " (" + cause + ": " + reason + ", epoch " + epoch + ")";
    }
}
