package dev.failover4j.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.failover4j.internal.RealtimeLoop;
import dev.failover4j.internal.ThreadEventLoop;
import dev.failover4j.internal.Waiter;
import dev.failover4j.jna.internal.Errno;
import dev.failover4j.jna.internal.Poll;
import dev.failover4j.spi.EventLoop;
import dev.failover4j.spi.Scheduling;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one thread for failover4j on Linux: an event loop (core's {@link ThreadEventLoop})
 * that waits in {@code ppoll(2)} on every VRRP socket and the rtnetlink monitor socket, and on an
 * eventfd that other threads write to when they hand it a task. A packet is read and handled on this
 * thread, with no hand-off between threads, and an idle process sleeps in the kernel until a packet,
 * a timer or a task (no receive timeouts, no polling). Groups that do not name their own loop run
 * here; sockets register their file descriptors. The thread starts with the first user and ends with
 * the last.
 */
final class PollLoop implements Waiter {

    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
    private static final Object LOCK = new Object();
    private static PollLoop current;

    /** A file descriptor and what to run on the loop when it is readable. */
    private record Registration(int fd, Runnable onReadable) {
    }

    private final ThreadEventLoop loop;
    private final int eventFd;
    private final Memory eventBuf = new Memory(8);
    private final Memory timeout = new Memory(16);
    private int users;
    /** Copy-on-write: written under {@code this}, read by the loop thread. */
    private volatile Registration[] registrations = new Registration[0];
    // Loop-confined: the pollfd array built from the registrations the loop last saw.
    private Registration[] polled;
    private Memory pollfds = new Memory((long) Poll.POLLFD_SIZE * 8);

    private PollLoop() throws IOException {
        try {
            eventFd = Poll.eventfd(0, Poll.EFD_NONBLOCK | Poll.EFD_CLOEXEC);
        } catch (LastErrorException e) {
            throw Errno.exception("eventfd", e);
        }
        eventBuf.setLong(0, 1);
        loop = new ThreadEventLoop("failover4j-loop", this);
        // Timers on time: the kernel may otherwise end a timed wait up to 50 µs late (its default timer
        // slack for ordinary threads), on top of the wake-up itself.
        loop.execute(() -> {
            try {
                Poll.prctl(Poll.PR_SET_TIMERSLACK, 1, 0, 0, 0);
            } catch (LastErrorException e) {
                log.debug("prctl(PR_SET_TIMERSLACK): {}", Errno.describe(e.getErrorCode()));
            }
        });
    }

    /** The running loop, started if none runs; pair with {@link #release()}. */
    static PollLoop acquire() throws IOException {
        synchronized (LOCK) {
            if (current == null) {
                current = new PollLoop();
            }
            current.users++;
            return current;
        }
    }

    /** One user is done; the last one ends the thread (and the next acquire starts another). */
    void release() {
        synchronized (LOCK) {
            if (--users > 0) {
                return;
            }
            if (current == this) {
                current = null;
            }
        }
        loop.shutdown();
    }

    /** An event loop for a group: this loop, until its {@code shutdown()} releases it. */
    static EventLoop groupLoop() throws IOException {
        return new Lease(acquire());
    }

    EventLoop loop() {
        return loop;
    }

    /** From now on {@code onReadable} runs on the loop whenever {@code fd} is readable (or in error). Any thread. */
    synchronized void register(int fd, Runnable onReadable) {
        Registration[] now = Arrays.copyOf(registrations, registrations.length + 1);
        now[now.length - 1] = new Registration(fd, onReadable);
        registrations = now;
        wakeup();
    }

    /**
     * Stops watching {@code fd}; {@code then} (closing it) runs on the loop once it no longer polls it.
     * Any thread.
     */
    synchronized void unregister(int fd, Runnable then) {
        registrations = Arrays.stream(registrations).filter(r -> r.fd() != fd).toArray(Registration[]::new);
        loop.execute(then);
        wakeup();
    }

    // ------------------------------------------------------------------ Waiter, on the loop's thread

    @Override
    public void await(long nanos) {
        Registration[] regs = registrations;
        if (regs != polled) {
            rebuild(regs);
        }
        int n = regs.length + 1;
        int ready;
        try {
            if (nanos == Long.MAX_VALUE) {
                ready = Poll.ppoll(pollfds, n, null, null);
            } else {
                timeout.setLong(0, nanos / 1_000_000_000L);
                timeout.setLong(8, nanos % 1_000_000_000L);
                ready = Poll.ppoll(pollfds, n, timeout, null);
            }
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EINTR) {
                log.warn("ppoll: {}", Errno.describe(e.getErrorCode()));
            }
            return;
        }
        if (ready <= 0) {
            return;
        }
        if (pollfds.getShort(6) != 0) {
            drainEventFd();
        }
        for (int i = 0; i < regs.length; i++) {
            short revents = pollfds.getShort((long) (i + 1) * Poll.POLLFD_SIZE + 6);
            if (revents != 0) {
                try {
                    regs[i].onReadable().run();
                } catch (RuntimeException e) {
                    log.warn("handling fd {}: {}", regs[i].fd(), e.toString());
                }
            }
        }
    }

    @Override
    public void wakeup() {
        try {
            Poll.write(eventFd, eventBuf, 8);
        } catch (LastErrorException e) {
            // EAGAIN: the counter is already non-zero, the loop will wake
        }
    }

    @Override
    public void closed() {
        try {
            Poll.close(eventFd);
        } catch (LastErrorException ignored) {
            // already closed
        }
    }

    private void rebuild(Registration[] regs) {
        long need = (long) (regs.length + 1) * Poll.POLLFD_SIZE;
        if (pollfds.size() < need) {
            pollfds = new Memory(need * 2);
        }
        set(0, eventFd);
        for (int i = 0; i < regs.length; i++) {
            set(i + 1, regs[i].fd());
        }
        polled = regs;
    }

    private void set(int i, int fd) {
        long at = (long) i * Poll.POLLFD_SIZE;
        pollfds.setInt(at, fd);
        pollfds.setShort(at + 4, Poll.POLLIN);
        pollfds.setShort(at + 6, (short) 0);
    }

    private void drainEventFd() {
        try {
            Poll.read(eventFd, eventBuf, 8);
        } catch (LastErrorException e) {
            // EAGAIN: another read emptied it
        }
        eventBuf.setLong(0, 1);
    }

    /** A group's hold on the loop: every call goes to it; {@code shutdown()} lets go of it, once. */
    private static final class Lease implements EventLoop, RealtimeLoop {
        private final PollLoop poll;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

        Lease(PollLoop poll) {
            this.poll = poll;
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void execute(Runnable task) {
            poll.loop.execute(task);
        }

        @Override
        public Timer timer(Runnable task) {
            return poll.loop.timer(task);
        }

        @Override
        public boolean inEventLoop() {
            return poll.loop.inEventLoop();
        }

        @Override
        public <T> T await(CompletableFuture<T> future, Duration timeout) throws TimeoutException, InterruptedException {
            return poll.loop.await(future, timeout);
        }

        @Override
        public void shutdown() {
            if (released.compareAndSet(false, true)) {
                poll.release();
            }
        }

        @Override
        public void raisePriority(int priority, Scheduling scheduling) throws IOException {
            poll.loop.raisePriority(priority, scheduling);
        }
    }
}
