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

    /** How many runs completed (a tracked file: reads of its value; a tracked interface: 1). */
    long runs();

    /**
     * How many of {@link #runs()} failed: a check's failed runs, a tracked file's reads of a value
     * other than 0 (one that moved the priority or meant FAULT), a tracked interface's 1 while its link
     * is down.
     */
    long failures();
}
