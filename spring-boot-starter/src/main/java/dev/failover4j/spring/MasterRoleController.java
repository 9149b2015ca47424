package dev.failover4j.spring;

import dev.failover4j.HaGroup;
import dev.failover4j.HaState;
import dev.failover4j.StateChange;
import dev.failover4j.StateListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.context.Phased;
import org.springframework.context.SmartLifecycle;

/**
 * Starts and stops the {@link MasterRole} beans on their group's transitions. Its own lifecycle stops
 * before the groups close (a higher phase), so role beans stop before this node hands its addresses
 * over.
 */
public class MasterRoleController implements SmartInitializingSingleton, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MasterRoleController.class);

    private final ApplicationContext context;
    private final FailoverGroups groups;
    private final Map<String, List<Role>> roles = new LinkedHashMap<>();
    private final Map<String, StateListener> listeners = new LinkedHashMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "failover4j-roles");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean running;

    record Role(String bean, Lifecycle lifecycle) {
        int phase() {
            return lifecycle instanceof Phased p ? p.getPhase() : 0;
        }
    }

    /**
     * A controller for the {@link MasterRole} beans of {@code context}.
     *
     * @param context the application context
     * @param groups the groups
     */
    public MasterRoleController(ApplicationContext context, FailoverGroups groups) {
        this.context = context;
        this.groups = groups;
    }

    /**
     * The role beans by group, in start order.
     *
     * @return bean names by group name
     */
    public Map<String, List<String>> roles() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        roles.forEach((g, list) -> out.put(g, list.stream().map(Role::bean).toList()));
        return out;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> problems = new ArrayList<>();
        for (String name : context.getBeanNamesForAnnotation(MasterRole.class)) {
            MasterRole annotation = context.findAnnotationOnBean(name, MasterRole.class);
            Object bean = context.getBean(name);
            String group = annotation == null ? "" : annotation.value();
            if (group.isEmpty()) {
                if (groups.groups().size() != 1) {
                    problems.add("bean '" + name + "': @MasterRole names no group, and there are " + groups.groups().size()
                            + " " + groups.groups().keySet() + ": write @MasterRole(\"<group>\")");
                    continue;
                }
                group = groups.groups().keySet().iterator().next();
            } else if (!groups.groups().containsKey(group)) {
                problems.add("bean '" + name + "': @MasterRole(\"" + group + "\") names no group; the groups are "
                        + groups.groups().keySet());
                continue;
            }
            if (!(bean instanceof Lifecycle lifecycle)) {
                problems.add("bean '" + name + "' (" + bean.getClass().getName()
                        + "): a @MasterRole bean implements org.springframework.context.Lifecycle (start/stop/isRunning)");
                continue;
            }
            if (bean instanceof SmartLifecycle smart && smart.isAutoStartup()) {
                problems.add("bean '" + name + "': a @MasterRole SmartLifecycle must return false from isAutoStartup(),"
                        + " or the context starts it on every node");
                continue;
            }
            roles.computeIfAbsent(group, g -> new ArrayList<>()).add(new Role(name, lifecycle));
        }
        if (!problems.isEmpty()) {
            throw new BeanInitializationException("failover4j @MasterRole beans:\n - " + String.join("\n - ", problems));
        }
        roles.values().forEach(list -> list.sort(Comparator.comparingInt(Role::phase)));
        roles.forEach((group, list) -> {
            HaGroup g = groups.group(group);
            StateListener l = change -> onChange(group, list, change);
            listeners.put(group, l);
            g.addListener(l, thread);
        });
    }

    private void onChange(String group, List<Role> list, StateChange change) {
        if (change.current() == HaState.MASTER) {
            for (Role r : list) {
                if (r.lifecycle() instanceof EpochAware e) {
                    e.setEpoch(change.epoch());
                }
                log.info("failover4j group '{}' is MASTER (epoch {}): starting '{}'", group, change.epoch(), r.bean());
                try {
                    r.lifecycle().start();
                } catch (RuntimeException ex) {
                    log.error("failover4j group '{}': starting '{}' failed", group, r.bean(), ex);
                }
            }
        } else if (change.previous() == HaState.MASTER) {
            stopAll(group, list, change.toString());
        }
    }

    private void stopAll(String group, List<Role> list, String why) {
        for (int i = list.size() - 1; i >= 0; i--) {
            Role r = list.get(i);
            if (!r.lifecycle().isRunning()) {
                continue;
            }
            log.info("failover4j group '{}' left MASTER ({}): stopping '{}'", group, why, r.bean());
            try {
                r.lifecycle().stop();
            } catch (RuntimeException ex) {
                log.error("failover4j group '{}': stopping '{}' failed", group, r.bean(), ex);
            }
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Stops every running role bean (on the role thread, after any transition in flight) before the groups close. */
    @Override
    public void stop() {
        running = false;
        listeners.forEach((group, l) -> groups.group(group).removeListener(l));
        try {
            thread.submit(() -> roles.forEach((group, list) -> stopAll(group, list, "application stopping")))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("failover4j: stopping the @MasterRole beans: {}", e.toString());
        }
        thread.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return FailoverGroups.PHASE + 1;
    }
}
