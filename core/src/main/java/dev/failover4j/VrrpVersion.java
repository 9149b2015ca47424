package dev.failover4j;

import java.time.Duration;

/**
 * The VRRP protocol version: the high nibble of the first byte of every advertisement, and the
 * timing rules that differ between the two RFCs.
 */
public enum VrrpVersion {
    /** RFC 3768: IPv4 only, advert interval in whole seconds, optional (RFC 2338) simple-text authentication. */
    V2(2, 1_000_000_000L),
    /** RFC 5798: IPv4 or IPv6, advert interval in centiseconds (12 bits), no authentication. */
    V3(3, 10_000_000L);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int number;
    private final long nanosPerUnit;

    VrrpVersion(int number, long nanosPerUnit) {
        this.number = number;
        this.nanosPerUnit = nanosPerUnit;
    }

    /** {@return the value of the version field on the wire (2 or 3)} */
    public int number() {
        return number;
    }

    /**
     * {@return the version whose wire value is {@code number}, or {@code null} if there is none}
     *
     * @param number the version field's value
     */
    public static VrrpVersion ofNumber(int number) {
        return switch (number) {
            case 2 -> V2;
            case 3 -> V3;
            default -> null;
        };
    }

    /** {@return one unit of the advert-interval field: a second (v2) or a centisecond (v3), in nanoseconds} */
    public long nanosPerIntervalUnit() {
        return nanosPerUnit;
    }

    /**
     * {@return Skew_Time in nanoseconds: (256 − priority)/256 s in v2 (RFC 3768 §6.1), ((256 −
     * priority) × Master_Adver_Interval)/256 in v3 (RFC 5798 §6.1)}
     *
     * @param priority the backup's priority
     * @param masterAdverNanos Master_Adver_Interval in nanoseconds (not used in v2)
     */
    public long skewNanos(int priority, long masterAdverNanos) {
        long weight = 256L - priority;
        return this == V2 ? weight * NANOS_PER_SECOND / 256 : weight * masterAdverNanos / 256;
    }

    /**
     * {@return Master_Down_Interval in nanoseconds: {@code downTimerAdverts} ×
     * Master_Adver_Interval + Skew_Time (RFC 3768/5798 §6.1 with keepalived's {@code
     * down_timer_adverts}; the RFCs use 3)}
     *
     * @param priority the backup's priority
     * @param masterAdverNanos Master_Adver_Interval in nanoseconds
     * @param downTimerAdverts adverts missed before the master is presumed down
     */
    public long masterDownNanos(int priority, long masterAdverNanos, int downTimerAdverts) {
        return downTimerAdverts * masterAdverNanos + skewNanos(priority, masterAdverNanos);
    }

    /**
     * {@return {@link #masterDownNanos} as a Duration}
     *
     * @param priority the backup's priority
     * @param masterAdverInterval Master_Adver_Interval
     * @param downTimerAdverts adverts missed before the master is presumed down
     */
    public Duration masterDownInterval(int priority, Duration masterAdverInterval, int downTimerAdverts) {
        return Duration.ofNanos(masterDownNanos(priority, masterAdverInterval.toNanos(), downTimerAdverts));
    }
}
