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
