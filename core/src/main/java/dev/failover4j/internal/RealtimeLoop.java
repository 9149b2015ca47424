package dev.failover4j.internal;

import dev.failover4j.spi.Scheduling;
import java.io.IOException;

/** An event loop whose thread can be given a real-time priority (failover4j's own loops). */
public interface RealtimeLoop {

    /**
     * Runs the loop's thread with SCHED_RR at {@code priority} unless it already runs at least that
     * high (the loop is shared: the highest priority asked for wins). Waits until the thread has done it.
     *
     * @throws IOException what the platform said (a missing capability)
     */
    void raisePriority(int priority, Scheduling scheduling) throws IOException;
}
