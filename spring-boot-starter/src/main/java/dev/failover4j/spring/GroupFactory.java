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
import java.util.function.Consumer;
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

    /** Applies the value {@code get} reads (the group's, else the top level's), if either set one. */
    private static <T> void set(GroupSettings g, GroupSettings d, Function<GroupSettings, T> get, Consumer<T> set) {
        T v = pick(g, d, get);
        if (v != null) {
            set.accept(v);
        }
    }

    private static void apply(GroupSettings g, GroupSettings d, HaGroup.Builder b, Map<String, SyncGroup> syncGroups) {
        set(g, d, GroupSettings::getInterfaceName, b::interfaceName);
        set(g, d, GroupSettings::getVrid, b::vrid);
        set(g, d, GroupSettings::getPriority, b::priority);
        set(g, d, GroupSettings::getVirtualAddresses, vips -> vips.forEach(b::virtualAddress));
        set(g, d, GroupSettings::getExcludedAddresses, excluded -> excluded.forEach(b::excludedAddress));
        set(g, d, GroupSettings::getVersion, b::vrrpVersion);
        set(g, d, GroupSettings::getAdvertInterval, b::advertInterval);
        set(g, d, GroupSettings::getAuthPassword, b::authPassword);
        set(g, d, GroupSettings::getUnicastSource, b::unicastSource);
        set(g, d, GroupSettings::getUnicastPeers, peers -> peers.forEach(b::unicastPeer));
        set(g, d, GroupSettings::getPreempt, b::preempt);
        set(g, d, GroupSettings::getPreemptDelay, b::preemptDelay);
        set(g, d, GroupSettings::getHigherPrioritySendAdvert, b::higherPrioritySendAdvert);
        set(g, d, GroupSettings::getTakeoverSettle, b::takeoverSettle);
        set(g, d, GroupSettings::getDownTimerAdverts, b::downTimerAdverts);
        set(g, d, GroupSettings::getGarpMasterRepeat, b::garpMasterRepeat);
        set(g, d, GroupSettings::getGarpMasterDelay, b::garpMasterDelay);
        Duration refresh = pick(g, d, GroupSettings::getGarpMasterRefresh);
        Integer refreshRepeat = pick(g, d, GroupSettings::getGarpMasterRefreshRepeat);
        if (refresh != null || refreshRepeat != null) {
            b.garpMasterRefresh(refresh != null ? refresh : Duration.ZERO, refreshRepeat != null ? refreshRepeat : 1);
        }
        set(g, d, GroupSettings::getVipLease, b::vipLease);
        set(g, d, GroupSettings::getRealtimePriority, b::realtimePriority);
        set(g, d, GroupSettings::getLockMemory, b::lockMemory);
        set(g, d, GroupSettings::getTrackInterfaces,
                tracked -> tracked.forEach((name, weight) -> b.trackInterface(name, weight == null ? 0 : weight)));
        set(g, d, GroupSettings::getTrackFiles, files -> {
            for (GroupSettings.TrackFile f : files) {
                if (f.getPath() == null) {
                    throw new IllegalArgumentException("track-files: an entry has no path");
                }
                b.trackFile(f.getPath(), f.getWeight(), f.isReverse());
            }
        });
        set(g, d, GroupSettings::getUseVirtualMac, b::useVirtualMac);
        set(g, d, GroupSettings::getElectionOnly, election -> {
            if (election != GroupSettings.ElectionOnly.NONE) {
                b.electionOnly(election == GroupSettings.ElectionOnly.IPV6);
            }
        });
        set(g, d, GroupSettings::getStartupDelay, b::startupDelay);
        set(g, d, GroupSettings::getSyncGroup, sync -> {
            if (!sync.isBlank()) {
                b.syncGroup(syncGroups.computeIfAbsent(sync, SyncGroup::named));
            }
        });
    }
}
