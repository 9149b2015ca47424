package dev.failover4j;

/** The state of one health check in a status snapshot. Users read it; only the group makes one. */
public sealed interface HealthStatus permits HealthValues {

    /** {@return the check's name} */
    String name();

    /** {@return its weight (0: FAULT while failing)} */
    int weight();

    /** {@return its current verdict after fall/rise} */
    boolean healthy();

    /** {@return the outcome of the most recent run} */
    boolean lastResult();

    /** {@return how many runs in a row gave {@link #lastResult()}} */
    int consecutive();

    /** {@return what the last run said: "ok", or the failure (exception, timeout)} */
    String lastDetail();

    /** {@return how many runs completed (a tracked file: reads of its value; a tracked interface: 1)} */
    long runs();

    /**
     * {@return how many of {@link #runs()} failed: a check's failed runs, a tracked file's reads of
     * a value other than 0 (one that moved the priority or meant FAULT), a tracked interface's 1
     * while its link is down}
     */
    long failures();
}
