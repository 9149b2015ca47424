package dev.failover4j;

/** The state of one health check in a status snapshot. Users read it; only the group makes one. */
public sealed interface HealthStatus permits HealthValues {

    /** The check's name. */
    String name();

    /** Its weight (0: FAULT while failing). */
    int weight();

    /** Its current verdict after fall/rise. */
    boolean healthy();

    /** The outcome of the most recent run. */
    boolean lastResult();

    /** How many runs in a row gave {@link #lastResult()}. */
    int consecutive();

    /** What the last run said: "ok", or the failure (exception, timeout). */
    String lastDetail();

    /** How many runs completed. */
    long runs();
}
