package dev.failover4j.spring.actuate;

import dev.failover4j.HaGroup;
import dev.failover4j.HaState;
import dev.failover4j.spring.FailoverGroups;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code /actuator/health} component {@code failover4j}: DOWN while any group is in FAULT (it cannot
 * serve as master or backup), UP while every group is MASTER or BACKUP, UNKNOWN before start and after
 * close; details per group: state, priority, master, virtual addresses, epoch.
 */
public class Failover4jHealthIndicator implements HealthIndicator {

    private final FailoverGroups groups;

    /**
     * The indicator over {@code groups}.
     *
     * @param groups the groups
     */
    public Failover4jHealthIndicator(FailoverGroups groups) {
        this.groups = groups;
    }

    @Override
    public Health health() {
        Status status = Status.UP;
        Health.Builder b = new Health.Builder();
        for (Map.Entry<String, HaGroup> e : groups.groups().entrySet()) {
            HaState s = e.getValue().state();
            if (s == HaState.FAULT) {
                status = Status.DOWN;
            } else if (s == HaState.INITIALIZE && status == Status.UP) {
                status = Status.UNKNOWN;
            }
            b.withDetail(e.getKey(), StatusViews.summary(e.getValue()));
        }
        return b.status(status).build();
    }
}
