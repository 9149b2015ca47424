package dev.failover4j.spi;

/** A monotonic clock in nanoseconds; only differences are meaningful, compared as {@code a - b < 0}. */
@FunctionalInterface
public interface Clock {
    /** {@return the current time in nanoseconds on an arbitrary monotonic origin ({@code System.nanoTime()} in production)} */
    long nanoTime();
}
