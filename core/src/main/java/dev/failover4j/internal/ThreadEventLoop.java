package dev.failover4j.internal;

import dev.failover4j.spi.EventLoop;
import dev.failover4j.spi.Scheduling;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The production event loop: one daemon thread, {@link System#nanoTime()}, a task queue and a heap
 * of reusable timers. The thread waits (parked, or in a platform's {@link Waiter} that also waits on
 * its sockets) until the earliest deadline, the next task or I/O, so an idle loop costs nothing and a
 * loop shared by hundreds of groups is still one thread. Re-arming a timer allocates nothing; a task
 * from another thread wakes the loop only if it is waiting.
 */
public final class ThreadEventLoop implements EventLoop, RealtimeLoop {

    /**
     * A timer this late means the thread did not come out of its wait on time: look at the sockets and
     * the queue before firing it (a wait that ends on time has just looked).
     */
    static final long STALL_NANOS = 200_000;
    /** Loop-confined: the loop has just come out of a wait (which looked at the sockets). */
    private boolean justWaited;
    /** At most this many queued tasks run ahead of overdue timers. */
    private static final int STALL_TASKS = 1024;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    /** Null: park the thread. */
    private final Waiter waiter;
    /** Set while the thread waits (or is about to): only then does a new task wake it. */
    private final java.util.concurrent.atomic.AtomicBoolean waiting = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean shutdown;
    /** The SCHED_RR priority the thread runs at (0: ordinary); loop-confined. */
    private int realtimePriority;
    /** Loop-confined: armed timers ordered by deadline (a binary heap). */
    private TimerNode[] heap = new TimerNode[16];
    private int size;

    public ThreadEventLoop(String name) {
        this(name, null);
    }

    /** A loop whose thread waits in {@code waiter} (null: parks). */
    public ThreadEventLoop(String name, Waiter waiter) {
        this.waiter = waiter;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        // The protocol thread sends adverts on deadlines: let it win over application threads.
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            return;
        }
        tasks.add(task);
        if (Thread.currentThread() != thread && waiting.get()) {
            wake();
        }
    }

    private void wake() {
        if (waiter == null) {
            LockSupport.unpark(thread);
        } else {
            waiter.wakeup();
        }
    }

    @Override
    public Timer timer(Runnable task) {
        return new TimerNode(task);
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public <T> T await(CompletableFuture<T> future, Duration timeout) throws TimeoutException, InterruptedException {
        if (inEventLoop() && !future.isDone()) {
            throw new IllegalStateException("cannot wait on the protocol thread for work that runs on it");
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void raisePriority(int priority, Scheduling scheduling) throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            try {
                if (priority > realtimePriority) {
                    scheduling.realtime(priority);
                    realtimePriority = priority;
                }
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the protocol thread did not answer within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void shutdown() {
        shutdown = true;
        wake();
    }

    private void run() {
        while (!shutdown) {
            // Due timers go first and again after every task: a queue that never empties (a flood of
            // packets) must not starve the adverts.
            runDueTimers();
            for (Runnable r; !shutdown && (r = tasks.poll()) != null; ) {
                runSafely(r);
                runDueTimers();
            }
            waiting.set(true);
            if (shutdown || !tasks.isEmpty()) { // a task that came before the flag was set
                waiting.set(false);
                continue;
            }
            long nanos = size == 0 ? Long.MAX_VALUE : heap[0].deadline - System.nanoTime();
            if (nanos > 0) {
                justWaited = true;
                if (waiter != null) {
                    waiter.await(nanos);
                } else if (nanos == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, nanos);
                }
            }
            waiting.set(false);
        }
        tasks.clear();
        if (waiter != null) {
            waiter.closed();
        }
    }

    private void runDueTimers() {
        if (size > 0) {
            long late = System.nanoTime() - heap[0].deadline;
            // A timer is due and the loop has not looked at its sockets since it last waited (it was
            // running tasks or handlers), or it woke late: what arrived goes first.
            if (late > STALL_NANOS || (late >= 0 && !justWaited)) {
                takeInPending();
            }
        }
        justWaited = false;
        while (!shutdown && size > 0 && heap[0].deadline - System.nanoTime() <= 0) {
            TimerNode t = heap[0];
            remove(t);
            runSafely(t.task);
        }
    }

    /**
     * The thread woke late (a GC pause, a stopped process, a starved CPU): what arrived meanwhile goes
     * before the overdue timers, so an advert that came during the stall restarts Master_Down instead of
     * the stall becoming a takeover. Bounded: a flood cannot keep the timers from running.
     */
    private void takeInPending() {
        if (waiter != null) {
            waiter.await(0);
        }
        for (int i = 0; i < STALL_TASKS && !shutdown; i++) {
            Runnable r = tasks.poll();
            if (r == null) {
                return;
            }
            runSafely(r);
        }
    }

    private static void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | Error e) {
            // A task's own failure must not end the loop that drives every group.
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    private void confined() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("timers are armed and cancelled on their event loop only");
        }
    }

    /** A timer and its place in the heap (-1 when not armed). */
    private final class TimerNode implements Timer {
        final Runnable task;
        long deadline;
        int index = -1;

        TimerNode(Runnable task) {
            this.task = task;
        }

        @Override
        public void arm(long deadlineNanos) {
            confined();
            if (index >= 0) {
                remove(this);
            }
            deadline = deadlineNanos;
            add(this);
        }

        @Override
        public void cancel() {
            confined();
            if (index >= 0) {
                remove(this);
            }
        }
    }

    // ---- the heap (loop-confined), compared overflow-safely

    private void add(TimerNode t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = t;
        t.index = size;
        size++;
        up(t.index);
    }

    private void remove(TimerNode t) {
        int i = t.index;
        size--;
        TimerNode last = heap[size];
        heap[size] = null;
        t.index = -1;
        if (i != size) {
            heap[i] = last;
            last.index = i;
            up(i);
            down(last.index);
        }
    }

    private void up(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[i].deadline - heap[parent].deadline >= 0) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void down(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int c = l + 1 < size && heap[l + 1].deadline - heap[l].deadline < 0 ? l + 1 : l;
            if (heap[c].deadline - heap[i].deadline >= 0) {
                return;
            }
            swap(i, c);
            i = c;
        }
    }

    private void swap(int a, int b) {
        TimerNode x = heap[a];
        heap[a] = heap[b];
        heap[b] = x;
        heap[a].index = a;
        heap[b].index = b;
    }
}
