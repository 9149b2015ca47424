package dev.failover4j.spi;

import java.io.IOException;

/**
 * Real-time scheduling and memory locking, as keepalived's {@code vrrp_rt_priority} and
 * {@code vrrp_no_swap}: a protocol thread that preempts ordinary threads wakes on time under load,
 * and a process whose memory is locked never waits for swap. Provided by a platform's
 * {@link NetworkProvider}; {@code failover4j-jna-net} implements it on Linux.
 */
public interface Scheduling {

    /**
     * Runs the calling thread with a real-time policy ({@code SCHED_RR}) at {@code priority} (1..99).
     *
     * @throws IOException naming what is missing (CAP_SYS_NICE) and how to grant it
     * @param priority the SCHED_RR priority
     */
    void realtime(int priority) throws IOException;

    /**
     * Locks the process's current and future memory into RAM ({@code mlockall}).
     *
     * @throws IOException naming what is missing (CAP_IPC_LOCK) and how to grant it
     */
    void lockMemory() throws IOException;
}
