package dev.failover4j.internal;

/**
 * What an event loop's thread blocks in between tasks and timers. The default parks the thread; a
 * platform's waiter also waits on its sockets and runs their handlers on the loop's thread, so a
 * packet is handled where it is read, with no hand-off between threads (jna-net's poll loop).
 */
public interface Waiter {

    /**
     * On the loop's thread: blocks until {@link #wakeup()}, until I/O is ready (whose handlers it runs
     * before returning), or until {@code nanos} have passed ({@link Long#MAX_VALUE}: no limit). Zero
     * does not block: it runs the handlers of what is ready now (the loop does this when it woke late).
     */
    void await(long nanos);

    /** Any thread: the loop's current or next {@link #await} returns soon. */
    void wakeup();

    /** The loop's thread has ended: release what the waiter holds. */
    default void closed() {
    }
}
