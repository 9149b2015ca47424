package dev.failover4j.examples;

import dev.failover4j.Counter;
import dev.failover4j.HaState;
import dev.failover4j.HaStatus;
import dev.failover4j.HealthStatus;
import dev.failover4j.LowerPriorityMaster;
import dev.failover4j.StateChange;
import dev.failover4j.VirtualAddress;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders a group's status as JSON ({@code /ha.json}) and HTML ({@code /ha}); no dependencies. */
final class StatusPage {

    private StatusPage() {
    }

    /** Active / Standby / Fault / Stopped: the application's view of the RFC state. */
    static String activity(HaState s) {
        return switch (s) {
            case MASTER -> "Active";
            case BACKUP -> "Standby";
            case FAULT -> "Fault";
            case INITIALIZE -> "Stopped";
        };
    }

    /** The role the configuration intends: the owner (255) and priorities above keepalived's default 100 are MASTER. */
    static String configuredRole(int priority) {
        return priority > 100 ? "MASTER" : "BACKUP";
    }

    static String json(String node, HaStatus s) {
        StringBuilder b = new StringBuilder(2048).append('{');
        field(b, "node", node).append(',');
        field(b, "state", s.state().name()).append(',');
        field(b, "activity", activity(s.state())).append(',');
        field(b, "configuredRole", configuredRole(s.basePriority())).append(',');
        field(b, "interface", s.interfaceName()).append(',');
        b.append("\"vrid\":").append(s.vrid()).append(',');
        b.append("\"vrrpVersion\":").append(s.version().number()).append(',');
        b.append("\"virtualAddresses\":[");
        List<VirtualAddress> vips = s.virtualAddresses();
        for (int i = 0; i < vips.size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(vips.get(i).toString()));
        }
        b.append("],");
        b.append("\"basePriority\":").append(s.basePriority()).append(',');
        b.append("\"effectivePriority\":").append(s.effectivePriority()).append(',');
        b.append("\"masterAddress\":").append(s.masterAddress() == null ? "null" : quote(addr(s.masterAddress()))).append(',');
        b.append("\"masterPriority\":").append(s.masterPriority()).append(',');
        b.append("\"masterAdverIntervalMs\":").append(s.masterAdverInterval().toMillis()).append(',');
        b.append("\"epoch\":").append(s.epoch()).append(',');
        LowerPriorityMaster split = s.lastLowerPriorityMaster();
        b.append("\"lastLowerPriorityMaster\":");
        if (split == null) {
            b.append("null,");
        } else {
            b.append('{');
            field(b, "at", Instant.ofEpochMilli(split.atMillis()).toString()).append(',');
            field(b, "address", addr(split.address())).append(',');
            b.append("\"priority\":").append(split.priority()).append(',');
            b.append("\"ourPriority\":").append(split.ourPriority()).append(',');
            b.append("\"epoch\":").append(split.epoch()).append("},");
        }
        b.append("\"health\":[");
        for (int i = 0; i < s.health().size(); i++) {
            HealthStatus h = s.health().get(i);
            b.append(i == 0 ? "{" : ",{");
            field(b, "name", h.name()).append(',');
            b.append("\"healthy\":").append(h.healthy()).append(',');
            b.append("\"lastResult\":").append(h.lastResult()).append(',');
            b.append("\"consecutive\":").append(h.consecutive()).append(',');
            b.append("\"weight\":").append(h.weight()).append(',');
            b.append("\"runs\":").append(h.runs()).append(',');
            field(b, "detail", h.lastDetail()).append('}');
        }
        b.append("],\"history\":[");
        for (int i = 0; i < s.history().size(); i++) {
            StateChange c = s.history().get(i);
            b.append(i == 0 ? "{" : ",{");
            field(b, "at", Instant.ofEpochMilli(c.atMillis()).toString()).append(',');
            field(b, "from", c.previous().name()).append(',');
            field(b, "to", c.current().name()).append(',');
            field(b, "cause", c.cause().name()).append(',');
            field(b, "reason", c.reason()).append(',');
            b.append("\"epoch\":").append(c.epoch()).append('}');
        }
        b.append("],\"counters\":{");
        s.counters().asMap().forEach((k, v) -> b.append(quote(camel(k))).append(':').append(v).append(','));
        b.append("\"rejected\":").append(s.counters().rejected()).append("},\"rejections\":{");
        Map<String, Long> rej = new TreeMap<>();
        s.counters().rejections().forEach((k, v) -> rej.put(k.name(), v));
        int i = 0;
        for (Map.Entry<String, Long> e : rej.entrySet()) {
            b.append(i++ == 0 ? "" : ",").append(quote(e.getKey())).append(':').append(e.getValue());
        }
        return b.append("}}").toString();
    }

    static String html(String node, HaStatus s) {
        StringBuilder b = new StringBuilder(4096);
        String color = switch (s.state()) {
            case MASTER -> "#1b7f3b";
            case BACKUP -> "#1f5fa8";
            case FAULT -> "#b42318";
            case INITIALIZE -> "#666";
        };
        b.append("<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"1\">")
                .append("<title>").append(esc(node)).append(" – failover4j</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}th{background:#f4f4f4}")
                .append(".state{display:inline-block;color:#fff;padding:6px 14px;border-radius:6px;font-size:1.4em}")
                .append("</style></head><body>");
        b.append("<h1>").append(esc(node)).append(" <span class=\"state\" style=\"background:").append(color).append("\">")
                .append(activity(s.state())).append(" (").append(s.state()).append(")</span></h1>");
        b.append("<table>");
        row(b, "Virtual addresses", String.join(", ", s.virtualAddresses().stream().map(Object::toString).toList()));
        row(b, "Interface / VRID / version", s.interfaceName() + " / " + s.vrid() + " / VRRPv" + s.version().number());
        row(b, "Configured role", configuredRole(s.basePriority()) + " (priority " + s.basePriority() + ")");
        row(b, "Effective priority", String.valueOf(s.effectivePriority()));
        row(b, "Current master", s.masterAddress() == null ? "unknown" : addr(s.masterAddress())
                + " (priority " + s.masterPriority() + ", every " + s.masterAdverInterval().toMillis() + " ms)");
        row(b, "Mastership epoch", String.valueOf(s.epoch()));
        LowerPriorityMaster split = s.lastLowerPriorityMaster();
        if (split != null) {
            row(b, "Last split brain", Instant.ofEpochMilli(split.atMillis()) + ": " + addr(split.address())
                    + " was also master (priority " + split.priority() + ", ours " + split.ourPriority() + "); answered");
        }
        b.append("</table><h2>Health checks</h2><table><tr><th>Check</th><th>Verdict</th><th>Last result</th>")
                .append("<th>In a row</th><th>Weight</th><th>Detail</th></tr>");
        for (HealthStatus h : s.health()) {
            b.append("<tr><td>").append(esc(h.name())).append("</td><td>").append(h.healthy() ? "healthy" : "FAILING")
                    .append("</td><td>").append(h.lastResult() ? "ok" : "failed").append("</td><td>").append(h.consecutive())
                    .append("</td><td>").append(h.weight()).append("</td><td>").append(esc(h.lastDetail())).append("</td></tr>");
        }
        b.append("</table><h2>Transitions</h2><table><tr><th>Time</th><th>From</th><th>To</th><th>Cause</th><th>Reason</th><th>Epoch</th></tr>");
        List<StateChange> hist = s.history();
        for (int i = hist.size() - 1; i >= 0; i--) {
            StateChange c = hist.get(i);
            b.append("<tr><td>").append(Instant.ofEpochMilli(c.atMillis())).append("</td><td>").append(c.previous())
                    .append("</td><td>").append(c.current()).append("</td><td>").append(c.cause()).append("</td><td>")
                    .append(esc(c.reason())).append("</td><td>").append(c.epoch()).append("</td></tr>");
        }
        b.append("</table><h2>Packets</h2><table>");
        s.counters().asMap().forEach((k, v) -> row(b, k.description(), String.valueOf(v)));
        new TreeMap<>(s.counters().rejections()).forEach((k, v) -> row(b, "Rejected: " + k.name(), v + " (" + k.description() + ")"));
        b.append("</table><p><a href=\"/ha.json\">JSON</a></p></body></html>");
        return b.toString();
    }

    /** ADVERTS_SENT -> advertsSent. */
    static String camel(Counter c) {
        StringBuilder out = new StringBuilder();
        for (String part : c.name().toLowerCase(java.util.Locale.ROOT).split("_")) {
            out.append(out.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
    }

    private static String addr(InetAddress a) {
        return a.getHostAddress();
    }

    private static StringBuilder field(StringBuilder b, String k, String v) {
        return b.append(quote(k)).append(':').append(quote(v));
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
