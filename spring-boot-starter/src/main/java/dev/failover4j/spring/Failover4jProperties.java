package dev.failover4j.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code failover4j.*}. One group: set its properties at the top level
 * ({@code failover4j.interface-name}, {@code failover4j.vrid}, {@code failover4j.virtual-addresses}
 * are enough). Several: name them under {@code failover4j.groups.<name>.*}; the top-level values are
 * then the defaults of every named group, and the top level is no group of its own.
 */
@ConfigurationProperties("failover4j")
public class Failover4jProperties extends GroupSettings {

    /** Whether the groups are configured and started at all. */
    private boolean enabled = true;

    /** How long closing a group may take when the application stops (the master's priority-0 advert, releasing its addresses). */
    private Duration closeTimeout = Duration.ofSeconds(5);

    /** Named groups; each inherits the top-level values it does not set. */
    private Map<String, GroupSettings> groups = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    public Map<String, GroupSettings> getGroups() {
        return groups;
    }

    public void setGroups(Map<String, GroupSettings> groups) {
        this.groups = groups == null ? new LinkedHashMap<>() : new LinkedHashMap<>(groups);
    }
}
