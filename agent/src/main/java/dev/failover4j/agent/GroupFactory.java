package dev.failover4j.agent;

import dev.failover4j.ConfigException;
import dev.failover4j.HaConfig;
import dev.failover4j.HaGroup;
import dev.failover4j.HealthCheckSpec;
import dev.failover4j.SyncGroup;
import dev.failover4j.agent.conf.KeepalivedConfig;
import dev.failover4j.agent.conf.KeepalivedConfig.Instance;
import dev.failover4j.agent.conf.KeepalivedConfig.Track;
import dev.failover4j.agent.conf.Node;
import dev.failover4j.agent.conf.Problem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * keepalived.conf's instances as failover4j groups: one {@link HaGroup.Builder} per
 * {@code vrrp_instance}, with keepalived's defaults and rounding, its scripts as health checks and
 * its sync groups as {@link SyncGroup}s. Every problem, the library's validation included, comes
 * back as a {@link Problem} at the instance's line.
 */
final class GroupFactory {

    /** One instance, ready to build (or to reconfigure a running group with). */
    record Planned(Instance instance, HaGroup.Builder builder, HaConfig config, SyncGroup syncGroup) {
        String name() {
            return instance.name;
        }
    }

    private GroupFactory() {
    }

    /** The instances of {@code c}, in file order; problems are added to {@code problems}. */
    static List<Planned> plan(KeepalivedConfig c, ScriptRunner runner, List<Problem> problems) {
        Map<String, SyncGroup> syncOf = new LinkedHashMap<>();
        Map<String, KeepalivedConfig.SyncGroup> groupOf = new LinkedHashMap<>();
        for (KeepalivedConfig.SyncGroup g : c.syncGroups.values()) {
            SyncGroup sg = SyncGroup.named(g.name);
            for (String m : g.members) {
                syncOf.putIfAbsent(m, sg);
                groupOf.putIfAbsent(m, g);
            }
        }
        Map<Instance, String> vmacs = virtualMacNames(c);
        List<Planned> out = new ArrayList<>();
        for (Instance i : c.instances.values()) {
            if (i.iface == null || i.vrid == null) {
                continue; // already an error
            }
            KeepalivedConfig.SyncGroup g = groupOf.get(i.name);
            HaGroup.Builder b = builder(c, i, runner, problems, g != null && !g.trackingWeight ? g.name : null);
            if (i.useVmac) {
                b.useVirtualMac(vmacs.get(i));
            }
            SyncGroup sg = syncOf.get(i.name);
            if (sg != null) {
                b.syncGroup(sg);
            }
            try {
                out.add(new Planned(i, b, b.buildConfig(), sg));
            } catch (ConfigException e) {
                for (String p : e.problems()) {
                    problems.add(error(i.where, "vrrp_instance " + i.name + ": " + p, null));
                }
            }
        }
        return out;
    }

    /**
     * @param syncGroup the sync group whose rule applies (keepalived 2.2.7 without
     *                  {@code sync_group_tracking_weight}: a member's weighted track_interface tracks
     *                  for FAULT, its weighted track_script is dropped, its track_file with weight 1
     *                  tracks for FAULT and with another weight is dropped), or null
     */
    private static HaGroup.Builder builder(KeepalivedConfig c, Instance i, ScriptRunner runner, List<Problem> problems,
                                           String syncGroup) {
        boolean v6 = i.ipv6();
        int version = i.version != null ? i.version : v6 ? 3 : c.global.vrrpVersion;
        if (v6 && version == 2) {
            problems.add(error(i.where, "vrrp_instance " + i.name + ": IPv6 needs VRRP version 3", "write version 3"));
            version = 3;
        }
        HaGroup.Builder b = HaGroup.builder().interfaceName(i.iface).vrid(i.vrid).priority(i.priorityOrDefault())
                .vrrpVersion(version).advertInterval(interval(i, version, problems))
                .startupDelay(c.global.startupDelay).realtimePriority(c.global.rtPriority);
        if (i.hmac != null) {
            hmac(i, b, problems);
        }
        if ((i.authType != null || i.authPass != null) && i.hmac != null) {
            problems.add(warning(i.hmac.where, "vrrp_instance " + i.name + ": authentication is dropped with auth_hmac, as keepalived"
                    + " 2.4 does", "remove the authentication block"));
        } else if (i.authType != null || i.authPass != null) {
            if (version == 3) {
                problems.add(warning(i.where, "vrrp_instance " + i.name + ": authentication is dropped with VRRP version 3,"
                        + " as keepalived does (RFC 5798 has none)", "remove the authentication block"));
            } else if (i.authPass != null && !i.authPass.isEmpty()) {
                b.authPassword(i.authPass);
            }
        }
        for (KeepalivedConfig.Vip v : i.vips) {
            b.virtualAddress(v.cidr());
        }
        for (KeepalivedConfig.Vip v : i.excluded) {
            if (v.cidr().contains(":") == v6) {
                b.excludedAddress(v.cidr());
            }
        }
        if (i.sourceIp != null) {
            b.unicastSource(i.sourceIp);
        }
        for (String p : i.unicastPeers) {
            b.unicastPeer(p);
        }
        boolean nopreempt = i.nopreempt;
        if (nopreempt && i.priorityOrDefault() == 255) {
            problems.add(warning(i.where, "vrrp_instance " + i.name + ": nopreempt is incompatible with priority 255 (the address"
                    + " owner always preempts): reset, as keepalived does", "remove nopreempt, or give a priority below 255"));
            nopreempt = false;
        }
        b.preempt(!nopreempt);
        if (i.preemptDelay.signum() > 0) {
            if ("MASTER".equals(i.state)) {
                problems.add(warning(i.where, "vrrp_instance " + i.name + ": preempt_delay with state MASTER is cleared,"
                        + " as keepalived does", "write state BACKUP to use preempt_delay"));
            } else if (nopreempt) {
                problems.add(warning(i.where, "vrrp_instance " + i.name + ": preempt_delay is incompatible with nopreempt:"
                        + " reset, as keepalived does", "remove one of them"));
            } else {
                b.preemptDelay(KeepalivedConfig.seconds(i.preemptDelay));
            }
        }
        b.downTimerAdverts(i.downTimerAdverts != null ? i.downTimerAdverts : c.global.downTimerAdverts);
        b.garpMasterDelay(Duration.ofSeconds(i.garpMasterDelay)).garpMasterRepeat(i.garpMasterRepeat);
        if (i.garpMasterRefresh > 0) {
            b.garpMasterRefresh(Duration.ofSeconds(i.garpMasterRefresh), i.garpMasterRefreshRepeat);
        }
        for (Track t : i.trackScripts) {
            KeepalivedConfig.Script s = c.scripts.get(t.name());
            if (s == null || s.script == null) {
                continue; // already an error
            }
            int weight = t.weight() != null ? t.weight() : s.weight;
            boolean reverse = t.weight() != null ? t.reverse() : s.reverse;
            if (reverse) {
                problems.add(error(t.where(), "track_script " + t.name() + ": reverse is not supported", "turn the script's exit status around"));
                continue;
            }
            if (syncGroup != null && weight != 0) {
                problems.add(warning(t.where(), "track_script " + t.name() + " has a weight in a member of vrrp_sync_group " + syncGroup
                        + ": not tracked, as keepalived does", "add sync_group_tracking_weight to the sync group to keep the weight,"
                        + " or give the script weight 0 (FAULT)"));
                continue;
            }
            b.healthCheck(HealthCheckSpec.builder(s.name, new ScriptCheck(s.name, s.script, s.user, Duration.ofSeconds(s.interval), runner))
                    .interval(Duration.ofSeconds(s.interval)).timeout(Duration.ofSeconds(s.timeout > 0 ? s.timeout : s.interval))
                    .fall(s.fall).rise(s.rise).weight(Math.max(-253, Math.min(253, weight))).initiallyFailing(s.initFail).build());
        }
        for (Track t : i.trackInterfaces) {
            if (t.name().equals(i.iface)) {
                problems.add(warning(t.where(), "track_interface " + t.name() + " is the instance's own interface, always tracked: ignored", null));
                continue;
            }
            if (t.reverse()) {
                problems.add(error(t.where(), "track_interface " + t.name() + ": reverse is not supported", null));
                continue;
            }
            int weight = t.weight() != null ? Math.max(-253, Math.min(253, t.weight())) : 0;
            if (syncGroup != null && weight != 0) {
                problems.add(warning(t.where(), "track_interface " + t.name() + " has a weight in a member of vrrp_sync_group " + syncGroup
                        + ": it puts the group in FAULT instead, as keepalived does", "add sync_group_tracking_weight to the sync"
                        + " group to keep the weight"));
                weight = 0;
            }
            b.trackInterface(t.name(), weight);
        }
        for (Track t : i.trackFiles) {
            KeepalivedConfig.TrackFile tf = c.trackFiles.get(t.name());
            if (tf == null || tf.file == null) {
                continue; // already an error
            }
            int weight = t.weight() != null ? t.weight() : tf.weight;
            boolean reverse = t.weight() != null ? t.reverse() : tf.reverse;
            if (syncGroup != null && weight != 0) {
                if (weight != 1) {
                    problems.add(warning(t.where(), "track_file " + t.name() + " has weight " + weight + " in a member of vrrp_sync_group "
                            + syncGroup + ": not tracked, as keepalived does", "add sync_group_tracking_weight to the sync group"));
                    continue;
                }
                weight = 0; // keepalived: weight 1 in a sync group tracks for FAULT
            }
            b.trackFile(Path.of(tf.file), weight, reverse);
        }
        return b;
    }

    /**
     * The virtual MAC interface of each instance with use_vmac, named as keepalived 2.2.7 names them
     * ({@code create_vmac_name}): its own use_vmac NAME, else {@code vrrp.<VRID>} ({@code vmac_prefix}
     * instead of {@code vrrp} if set) unless an instance
     * before it (or a NAME) has that name; then an IPv6 instance tries {@code vrrp6.<VRID>}, then
     * {@code vrrp1.}, {@code vrrp2.} ... (skipping 6), an IPv4 one {@code vrrp1.}, {@code vrrp2.} ...
     */
    static Map<Instance, String> virtualMacNames(KeepalivedConfig c) {
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Instance i : c.instances.values()) {
            if (i.useVmac && i.vmacName != null) {
                used.add(i.vmacName);
            }
        }
        Map<Instance, String> out = new java.util.HashMap<>();
        for (Instance i : c.instances.values()) {
            if (!i.useVmac || i.vrid == null) {
                continue;
            }
            String name = i.vmacName;
            if (name == null) {
                int num = 0;
                name = c.global.vmacPrefix + "." + i.vrid;
                while (used.contains(name)) {
                    num = nextVmacNumber(num, i.ipv6());
                    name = c.global.vmacPrefix + num + "." + i.vrid;
                }
                used.add(name);
            }
            out.put(i, name);
        }
        return out;
    }

    /** The number in keepalived's next VMAC name to try: 1, 2, 3 ...; an IPv6 instance tries 6 first and then skips it. */
    private static int nextVmacNumber(int num, boolean ipv6) {
        if (!ipv6) {
            return num + 1;
        }
        if (num == 0) {
            return 6;
        }
        int next = num == 6 ? 1 : num + 1;
        return next == 6 ? 7 : next;
    }

    /** keepalived's rounding: VRRPv2 to whole seconds (half up, at least 1), VRRPv3 to centiseconds (at most 40.95 s). */
    private static Duration interval(Instance i, int version, List<Problem> problems) {
        BigDecimal s = i.advertInt;
        if (version == 2) {
            BigDecimal whole = s.setScale(0, RoundingMode.HALF_UP).max(BigDecimal.ONE);
            if (whole.compareTo(s) != 0) {
                problems.add(warning(i.where, "vrrp_instance " + i.name + ": VRRPv2 adverts have whole seconds: advert_int "
                        + s.toPlainString() + " is rounded to " + whole.toPlainString() + ", as keepalived does", "write version 3 for"
                        + " sub-second adverts"));
            }
            return Duration.ofSeconds(whole.longValue());
        }
        BigDecimal cs = s.setScale(2, RoundingMode.HALF_UP);
        if (cs.compareTo(new BigDecimal("40.95")) > 0) {
            problems.add(error(i.where, "vrrp_instance " + i.name + ": advert_int " + s.toPlainString() + " is longer than VRRPv3's"
                    + " 40.95 s", "use at most 40.95"));
            cs = new BigDecimal("40.95");
        }
        return Duration.ofMillis(cs.movePointRight(3).longValue());
    }

    private static Problem error(Node n, String message, String hint) {
        return new Problem(n.file(), n.line(), Problem.Severity.ERROR, message, hint);
    }

    private static Problem warning(Node n, String message, String hint) {
        return new Problem(n.file(), n.line(), Problem.Severity.WARNING, message, hint);
    }

    /** keepalived 2.4's {@code auth_hmac}: keys {@code hex:}, {@code file:} or literal text; mode, anti_replay, time_window. */
    private static void hmac(KeepalivedConfig.Instance i, HaGroup.Builder b, List<Problem> problems) {
        KeepalivedConfig.HmacBlock h = i.hmac;
        dev.failover4j.HmacAuth.Builder a = dev.failover4j.HmacAuth.builder();
        h.keys.forEach((id, node) -> {
            String v = node.args().get(1);
            if (v.startsWith("hex:")) {
                a.keyHex(id, v);
            } else if (v.startsWith("file:")) {
                a.keyFile(id, java.nio.file.Path.of(v.substring(5)));
            } else {
                a.key(id, v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        if (h.activeKey != null) {
            a.activeKey(h.activeKey);
        }
        if (h.mode != null) {
            switch (h.mode) {
                case "enforce" -> a.mode(dev.failover4j.HmacAuth.Mode.ENFORCE);
                case "permissive" -> a.mode(dev.failover4j.HmacAuth.Mode.PERMISSIVE);
                case "receive-only", "receive_only" -> a.mode(dev.failover4j.HmacAuth.Mode.RECEIVE_ONLY);
                default -> problems.add(error(h.where, "vrrp_instance " + i.name + ": auth_hmac mode '" + h.mode + "' is not one of"
                        + " enforce, permissive, receive-only", null));
            }
        }
        if (h.antiReplay != null) {
            switch (h.antiReplay) {
                case "time" -> a.antiReplay(dev.failover4j.HmacAuth.AntiReplay.TIME);
                case "monotonic" -> a.antiReplay(dev.failover4j.HmacAuth.AntiReplay.MONOTONIC);
                default -> problems.add(error(h.where, "vrrp_instance " + i.name + ": auth_hmac anti_replay '" + h.antiReplay
                        + "' is not time or monotonic", null));
            }
        }
        if (h.timeWindow != null) {
            a.window(java.time.Duration.ofSeconds(h.timeWindow));
        }
        try {
            b.hmac(a.build());
        } catch (dev.failover4j.ConfigException e) {
            for (String p : e.problems()) {
                problems.add(error(h.where, "vrrp_instance " + i.name + ": auth_hmac: " + p.replaceFirst("^hmac ", ""), null));
            }
        }
    }
}
