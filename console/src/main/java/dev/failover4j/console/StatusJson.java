package dev.failover4j.console;

import dev.failover4j.Counter;
import dev.failover4j.HaConfig;
import dev.failover4j.HaGroup;
import dev.failover4j.HaState;
import dev.failover4j.HaStatus;
import dev.failover4j.HealthStatus;
import dev.failover4j.LowerPriorityMaster;
import dev.failover4j.PeerStatus;
import dev.failover4j.Rejection;
import dev.failover4j.RejectedAdvert;
import dev.failover4j.StateChange;
import dev.failover4j.VirtualAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A group's status as the console's JSON ({@code /api/status}): every field of {@link HaStatus}, the
 * peers heard and the last dropped packets, with words for the operator (Active/Standby, what each
 * rejection means). Never a password.
 */
public final class StatusJson {

    private StatusJson() {
    }

    /**
     * {@return Active, Standby, Fault or Stopped: the appliance's words for the RFC states}
     *
     * @param s the state
     */
    public static String activity(HaState s) {
        return switch (s) {
            case MASTER -> "Active";
            case BACKUP -> "Standby";
            case FAULT -> "Fault";
            case INITIALIZE -> "Stopped";
        };
    }

    /**
     * {@return the role the configuration intends: MASTER above keepalived's default priority 100, else BACKUP}
     *
     * @param priority the configured priority
     */
    public static String configuredRole(int priority) {
        return priority > 100 ? "MASTER" : "BACKUP";
    }

    /**
     * The group's status as nested maps and lists, ready for {@link #write}.
     *
     * @param name  the group's name (keepalived's instance name)
     * @param group the group
     * @return the status
     */
    public static Map<String, Object> group(String name, HaGroup group) {
        HaStatus s = group.status();
        HaConfig c = group.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("state", s.state().name());
        m.put("activity", activity(s.state()));
        m.put("configuredRole", configuredRole(c.priority()));
        m.put("interface", s.interfaceName());
        m.put("vrid", s.vrid());
        m.put("vrrpVersion", s.version().number());
        m.put("advertIntervalMs", c.advertInterval().toMillis());
        m.put("virtualAddresses", s.virtualAddresses().stream().map(VirtualAddress::toString).toList());
        m.put("basePriority", s.basePriority());
        m.put("effectivePriority", s.effectivePriority());
        m.put("masterAddress", s.masterAddress() == null ? null : s.masterAddress().getHostAddress());
        m.put("masterPriority", s.masterPriority());
        m.put("masterAdverIntervalMs", s.masterAdverInterval().toMillis());
        m.put("epoch", s.epoch());
        m.put("preempt", c.preempt());
        m.put("unicastPeers", c.unicastPeers().stream().map(a -> a.getHostAddress()).toList());
        LowerPriorityMaster split = s.lastLowerPriorityMaster();
        if (split == null) {
            m.put("lastLowerPriorityMaster", null);
        } else {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("at", Instant.ofEpochMilli(split.atMillis()).toString());
            l.put("address", split.address().getHostAddress());
            l.put("priority", split.priority());
            l.put("ourPriority", split.ourPriority());
            l.put("epoch", split.epoch());
            m.put("lastLowerPriorityMaster", l);
        }
        List<Object> peers = new ArrayList<>();
        for (PeerStatus p : s.peers()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("address", p.address().getHostAddress());
            e.put("priority", p.priority());
            e.put("advertIntervalMs", p.advertInterval().toMillis());
            e.put("adverts", p.adverts());
            e.put("ageMs", p.age().toMillis());
            boolean current = p.address().equals(s.masterAddress()) && s.state() == HaState.BACKUP;
            e.put("role", p.priority() == 0 ? "left (priority 0)" : current ? "master"
                    : p.age().compareTo(p.advertInterval().multipliedBy(3)) < 0 ? "advertising" : "silent");
            peers.add(e);
        }
        m.put("peers", peers);
        List<Object> health = new ArrayList<>();
        for (HealthStatus h : s.health()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", h.name());
            e.put("healthy", h.healthy());
            e.put("lastResult", h.lastResult());
            e.put("consecutive", h.consecutive());
            e.put("weight", h.weight());
            e.put("runs", h.runs());
            e.put("failures", h.failures());
            e.put("detail", h.lastDetail());
            health.add(e);
        }
        m.put("health", health);
        List<Object> history = new ArrayList<>();
        for (StateChange ch : s.history()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("at", Instant.ofEpochMilli(ch.atMillis()).toString());
            e.put("from", ch.previous().name());
            e.put("to", ch.current().name());
            e.put("cause", ch.cause().name());
            e.put("reason", ch.reason());
            e.put("epoch", ch.epoch());
            history.add(e);
        }
        m.put("history", history);
        Map<String, Object> counters = new LinkedHashMap<>();
        s.counters().asMap().forEach((k, v) -> counters.put(camel(k), v));
        counters.put("rejected", s.counters().rejected());
        m.put("counters", counters);
        List<Object> rejections = new ArrayList<>();
        for (Rejection r : Rejection.values()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("reason", r.name());
            e.put("explained", r.description());
            e.put("count", s.counters().rejected(r));
            rejections.add(e);
        }
        m.put("rejections", rejections);
        List<Object> dropped = new ArrayList<>();
        for (RejectedAdvert r : s.recentRejections()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("source", r.source().getHostAddress());
            e.put("vrid", r.vrid());
            e.put("priority", r.priority());
            e.put("reason", r.reason().name());
            e.put("explained", r.reason().description());
            e.put("detail", r.detail());
            e.put("ageMs", r.age().toMillis());
            dropped.add(e);
        }
        m.put("recentRejections", dropped);
        return m;
    }

    /**
     * {@return {@code value} as JSON text}
     *
     * @param value maps, lists, strings, numbers, booleans and nulls
     */
    public static String write(Object value) {
        return Json.write(value);
    }

    /** {@code ADVERTS_SENT} becomes {@code advertsSent}. */
    static String camel(Counter c) {
        String[] parts = c.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            b.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i], 1, parts[i].length());
        }
        return b.toString();
    }
}
