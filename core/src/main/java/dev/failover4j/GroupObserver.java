package dev.failover4j;

/**
 * Measurements of a group that a status snapshot cannot carry, for metrics libraries (the
 * {@code failover4j-micrometer} module is one). Registered with {@link HaGroup#addObserver}.
 *
 * <p>Called on the group's protocol thread: a method must return within microseconds and never
 * block (recording into a histogram is fine; I/O is not). An exception is caught and logged at most
 * once per observer; the group carries on. Both methods default to doing nothing.
 */
public interface GroupObserver {

    /**
     * The protocol thread ran a timer (an advert to send, a master-down deadline, a retry)
     * {@code latenessNanos} after its deadline: the wake-up's usual delay, or a GC pause, a stopped
     * process or a starved CPU eating the protocol's margin. Called for every timer run.
     *
     * @param latenessNanos nanoseconds past the deadline, never negative
     */
    default void timerRan(long latenessNanos) {
    }

    /**
     * This group became MASTER (addresses bound, listeners about to be told) because its master went
     * away: {@code nanos} runs from the old master's last advert ({@link Cause#MASTER_DOWN}), or from its
     * priority-0 advert ({@link Cause#MASTER_LEFT}), to now. Election at start, preemption and the
     * address owner are not takeovers and are not reported.
     *
     * @param cause {@link Cause#MASTER_DOWN} or {@link Cause#MASTER_LEFT}
     * @param nanos the time without a master as this node saw it, in nanoseconds
     */
    default void tookOver(Cause cause, long nanos) {
    }
}
