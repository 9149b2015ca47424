package dev.failover4j;

/** The one implementation of {@link HealthStatus}; made only by {@link HealthMonitor}. */
record HealthValues(String name, int weight, boolean healthy, boolean lastResult, int consecutive,
                    String lastDetail, long runs, long failures) implements HealthStatus {
}
