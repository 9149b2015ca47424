package dev.failover4j.spring.actuate;

import dev.failover4j.HaGroup;
import dev.failover4j.HaStatus;
import dev.failover4j.HealthStatus;
import dev.failover4j.LowerPriorityMaster;
import dev.failover4j.StateChange;
import dev.failover4j.VirtualAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A group's status as plain maps for JSON (no secret: the password is never included). */
final class StatusViews {

    private StatusViews() {
    }

    static Map<String, Object> summary(HaGroup g) {
        HaStatus s = g.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state().name());
        m.put("interface", s.interfaceName());
        m.put("vrid", s.vrid());
        m.put("priority", s.effectivePriority());
        m.put("basePriority", s.basePriority());
        m.put("master", s.masterAddress() == null ? null : s.masterAddress().getHostAddress());
        m.put("masterPriority", s.masterPriority());
        m.put("virtualAddresses", s.virtualAddresses().stream().map(VirtualAddress::toString).toList());
        m.put("epoch", s.epoch());
        return m;
    }

    static Map<String, Object> full(HaGroup g) {
        HaStatus s = g.status();
        Map<String, Object> m = summary(g);
        m.put("version", s.version().number());
        m.put("masterAdvertInterval", s.masterAdverInterval().toString());
        StateChange last = s.lastTransition();
        m.put("lastTransition", last == null ? null : transition(last));
        m.put("history", s.history().stream().map(StatusViews::transition).toList());
        m.put("health", s.health().stream().map(StatusViews::health).toList());
        Map<String, Long> counters = new LinkedHashMap<>();
        s.counters().asMap().forEach((k, v) -> counters.put(k.name(), v));
        m.put("counters", counters);
        Map<String, Long> rejections = new LinkedHashMap<>();
        s.counters().rejections().forEach((k, v) -> rejections.put(k.name(), v));
        m.put("rejections", rejections);
        LowerPriorityMaster lpm = s.lastLowerPriorityMaster();
        m.put("lastLowerPriorityMaster", lpm == null ? null : lpm.toString());
        return m;
    }

    static Map<String, Object> transition(StateChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", c.previous().name());
        m.put("to", c.current().name());
        m.put("cause", c.cause().name());
        m.put("reason", c.reason());
        m.put("epoch", c.epoch());
        m.put("atMillis", c.atMillis());
        return m;
    }

    static Map<String, Object> health(HealthStatus h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.name());
        m.put("healthy", h.healthy());
        m.put("weight", h.weight());
        m.put("lastDetail", h.lastDetail());
        m.put("runs", h.runs());
        m.put("failures", h.failures());
        return m;
    }

    static List<String> names(Map<String, HaGroup> groups) {
        return List.copyOf(groups.keySet());
    }
}
