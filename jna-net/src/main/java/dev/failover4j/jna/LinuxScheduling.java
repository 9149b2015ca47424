package dev.failover4j.jna;

import com.sun.jna.LastErrorException;
import dev.failover4j.jna.internal.Capabilities;
import dev.failover4j.jna.internal.Errno;
import dev.failover4j.jna.internal.LibC;
import dev.failover4j.jna.internal.Sockaddrs;
import dev.failover4j.spi.Scheduling;
import java.io.IOException;

/** SCHED_RR for the calling thread and mlockall, through JNA; a missing capability is named with its fix. */
final class LinuxScheduling implements Scheduling {

    static final LinuxScheduling INSTANCE = new LinuxScheduling();

    private LinuxScheduling() {
    }

    @Override
    public void realtime(int priority) throws IOException {
        if (priority < 1 || priority > 99) {
            throw new IllegalArgumentException("SCHED_RR priority must be 1..99, got " + priority);
        }
        try {
            // Reset on fork, as keepalived: a thread or a script this thread starts (a listener's executor,
            // a check script that restarts nginx) runs with the ordinary policy, not at real-time priority.
            LibC.INSTANCE.sched_setscheduler(0, LibC.SCHED_RR | LibC.SCHED_RESET_ON_FORK, Sockaddrs.cInt(priority));
        } catch (LastErrorException e) {
            throw Errno.exception("sched_setscheduler(SCHED_RR, " + priority + ")"
                    + (e.getErrorCode() == Errno.EPERM || !Capabilities.has(Capabilities.CAP_SYS_NICE)
                    ? ": realtimePriority needs CAP_SYS_NICE. Run as root, or grant it to the service with systemd:"
                    + " AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW CAP_SYS_NICE (and the same in"
                    + " CapabilityBoundingSet); in a container, the runtime must allow real-time scheduling" : ""), e);
        }
    }

    @Override
    public void lockMemory() throws IOException {
        try {
            LibC.INSTANCE.mlockall(LibC.MCL_CURRENT | LibC.MCL_FUTURE);
        } catch (LastErrorException e) {
            throw Errno.exception("mlockall(MCL_CURRENT | MCL_FUTURE): lockMemory needs CAP_IPC_LOCK or a memory-lock"
                    + " limit as large as the JVM (systemd: AmbientCapabilities=... CAP_IPC_LOCK, or LimitMEMLOCK=infinity)", e);
        }
    }
}
