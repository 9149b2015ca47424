package dev.failover4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.spi.EventLoop;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The production loop: timers are never starved by tasks, and its heap fires exactly what is armed, in order. */
class ThreadEventLoopTest {

    /** A due timer must not wait for the task queue to become empty. */
    @Test
    void aDueTimerFiresWhileTasksKeepArriving() throws Exception {
        ThreadEventLoop loop = new ThreadEventLoop("test-loop");
        CountDownLatch fired = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        loop.execute(() -> loop.timer(fired::countDown).arm(loop.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1)));
        Runnable[] spin = new Runnable[1];
        spin[0] = () -> {
            if (!stop.get()) {
                loop.execute(spin[0]); // e.g. a steady stream of received packets
            }
        };
        loop.execute(spin[0]);
        boolean ok = fired.await(2, TimeUnit.SECONDS);
        stop.set(true);
        loop.shutdown();
        assertTrue(ok, "a 1 ms timer did not fire within 2 s while the task queue was never empty");
    }

    /**
     * A stall while a timer comes due (a GC pause on the protocol thread): the advert queued during the
     * stall goes first and restarts the timer, so the stall is not a takeover.
     */
    @Test
    void workQueuedDuringAStallRunsBeforeTheOverdueTimer() throws Exception {
        ThreadEventLoop loop = new ThreadEventLoop("test-stall");
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch advertQueued = new CountDownLatch(1);
        EventLoop.Timer[] masterDown = new EventLoop.Timer[1];
        long far = TimeUnit.SECONDS.toNanos(30);
        loop.execute(() -> {
            masterDown[0] = loop.timer(() -> order.add("master down"));
            masterDown[0].arm(loop.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1));
        });
        loop.execute(() -> { // the stall: the timer comes due and an advert arrives meanwhile
            stalled.countDown();
            await(advertQueued);
            sleepMillis(3);
        });
        stalled.await(2, TimeUnit.SECONDS);
        loop.execute(() -> {
            order.add("advert");
            masterDown[0].arm(loop.nanoTime() + far);
        });
        advertQueued.countDown();
        CompletableFuture<List<String>> seen = new CompletableFuture<>();
        loop.execute(() -> seen.complete(List.copyOf(order)));
        List<String> result = seen.get(2, TimeUnit.SECONDS);
        loop.shutdown();
        assertEquals(List.of("advert"), result, "the overdue timer fired before the advert that arrived during the stall");
    }

    /** The same with a platform waiter: the loop looks at its sockets (a zero-time wait) before overdue timers. */
    @Test
    void aLateLoopAsksItsWaiterForReadyIoBeforeOverdueTimers() throws Exception {
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean packetWaiting = new AtomicBoolean();
        EventLoop.Timer[] masterDown = new EventLoop.Timer[1];
        ThreadEventLoop[] self = new ThreadEventLoop[1];
        Waiter sockets = new Waiter() {
            @Override
            public void await(long nanos) {
                if (packetWaiting.getAndSet(false)) {
                    order.add("advert");
                    masterDown[0].arm(self[0].nanoTime() + TimeUnit.SECONDS.toNanos(30));
                } else if (nanos > 0) {
                    LockSupportSleep.park(nanos);
                }
            }

            @Override
            public void wakeup() {
            }
        };
        ThreadEventLoop loop = new ThreadEventLoop("test-stall-io", sockets);
        self[0] = loop;
        CompletableFuture<List<String>> seen = new CompletableFuture<>();
        loop.execute(() -> {
            masterDown[0] = loop.timer(() -> order.add("master down"));
            masterDown[0].arm(loop.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1));
            packetWaiting.set(true); // it arrives while this task stalls past the deadline
            sleepMillis(3);
        });
        loop.execute(() -> seen.complete(List.copyOf(order)));
        List<String> result = seen.get(2, TimeUnit.SECONDS);
        loop.shutdown();
        assertEquals(List.of("advert"), result, "the overdue timer fired before the loop read its sockets");
    }

    /**
     * Not a stall, just busy: a timer that came due while the loop ran a task (the takeover settle
     * while the first advert went out) waits for the sockets to be read: a higher advert that arrived
     * in the window is not missed by microseconds.
     */
    @Test
    void aTimerThatCameDueWhileTheLoopWasBusyWaitsForTheSockets() throws Exception {
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean packetWaiting = new AtomicBoolean();
        EventLoop.Timer[] settle = new EventLoop.Timer[1];
        Waiter sockets = new Waiter() {
            @Override
            public void await(long nanos) {
                if (packetWaiting.getAndSet(false)) {
                    order.add("higher advert");
                    settle[0].cancel();
                } else if (nanos > 0) {
                    LockSupportSleep.park(nanos);
                }
            }

            @Override
            public void wakeup() {
            }
        };
        ThreadEventLoop loop = new ThreadEventLoop("test-busy-io", sockets);
        CompletableFuture<List<String>> seen = new CompletableFuture<>();
        loop.execute(() -> {
            long deadline = loop.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
            settle[0] = loop.timer(() -> order.add("bind"));
            settle[0].arm(deadline);
            packetWaiting.set(true); // arrives while the loop is busy
            while (loop.nanoTime() - deadline < 20_000) {
                Thread.onSpinWait(); // busy until just past the deadline (not a stall)
            }
        });
        loop.execute(() -> seen.complete(List.copyOf(order)));
        List<String> result = seen.get(2, TimeUnit.SECONDS);
        loop.shutdown();
        assertEquals(List.of("higher advert"), result, "the due timer ran before the loop read its sockets");
    }

    private static final class LockSupportSleep {
        static void park(long nanos) {
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(5)));
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepMillis(long ms) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() - end < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(end - System.nanoTime());
        }
    }

    /** 50 rounds of 5,000 random arms and cancels on 200 timers. */
    @Test
    void randomArmsAndCancelsFireExactlyTheArmedOnesInOrder() throws Exception {
        ThreadEventLoop loop = new ThreadEventLoop("test-fuzz");
        for (int round = 0; round < 50; round++) {
            CompletableFuture<String> res = new CompletableFuture<>();
            int seed = round;
            loop.execute(() -> {
                Random r = new Random(seed);
                int n = 200;
                List<Long> firedAt = new ArrayList<>();
                List<Integer> fired = new ArrayList<>();
                long base = loop.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
                long[] dl = new long[n];
                boolean[] armed = new boolean[n];
                EventLoop.Timer[] ts = new EventLoop.Timer[n];
                for (int i = 0; i < n; i++) {
                    int id = i;
                    ts[i] = loop.timer(() -> { fired.add(id); firedAt.add(dl[id]);
                        if (fired.size() == count(armed)) res.complete(check(fired, firedAt, armed)); });
                }
                for (int k = 0; k < 5000; k++) {
                    int i = r.nextInt(n);
                    if (r.nextInt(3) == 0) { ts[i].cancel(); armed[i] = false; }
                    else { dl[i] = base + r.nextInt(1_000_000); ts[i].arm(dl[i]); armed[i] = true; }
                }
                if (count(armed) == 0) res.complete("ok");
            });
            assertEquals("ok", res.get(5, TimeUnit.SECONDS));
        }
        loop.shutdown();
    }
    private static int count(boolean[] a) { int c = 0; for (boolean b : a) if (b) c++; return c; }
    private static String check(List<Integer> fired, List<Long> at, boolean[] armed) {
        for (int i = 1; i < at.size(); i++) if (at.get(i) - at.get(i - 1) < 0) return "out of order at " + i;
        if (new HashSet<>(fired).size() != fired.size()) return "duplicate";
        for (int id : fired) if (!armed[id]) return "cancelled fired " + id;
        return "ok";
    }
}
