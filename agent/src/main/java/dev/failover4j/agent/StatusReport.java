package dev.failover4j.agent;

import dev.failover4j.HaStatus;
import dev.failover4j.HealthStatus;
import dev.failover4j.StateChange;
import dev.failover4j.VirtualAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code failover4j-agent status} prints: per instance, the appliance's table (virtual IP,
 * health-check status, configured role, current state) and the priority, the master's address and
 * the last transitions with their reasons; or the same as JSON.
 */
final class StatusReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private StatusReport() {
    }

    static String text(Map<String, Agent.Running> instances) {
        if (instances.isEmpty()) {
            return "no vrrp_instance is running\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"INSTANCE", "VIRTUAL IP", "HEALTH CHECKS", "ROLE", "STATE", "PRIORITY", "MASTER"});
        for (Map.Entry<String, Agent.Running> e : instances.entrySet()) {
            HaStatus s = e.getValue().group.status();
            rows.add(new String[] {e.getKey(), vips(s), checks(s), role(e.getValue()), s.state().name(),
                    s.effectivePriority() + (s.effectivePriority() != s.basePriority() ? " (" + s.basePriority() + ")" : ""),
                    s.masterAddress() == null ? "-" : s.masterAddress().getHostAddress()});
        }
        StringBuilder b = new StringBuilder();
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                b.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + (width[i] + 2) + "s", r[i]));
            }
            b.append('\n');
        }
        for (Map.Entry<String, Agent.Running> e : instances.entrySet()) {
            List<StateChange> h = e.getValue().group.status().history();
            if (h.isEmpty()) {
                continue;
            }
            b.append('\n').append(e.getKey()).append(": last transitions\n");
            for (StateChange c : h.subList(Math.max(0, h.size() - 5), h.size())) {
                b.append("  ").append(c.atMillis() > 0 ? TIME.format(Instant.ofEpochMilli(c.atMillis())) : "-").append("  ")
                        .append(c.previous()).append(" -> ").append(c.current()).append("  ").append(c.cause()).append(": ")
                        .append(c.reason()).append('\n');
            }
        }
        return b.toString();
    }

    static String json(Map<String, Agent.Running> instances) {
        StringBuilder b = new StringBuilder("{\"instances\":[");
        boolean first = true;
        for (Map.Entry<String, Agent.Running> e : instances.entrySet()) {
            HaStatus s = e.getValue().group.status();
            b.append(first ? "" : ",").append("{\"name\":").append(str(e.getKey()))
                    .append(",\"interface\":").append(str(s.interfaceName()))
                    .append(",\"vrid\":").append(s.vrid())
                    .append(",\"virtualAddresses\":[").append(s.virtualAddresses().stream().map(v -> str(v.toString())).collect(Collectors.joining(",")))
                    .append("],\"role\":").append(str(role(e.getValue())))
                    .append(",\"state\":").append(str(s.state().name()))
                    .append(",\"priority\":").append(s.effectivePriority())
                    .append(",\"basePriority\":").append(s.basePriority())
                    .append(",\"master\":").append(s.masterAddress() == null ? "null" : str(s.masterAddress().getHostAddress()))
                    .append(",\"epoch\":").append(s.epoch())
                    .append(",\"healthChecks\":[");
            boolean f2 = true;
            for (HealthStatus h : s.health()) {
                b.append(f2 ? "" : ",").append("{\"name\":").append(str(h.name())).append(",\"healthy\":").append(h.healthy()).append('}');
                f2 = false;
            }
            b.append("],\"transitions\":[");
            f2 = true;
            for (StateChange c : s.history()) {
                b.append(f2 ? "" : ",").append("{\"from\":").append(str(c.previous().name())).append(",\"to\":").append(str(c.current().name()))
                        .append(",\"cause\":").append(str(c.cause().name())).append(",\"reason\":").append(str(c.reason()))
                        .append(",\"epoch\":").append(c.epoch()).append(",\"atMillis\":").append(c.atMillis()).append('}');
                f2 = false;
            }
            b.append("]}");
            first = false;
        }
        return b.append("]}\n").toString();
    }

    /** The configured role: keepalived's {@code state}, which is only where the instance starts from. */
    private static String role(Agent.Running r) {
        return r.instance.state != null ? r.instance.state : "BACKUP";
    }

    private static String vips(HaStatus s) {
        return s.virtualAddresses().stream().map(VirtualAddress::toString).collect(Collectors.joining(","));
    }

    private static String checks(HaStatus s) {
        if (s.health().isEmpty()) {
            return "-";
        }
        return s.health().stream().map(h -> h.name() + (h.healthy() ? " ok" : " FAILING")).collect(Collectors.joining(", "));
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
