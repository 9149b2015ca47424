package dev.failover4j.spring.actuate;

import dev.failover4j.HaGroup;
import dev.failover4j.spring.FailoverGroups;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/failover4j}: every group's status (GET), one group's ({@code GET /{group}}), and two
 * write operations, secured like every actuator write operation by the application's own security:
 * {@code POST /{group}/demote} hands mastership over now, {@code POST /{group}/priority} with
 * {@code {"priority": 50}} sets the base priority (1..254). Expose it with
 * {@code management.endpoints.web.exposure.include=health,info,failover4j}.
 */
@Endpoint(id = "failover4j")
public class Failover4jEndpoint {

    private final FailoverGroups groups;

    /**
     * The endpoint over {@code groups}.
     *
     * @param groups the groups
     */
    public Failover4jEndpoint(FailoverGroups groups) {
        this.groups = groups;
    }

    /** {@return every group's full status by name: state, priorities, master, history, health checks, counters, rejections} */
    @ReadOperation
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        groups.groups().forEach((name, g) -> out.put(name, StatusViews.full(g)));
        return out;
    }

    /**
     * One group's status; an unknown name is a 404 (null).
     *
     * @param group the group's name
     * @return its full status, or null
     */
    @ReadOperation
    public Map<String, Object> group(@Selector String group) {
        HaGroup g = groups.groups().get(group);
        return g == null ? null : StatusViews.full(g);
    }

    /**
     * {@code demote}: this node hands mastership over now (a priority-0 advert; a backup takes over
     * after Skew_Time); {@code priority}: sets the base priority, 1..254, which preempts or yields as
     * the protocol says (anything else is a 400). Returns the group's status after the request, or null
     * (404) for an unknown group or action.
     *
     * @param group the group's name
     * @param action {@code demote} or {@code priority}
     * @param priority the new base priority (for {@code priority})
     * @return the group's summary, or null
     */
    @WriteOperation
    @SuppressWarnings("deprecation") // Spring's @Nullable: how Spring Boot 3.5's actuator knows the body is optional
    public Map<String, Object> action(@Selector String group, @Selector String action,
                                      @Nullable @org.springframework.lang.Nullable Integer priority) {
        HaGroup g = groups.groups().get(group);
        if (g == null) {
            return null;
        }
        switch (action) {
            case "demote" -> g.demote();
            case "priority" -> {
                if (priority == null || priority < 1 || priority > 254) {
                    String why = "priority: " + priority + " is out of range (allowed 1..254)";
                    throw new InvalidEndpointRequestException(why, why); // 400, not a stack trace
                }
                g.setPriority(priority);
            }
            default -> {
                return null;
            }
        }
        return StatusViews.summary(g);
    }
}
