package dev.failover4j;

import dev.failover4j.codec.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * The validated, immutable settings of a group, made by {@link HaGroup.Builder#build()}.
 * {@link #toString()} never shows the password.
 *
 * @param authPassword      VRRPv2 simple-text password, or null for none
 * @param unicastSource     source address for unicast adverts, or null (the interface's primary address)
 * @param unicastPeers      empty for multicast (224.0.0.18 / ff02::12)
 * @param vipLease          lifetime of bound VIPs, renewed every third of it while master; ZERO = permanent
 */
public record HaConfig(
        String interfaceName,
        int vrid,
        int priority,
        List<VirtualAddress> virtualAddresses,
        VrrpVersion version,
        Duration advertInterval,
        String authPassword,
        InetAddress unicastSource,
        List<InetAddress> unicastPeers,
        boolean preempt,
        Duration preemptDelay,
        int downTimerAdverts,
        int garpMasterRepeat,
        Duration garpMasterDelay,
        Duration garpMasterRefresh,
        int garpMasterRefreshRepeat,
        Duration vipLease,
        List<HealthCheckSpec> healthChecks) {

    public HaConfig {
        virtualAddresses = List.copyOf(virtualAddresses);
        unicastPeers = List.copyOf(unicastPeers);
        healthChecks = List.copyOf(healthChecks);
    }

    /** True if the group's addresses are IPv6. */
    public boolean ipv6() {
        return virtualAddresses.get(0).isIpv6();
    }

    /** Master_Down_Interval for this group's own priority and interval. */
    public Duration masterDownInterval() {
        return Duration.ofNanos(dev.failover4j.engine.VirtualRouter.masterDownNanos(version, priority,
                advertInterval.toNanos(), downTimerAdverts));
    }

    @Override
    public String toString() {
        return "HaConfig{interface=" + interfaceName + ", vrid=" + vrid + ", priority=" + priority
                + ", vips=" + virtualAddresses + ", version=" + version.number() + ", advertInterval=" + advertInterval
                + ", auth=" + (authPassword == null ? "none" : "PASS(****)")
                + ", unicastSource=" + (unicastSource == null ? "-" : unicastSource.getHostAddress())
                + ", unicastPeers=" + unicastPeers.stream().map(InetAddress::getHostAddress).toList()
                + ", preempt=" + preempt + ", preemptDelay=" + preemptDelay + ", downTimerAdverts=" + downTimerAdverts
                + ", garpMasterRepeat=" + garpMasterRepeat + ", garpMasterDelay=" + garpMasterDelay
                + ", garpMasterRefresh=" + garpMasterRefresh + "x" + garpMasterRefreshRepeat
                + ", vipLease=" + vipLease + ", healthChecks=" + healthChecks.stream().map(HealthCheckSpec::name).toList() + '}';
    }
}
