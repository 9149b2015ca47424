package dev.failover4j.engine;

/** The router's timers; each is armed or not, with one deadline (see {@link TimerTable}). */
public enum Timer {
    /** Master: send the next advert (Adver_Timer). */
    ADVERT,
    /** Backup: the master is presumed down (Master_Down_Timer). */
    MASTER_DOWN,
    /** New master: the settle after its first advert is over; bind the VIP. */
    TAKEOVER_SETTLE,
    /** Master: the second GARP burst. */
    GARP_REPEAT,
    /** Master: periodic GARP refresh. */
    GARP_REFRESH,
    /** Master: renew the VIP lease. */
    LEASE_REFRESH,
    /** Fault after a failed bind: try again. */
    FAULT_RETRY,
    /** Not master, but removing the VIP failed: try again. */
    UNBIND_RETRY
}
