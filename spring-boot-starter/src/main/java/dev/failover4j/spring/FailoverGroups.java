package dev.failover4j.spring;

import dev.failover4j.HaGroup;
import dev.failover4j.HaState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The application's failover4j groups, by name, following the application's lifecycle: started
 * after the web server is up, closed gracefully (a master's priority-0 advert, its addresses
 * released: the backup takes over at once) before the web server begins its graceful shutdown, so
 * requests move to the other node before this one stops serving.
 */
public class FailoverGroups implements SmartLifecycle {

    /** The name of the group configured at the top level of {@code failover4j.*}. */
    public static final String DEFAULT_GROUP = "default";

    /**
     * The lifecycle phase: after the web server starts ({@code Integer.MAX_VALUE - 2048}) and before its
     * graceful shutdown ({@code Integer.MAX_VALUE - 1024}) in stop order.
     */
    public static final int PHASE = Integer.MAX_VALUE - 512;

    private static final Logger log = LoggerFactory.getLogger(FailoverGroups.class);

    private final Map<String, HaGroup> groups;
    private final Duration closeTimeout;
    private volatile boolean running;
    private volatile boolean closed;

    /**
     * @param groups       the groups by name, built and not started
     * @param closeTimeout how long each group's graceful close may take
     * @param events       where state changes are published as {@link FailoverStateChangedEvent}s
     */
    public FailoverGroups(Map<String, HaGroup> groups, Duration closeTimeout, ApplicationEventPublisher events) {
        this.groups = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
        this.closeTimeout = closeTimeout;
        this.groups.forEach((name, g) -> g.addListener(
                change -> events.publishEvent(new FailoverStateChangedEvent(this, name, change)), Runnable::run));
    }

    /**
     * Every group by name, in configuration order.
     *
     * @return an unmodifiable map
     */
    public Map<String, HaGroup> groups() {
        return groups;
    }

    /**
     * The group called {@code name}.
     *
     * @throws NoSuchElementException naming the groups there are
     * @param name the group's name
     * @return the group
     */
    public HaGroup group(String name) {
        HaGroup g = groups.get(name);
        if (g == null) {
            throw new NoSuchElementException("no failover4j group '" + name + "'; the groups are " + groups.keySet());
        }
        return g;
    }

    /**
     * The only group.
     *
     * @throws IllegalStateException if there are several (name one with {@link #group(String)})
     * @return the group
     */
    public HaGroup group() {
        if (groups.size() != 1) {
            throw new IllegalStateException("there are " + groups.size() + " failover4j groups " + groups.keySet()
                    + ": name one");
        }
        return groups.values().iterator().next();
    }

    /**
     * Whether this node is MASTER of the group called {@code name}.
     *
     * @param name the group's name
     * @return true while it is MASTER (its addresses bound)
     */
    public boolean isMaster(String name) {
        return group(name).state() == HaState.MASTER;
    }

    @Override
    public void start() {
        List<HaGroup> started = new ArrayList<>();
        try {
            for (HaGroup g : groups.values()) {
                g.start();
                started.add(g);
            }
        } catch (RuntimeException e) {
            started.forEach(g -> g.close(closeTimeout));
            throw e;
        }
        running = true;
    }

    @Override
    public void stop() {
        close();
        running = false;
    }

    /** Closes every group gracefully (idempotent); also when the context failed before start. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Map.Entry<String, HaGroup> e : groups.entrySet()) {
            try {
                e.getValue().close(closeTimeout);
            } catch (RuntimeException ex) {
                log.warn("failover4j group '{}': close failed: {}", e.getKey(), ex.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
