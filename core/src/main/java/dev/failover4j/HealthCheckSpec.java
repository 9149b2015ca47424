package dev.failover4j;

import java.time.Duration;
import java.util.Objects;

/**
 * A health check with keepalived {@code vrrp_script} semantics.
 *
 * @param interval how often it runs (keepalived {@code interval}, default 1 s)
 * @param timeout  a run that takes longer fails (default: the interval)
 * @param fall     consecutive failures before it counts as failing (default 1); as keepalived's, the
 *                 first result decides at once (one failure fails, one success is healthy)
 * @param rise     consecutive successes before it counts as healthy again (default 1)
 * @param weight   0: the group goes to FAULT while it fails; &lt; 0: priority drops by |weight| while
 *                 it fails; &gt; 0: priority rises by weight while it is healthy. Effective priority
 *                 stays within 1..254; an address owner (255) ignores weights.
 * @param initiallyFailing keepalived's {@code init_fail}: the check counts as failing from the start
 *                 until {@code rise} runs in a row succeed (default false: the first result decides)
 */
public record HealthCheckSpec(String name, HealthCheck check, Duration interval, Duration timeout,
                              int fall, int rise, int weight, boolean initiallyFailing) {

    /**
     * Validates that no component is null (ranges are checked when a group is built).
     *
     * @param name the check's name, unique in its group
     * @param check the check
     * @param interval how often it runs (keepalived {@code interval}, default 1 s)
     * @param timeout a run that takes longer fails (default: the interval)
     * @param fall consecutive failures before it counts as failing (default 1)
     * @param rise consecutive successes before it counts as healthy again (default 1)
     * @param weight 0: the group goes to FAULT while it fails; &lt; 0: priority drops by |weight| while it fails; &gt; 0: priority rises by weight while it is healthy. Effective priority stays within 1..254; an address owner (255) ignores weights.
     * @param initiallyFailing keepalived's {@code init_fail}: failing from the start until {@code rise} runs in a row succeed
     */
    public HealthCheckSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * A check that is not {@link #initiallyFailing()}.
     *
     * @param name the check's name, unique in its group
     * @param check the check
     * @param interval how often it runs
     * @param timeout a run that takes longer fails
     * @param fall consecutive failures before it counts as failing
     * @param rise consecutive successes before it counts as healthy again
     * @param weight see {@link HealthCheckSpec}
     */
    public HealthCheckSpec(String name, HealthCheck check, Duration interval, Duration timeout, int fall, int rise, int weight) {
        this(name, check, interval, timeout, fall, rise, weight, false);
    }

    /**
     * A builder with keepalived's defaults: interval 1 s, timeout = interval, fall 1, rise 1, weight 0.
     *
     * @param name the check's name, unique in its group
     * @param check the check
     * @return the builder
     */
    public static Builder builder(String name, HealthCheck check) {
        return new Builder(name, check);
    }

    /** Mutable settings of one check; validated by {@code HaGroup.Builder.build()}. */
    public static final class Builder {
        private final String name;
        private final HealthCheck check;
        private Duration interval = Duration.ofSeconds(1);
        private Duration timeout;
        private int fall = 1;
        private int rise = 1;
        private int weight;
        private boolean initiallyFailing;

        Builder(String name, HealthCheck check) {
            this.name = name;
            this.check = check;
        }

        /**
         * Time between the start of one run and the next (default 1 s).
         *
         * @param interval the interval
         * @return this builder
         */
        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        /**
         * How long one run may take before it counts as failed (default: the interval).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Failed runs in a row before a healthy check is failing (1..1000, default 1).
         *
         * @param fall the number of runs
         * @return this builder
         */
        public Builder fall(int fall) {
            this.fall = fall;
            return this;
        }

        /**
         * Good runs in a row before a failing check is healthy again (1..1000, default 1).
         *
         * @param rise the number of runs
         * @return this builder
         */
        public Builder rise(int rise) {
            this.rise = rise;
            return this;
        }

        /**
         * The weight (-253..253, default 0: FAULT while failing); see {@link HealthCheckSpec}.
         *
         * @param weight the weight
         * @return this builder
         */
        public Builder weight(int weight) {
            this.weight = weight;
            return this;
        }

        /**
         * keepalived's {@code init_fail}: failing from the start (its weight applies, or FAULT for
         * weight 0) until {@code rise} runs in a row succeed. Default false: the first result decides.
         *
         * @param failing whether the check starts failing
         * @return this builder
         */
        public Builder initiallyFailing(boolean failing) {
            this.initiallyFailing = failing;
            return this;
        }

        /**
         * The check with these settings.
         *
         * @return the spec
         */
        public HealthCheckSpec build() {
            return new HealthCheckSpec(name, check, interval, timeout != null ? timeout : interval, fall, rise, weight, initiallyFailing);
        }
    }
}
