package dev.failover4j.micrometer;

import dev.failover4j.Cause;
import dev.failover4j.Counter;
import dev.failover4j.GroupObserver;
import dev.failover4j.HaConfig;
import dev.failover4j.HaGroup;
import dev.failover4j.HaState;
import dev.failover4j.HaStatus;
import dev.failover4j.HealthStatus;
import dev.failover4j.Rejection;
import dev.failover4j.StateListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for one {@link HaGroup}. Bind it once per group, to any registry (Prometheus,
 * OTLP, JMX, ...); it needs no Spring:
 *
 * <pre>{@code
 * HaGroup group = HaGroup.builder()...build();
 * FailoverMetrics metrics = new FailoverMetrics(group);
 * metrics.bindTo(registry);
 * group.start();
 * ...
 * group.close();
 * metrics.close(); // removes the meters and stops listening
 * }</pre>
 *
 * <p>Every meter carries the tags {@code interface} and {@code vrid} (and the extra tags given to the
 * constructor, e.g. a group name). The meters, by Micrometer's naming conventions (a registry adapts
 * them: Prometheus shows {@code failover4j.adverts.sent} as {@code failover4j_adverts_sent_total}):
 * <ul>
 * <li>{@code failover4j.state} (gauge, tag {@code state}): 1 for the current state, 0 for the others;
 * <li>{@code failover4j.priority} (gauge): the effective priority, as in adverts;
 *     {@code failover4j.priority.base} (gauge): the configured (or set) priority;
 * <li>{@code failover4j.epoch} (gauge): the mastership epoch;
 * <li>{@code failover4j.transitions} (counter, tags {@code from}, {@code to}, {@code cause});
 * <li>one function counter per {@link Counter}, named after it: {@code failover4j.adverts.sent},
 *     {@code failover4j.adverts.received}, {@code failover4j.priority.zero.sent},
 *     {@code failover4j.priority.zero.received}, {@code failover4j.became.master},
 *     {@code failover4j.takeovers.abandoned}, {@code failover4j.send.errors}, ...,
 *     {@code failover4j.late.wakeups};
 * <li>{@code failover4j.adverts.rejected} (function counter, tag {@code reason}: every
 *     {@link Rejection}, present at 0);
 * <li>{@code failover4j.bind.failures} (counter): entries to FAULT because the virtual addresses
 *     could not be bound ({@link Cause#VIP_BIND_FAILED});
 * <li>{@code failover4j.health.checks} (function counter, tags {@code check}, {@code result}
 *     success/failure) and {@code failover4j.health.healthy} (gauge, tag {@code check}: 1 or 0), for
 *     every health check, tracked file and tracked interface;
 * <li>{@code failover4j.takeover} (timer, tag {@code cause} MASTER_DOWN or MASTER_LEFT): from the
 *     old master's last advert, or its priority-0 advert, to MASTER with the addresses bound;
 * <li>{@code failover4j.timer.lateness} (timer, with a histogram): how late the protocol thread ran
 *     each timer; a tail that grows towards the advert interval is a GC pause or a starved CPU eating
 *     the protocol's margin.
 * </ul>
 *
 * <p>Thread-safe. Health checks and their names are read at {@link #bindTo}; checks added by a later
 * live reconfiguration get meters when bound again.
 */
public final class FailoverMetrics implements MeterBinder, AutoCloseable {

    private final HaGroup group;
    private final Tags tags;
    private final List<Meter> meters = new ArrayList<>();
    private MeterRegistry registry;
    private StateListener listener;
    private GroupObserver observer;
    private final java.util.Map<Cause, Timer> takeovers = new java.util.EnumMap<>(Cause.class);

    /**
     * Meters for {@code group}, tagged with its interface and VRID.
     *
     * @param group the group
     */
    public FailoverMetrics(HaGroup group) {
        this(group, Tags.empty());
    }

    /**
     * Meters for {@code group}, tagged with its interface and VRID and {@code extraTags}.
     *
     * @throws NullPointerException if an argument is null
     * @param group the group
     * @param extraTags more tags on every meter, e.g. {@code group=web}
     */
    public FailoverMetrics(HaGroup group, Iterable<Tag> extraTags) {
        this.group = Objects.requireNonNull(group, "group");
        HaConfig c = group.config();
        this.tags = Tags.of("interface", c.interfaceName(), "vrid", String.valueOf(c.vrid()))
                .and(Objects.requireNonNull(extraTags, "extraTags"));
    }

    /**
     * Registers the meters and starts listening to the group.
     *
     * @throws IllegalStateException if already bound (one binder, one registry: use a
     *                               {@code CompositeMeterRegistry} for several)
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (this.registry != null) {
            throw new IllegalStateException("already bound to a registry; close() first");
        }
        this.registry = registry;
        for (HaState s : HaState.values()) {
            add(Gauge.builder("failover4j.state", group, g -> g.state() == s ? 1 : 0).tags(tags).tag("state", s.name())
                    .description("1 for the group's current state, 0 for the others").strongReference(true).register(registry));
        }
        add(Gauge.builder("failover4j.priority", group, g -> g.status().effectivePriority()).tags(tags)
                .description("the effective priority, as sent in adverts").strongReference(true).register(registry));
        add(Gauge.builder("failover4j.priority.base", group, g -> g.status().basePriority()).tags(tags)
                .description("the configured (or set) priority").strongReference(true).register(registry));
        add(Gauge.builder("failover4j.epoch", group, g -> g.status().epoch()).tags(tags)
                .description("the mastership epoch: rises on every entry to MASTER").strongReference(true).register(registry));
        for (Counter c : Counter.values()) {
            add(functionCounter(meterName(c), c.description(), s -> s.counters().get(c), Tags.empty()));
        }
        for (Rejection r : Rejection.values()) {
            add(functionCounter("failover4j.adverts.rejected", "adverts dropped, by reason", s -> s.counters().rejected(r),
                    Tags.of("reason", r.name())));
        }
        for (String name : healthNames(group.config())) {
            add(functionCounter("failover4j.health.checks", "health check results", s -> health(s, name, true),
                    Tags.of("check", name, "result", "success")));
            add(functionCounter("failover4j.health.checks", "health check results", s -> health(s, name, false),
                    Tags.of("check", name, "result", "failure")));
            add(Gauge.builder("failover4j.health.healthy", group, g -> healthy(g.status(), name)).tags(tags).tag("check", name)
                    .description("1 while the check's verdict (after fall and rise) is healthy").strongReference(true)
                    .register(registry));
        }
        io.micrometer.core.instrument.Counter bindFailures = io.micrometer.core.instrument.Counter
                .builder("failover4j.bind.failures").tags(tags)
                .description("entries to FAULT because the virtual addresses could not be bound").register(registry);
        add(bindFailures);
        for (Cause cause : new Cause[] {Cause.MASTER_DOWN, Cause.MASTER_LEFT}) {
            takeovers.put(cause, add(takeoverTimer(cause)));
        }
        Timer lateness = Timer.builder("failover4j.timer.lateness").tags(tags)
                .description("how late the protocol thread ran each timer after its deadline")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        add(lateness);
        listener = change -> {
            add(io.micrometer.core.instrument.Counter.builder("failover4j.transitions").tags(tags)
                    .tag("from", change.previous().name()).tag("to", change.current().name()).tag("cause", change.cause().name())
                    .description("state changes").register(registry)).increment();
            if (change.current() == HaState.FAULT && change.cause() == Cause.VIP_BIND_FAILED) {
                bindFailures.increment();
            }
        };
        observer = new GroupObserver() {
            @Override
            public void timerRan(long latenessNanos) {
                lateness.record(latenessNanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void tookOver(Cause cause, long nanos) {
                Timer t = takeovers.get(cause);
                if (t != null) {
                    t.record(nanos, TimeUnit.NANOSECONDS);
                }
            }
        };
        group.addListener(listener, Runnable::run);
        group.addObserver(observer);
    }

    /** Stops listening to the group and removes this binder's meters from the registry. Idempotent. */
    @Override
    public synchronized void close() {
        if (registry == null) {
            return;
        }
        group.removeListener(listener);
        group.removeObserver(observer);
        synchronized (meters) {
            for (Meter m : meters) {
                registry.remove(m);
            }
            meters.clear();
        }
        registry = null;
    }

    /** {@code ADVERTS_SENT} becomes {@code failover4j.adverts.sent}. */
    static String meterName(Counter c) {
        return "failover4j." + c.name().toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private Timer takeoverTimer(Cause cause) {
        return Timer.builder("failover4j.takeover").tags(tags).tag("cause", cause.name())
                .description("from the old master's last advert (or its priority-0 advert) to MASTER with the addresses bound")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
    }

    private FunctionCounter functionCounter(String name, String description, ToDoubleFunction<HaStatus> f, Tags more) {
        return FunctionCounter.builder(name, group, g -> f.applyAsDouble(g.status())).tags(tags).tags(more)
                .description(description).register(registry);
    }

    /** The names {@link HaStatus#health()} will give (it is empty before start). */
    static List<String> healthNames(HaConfig c) {
        List<String> names = new ArrayList<>();
        c.healthChecks().forEach(h -> names.add(h.name()));
        c.trackedFiles().forEach(f -> names.add("file " + f.file()));
        c.trackedInterfaces().forEach(t -> names.add("interface " + t.name()));
        return names;
    }

    private static double health(HaStatus s, String name, boolean success) {
        for (HealthStatus h : s.health()) {
            if (h.name().equals(name)) {
                return success ? h.runs() - h.failures() : h.failures();
            }
        }
        return Double.NaN; // removed by a live reconfiguration
    }

    private static double healthy(HaStatus s, String name) {
        for (HealthStatus h : s.health()) {
            if (h.name().equals(name)) {
                return h.healthy() ? 1 : 0;
            }
        }
        return Double.NaN;
    }

    private <M extends Meter> M add(M m) {
        synchronized (meters) {
            if (!meters.contains(m)) {
                meters.add(m);
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return "FailoverMetrics" + tags;
    }

}
