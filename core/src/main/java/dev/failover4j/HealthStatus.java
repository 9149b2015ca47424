package dev.failover4j;

/**
 * The state of one health check in a status snapshot.
 *
 * @param healthy      its current verdict after fall/rise
 * @param lastResult   the outcome of the most recent run
 * @param consecutive  how many runs in a row gave {@code lastResult}
 * @param lastDetail   what the last failure said (exception, timeout), or "ok"
 * @param runs         how many runs completed
 */
public record HealthStatus(String name, int weight, boolean healthy, boolean lastResult, int consecutive,
                           String lastDetail, long runs) {
}
