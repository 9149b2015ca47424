package dev.failover4j.spring;

import dev.failover4j.ConfigException;
import dev.failover4j.HaConfig;
import dev.failover4j.HaGroup;
import dev.failover4j.HealthCheckSpec;
import dev.failover4j.SyncGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Builds the groups from {@link Failover4jProperties}, reporting every problem of every group at once. */
final class GroupFactory {

    private GroupFactory() {
    }

    /** The builder settings whose property has another name than the setting turned into kebab case. */
    private static final Map<String, String> PROPERTY = Map.of(
            "virtualAddress", "virtual-addresses",
            "excludedAddress", "excluded-addresses",
            "vrrpVersion", "version",
            "unicastPeer", "unicast-peers",
            "trackFile", "track-files",
            "trackInterface", "track-interfaces",
            "healthCheck", "(a HealthCheckSpec bean or customizer) healthCheck");

    static Map<String, HaGroup> build(Failover4jProperties p, List<HealthCheckSpec> checks,
                                      List<Failover4jGroupCustomizer> customizers) {
        Map<String, GroupSettings> named = new LinkedHashMap<>();
        if (p.getGroups().isEmpty()) {
            named.put(FailoverGroups.DEFAULT_GROUP, p);
        } else {
            named.putAll(p.getGroups());
        }
        List<String> problems = new ArrayList<>();
        Map<String, HaGroup.Builder> builders = new LinkedHashMap<>();
        Map<String, SyncGroup> syncGroups = new HashMap<>();
        for (Map.Entry<String, GroupSettings> e : named.entrySet()) {
            String prefix = p.getGroups().isEmpty() ? "failover4j." : "failover4j.groups." + e.getKey() + ".";
            HaGroup.Builder b = HaGroup.builder();
            try {
                apply(e.getValue(), p, b, syncGroups);
                checks.forEach(b::healthCheck);
                for (Failover4jGroupCustomizer c : customizers) {
                    c.customize(e.getKey(), b);
                }
                b.buildConfig();
                builders.put(e.getKey(), b);
            } catch (ConfigException ex) {
                for (String problem : ex.problems()) {
                    problems.add(prefix + property(problem));
                }
            } catch (IllegalArgumentException ex) {
                problems.add(prefix + ex.getMessage());
            }
        }
        // Two groups of one application on the same interface and VRID would answer each other's adverts.
        Map<String, String> seen = new HashMap<>();
        for (Map.Entry<String, HaGroup.Builder> e : builders.entrySet()) {
            HaConfig c = e.getValue().buildConfig();
            String key = c.interfaceName() + "/" + c.vrid() + "/" + (c.ipv6() ? "ipv6" : "ipv4");
            String other = seen.putIfAbsent(key, e.getKey());
            if (other != null) {
                problems.add("failover4j.groups." + e.getKey() + ".vrid: " + c.vrid() + " on " + c.interfaceName()
                        + " is also group '" + other + "''s: give each group of a LAN its own VRID");
            }
        }
        if (!problems.isEmpty()) {
            throw new Failover4jConfigurationException(problems);
        }
        Map<String, HaGroup> groups = new LinkedHashMap<>();
        builders.forEach((name, b) -> groups.put(name, b.build()));
        return groups;
    }

    /** {@code "interfaceName: required"} becomes {@code "interface-name: required"}. */
    static String property(String problem) {
        int end = 0;
        while (end < problem.length() && Character.isLetter(problem.charAt(end))) {
            end++;
        }
        String setting = problem.substring(0, end);
        String name = PROPERTY.get(setting);
        if (name == null) {
            name = setting.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }
        return name + problem.substring(end);
    }

    private static <T> T pick(GroupSettings g, GroupSettings defaults, Function<GroupSettings, T> f) {
        T v = f.apply(g);
        return v != null || g == defaults ? v : f.apply(defaults);
    }

    private static void apply(GroupSettings g, GroupSettings d, HaGroup.Builder b, Map<String, SyncGroup> syncGroups) {
        String iface = pick(g, d, GroupSettings::getInterfaceName);
        if (iface != null) {
            b.interfaceName(iface);
        }
        Integer vrid = pick(g, d, GroupSettings::getVrid);
        if (vrid != null) {
            b.vrid(vrid);
        }
        Integer priority = pick(g, d, GroupSettings::getPriority);
        if (priority != null) {
            b.priority(priority);
        }
        List<String> vips = pick(g, d, GroupSettings::getVirtualAddresses);
        if (vips != null) {
            vips.forEach(b::virtualAddress);
        }
        List<String> excluded = pick(g, d, GroupSettings::getExcludedAddresses);
        if (excluded != null) {
            excluded.forEach(b::excludedAddress);
        }
        Integer version = pick(g, d, GroupSettings::getVersion);
        if (version != null) {
            b.vrrpVersion(version);
        }
        Duration interval = pick(g, d, GroupSettings::getAdvertInterval);
        if (interval != null) {
            b.advertInterval(interval);
        }
        String password = pick(g, d, GroupSettings::getAuthPassword);
        if (password != null) {
            b.authPassword(password);
        }
        String source = pick(g, d, GroupSettings::getUnicastSource);
        if (source != null) {
            b.unicastSource(source);
        }
        List<String> peers = pick(g, d, GroupSettings::getUnicastPeers);
        if (peers != null) {
            peers.forEach(b::unicastPeer);
        }
        Boolean preempt = pick(g, d, GroupSettings::getPreempt);
        if (preempt != null) {
            b.preempt(preempt);
        }
        Duration preemptDelay = pick(g, d, GroupSettings::getPreemptDelay);
        if (preemptDelay != null) {
            b.preemptDelay(preemptDelay);
        }
        Boolean higher = pick(g, d, GroupSettings::getHigherPrioritySendAdvert);
        if (higher != null) {
            b.higherPrioritySendAdvert(higher);
        }
        Duration settle = pick(g, d, GroupSettings::getTakeoverSettle);
        if (settle != null) {
            b.takeoverSettle(settle);
        }
        Integer down = pick(g, d, GroupSettings::getDownTimerAdverts);
        if (down != null) {
            b.downTimerAdverts(down);
        }
        Integer repeat = pick(g, d, GroupSettings::getGarpMasterRepeat);
        if (repeat != null) {
            b.garpMasterRepeat(repeat);
        }
        Duration garpDelay = pick(g, d, GroupSettings::getGarpMasterDelay);
        if (garpDelay != null) {
            b.garpMasterDelay(garpDelay);
        }
        Duration refresh = pick(g, d, GroupSettings::getGarpMasterRefresh);
        Integer refreshRepeat = pick(g, d, GroupSettings::getGarpMasterRefreshRepeat);
        if (refresh != null || refreshRepeat != null) {
            b.garpMasterRefresh(refresh != null ? refresh : Duration.ZERO, refreshRepeat != null ? refreshRepeat : 1);
        }
        Duration lease = pick(g, d, GroupSettings::getVipLease);
        if (lease != null) {
            b.vipLease(lease);
        }
        Integer rt = pick(g, d, GroupSettings::getRealtimePriority);
        if (rt != null) {
            b.realtimePriority(rt);
        }
        Boolean lock = pick(g, d, GroupSettings::getLockMemory);
        if (lock != null) {
            b.lockMemory(lock);
        }
        Map<String, Integer> tracked = pick(g, d, GroupSettings::getTrackInterfaces);
        if (tracked != null) {
            tracked.forEach((name, weight) -> b.trackInterface(name, weight == null ? 0 : weight));
        }
        List<GroupSettings.TrackFile> files = pick(g, d, GroupSettings::getTrackFiles);
        if (files != null) {
            for (GroupSettings.TrackFile f : files) {
                if (f.getPath() == null) {
                    throw new IllegalArgumentException("track-files: an entry has no path");
                }
                b.trackFile(f.getPath(), f.getWeight(), f.isReverse());
            }
        }
        Boolean vmac = pick(g, d, GroupSettings::getUseVirtualMac);
        if (vmac != null) {
            b.useVirtualMac(vmac);
        }
        GroupSettings.ElectionOnly election = pick(g, d, GroupSettings::getElectionOnly);
        if (election != null && election != GroupSettings.ElectionOnly.NONE) {
            b.electionOnly(election == GroupSettings.ElectionOnly.IPV6);
        }
        Duration startupDelay = pick(g, d, GroupSettings::getStartupDelay);
        if (startupDelay != null) {
            b.startupDelay(startupDelay);
        }
        String sync = pick(g, d, GroupSettings::getSyncGroup);
        if (sync != null && !sync.isBlank()) {
            b.syncGroup(syncGroups.computeIfAbsent(sync, SyncGroup::named));
        }
    }
}
