package dev.failover4j.console;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits login attempts per client address and per user name: after {@value #FREE} failures in a row
 * each further attempt waits, 30 s doubling to 15 min; a success clears the count.
 */
final class LoginLimiter {

    static final int FREE = 5;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);

    private record State(int failures, long lockedUntil) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    LoginLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** How long {@code keys} must still wait (the longest of them), or zero. */
    Duration wait(String... keys) {
        long now = nanoTime.getAsLong();
        long wait = 0;
        for (String k : keys) {
            State s = states.get(k);
            if (s != null && s.lockedUntil() - now > 0) {
                wait = Math.max(wait, s.lockedUntil() - now);
            }
        }
        return Duration.ofNanos(wait);
    }

    void failed(String... keys) {
        long now = nanoTime.getAsLong();
        for (String k : keys) {
            states.compute(k, (key, s) -> {
                int n = s == null ? 1 : s.failures() + 1;
                long lock = 0;
                if (n >= FREE) {
                    long nanos = FIRST_LOCK.toNanos() << Math.min(n - FREE, 5);
                    lock = now + Math.min(nanos, MAX_LOCK.toNanos());
                }
                return new State(n, lock);
            });
        }
    }

    void succeeded(String... keys) {
        for (String k : keys) {
            states.remove(k);
        }
    }
}
