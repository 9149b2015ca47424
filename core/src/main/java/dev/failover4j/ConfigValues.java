package dev.failover4j;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/** The one implementation of {@link HaConfig}; made only by {@link ConfigValidator}. */
record ConfigValues(
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
        boolean higherPrioritySendAdvert,
        Duration takeoverSettle,
        boolean takeoverSettleAlways,
        int downTimerAdverts,
        int garpMasterRepeat,
        Duration garpMasterDelay,
        Duration garpMasterRefresh,
        int garpMasterRefreshRepeat,
        Duration vipLease,
        int realtimePriority,
        boolean lockMemory,
        List<HealthCheckSpec> healthChecks,
        List<TrackedFile> trackedFiles,
        Duration startupDelay,
        String syncGroup,
        List<TrackedInterface> trackedInterfaces,
        boolean ipv6,
        String virtualMacInterface,
        List<VirtualAddress> excludedAddresses,
        HmacAuth hmac) implements HaConfig {

    ConfigValues {
        virtualAddresses = List.copyOf(virtualAddresses);
        unicastPeers = List.copyOf(unicastPeers);
        healthChecks = List.copyOf(healthChecks);
        trackedFiles = List.copyOf(trackedFiles);
        trackedInterfaces = List.copyOf(trackedInterfaces);
        excludedAddresses = List.copyOf(excludedAddresses);
    }

    @Override
    public String toString() {
        return "HaConfig{interface=" + interfaceName + ", vrid=" + vrid + ", priority=" + priority
                + ", vips=" + virtualAddresses + (excludedAddresses.isEmpty() ? "" : ", excluded=" + excludedAddresses)
                + ", version=" + version.number() + ", advertInterval=" + advertInterval
                + ", auth=" + (hmac != null ? "HMAC " + hmac.mode() + " key " + hmac.activeKey() : authPassword == null ? "none" : "PASS(****)")
                + ", unicastSource=" + (unicastSource == null ? "-" : unicastSource.getHostAddress())
                + ", unicastPeers=" + unicastPeers.stream().map(InetAddress::getHostAddress).toList()
                + ", preempt=" + preempt + ", preemptDelay=" + preemptDelay + ", higherPrioritySendAdvert=" + higherPrioritySendAdvert + ", takeoverSettle=" + takeoverSettle
                + (takeoverSettleAlways || takeoverSettle.isZero() ? "" : "(with a third router)")
                + ", downTimerAdverts=" + downTimerAdverts
                + ", garpMasterRepeat=" + garpMasterRepeat + ", garpMasterDelay=" + garpMasterDelay
                + ", garpMasterRefresh=" + garpMasterRefresh + "x" + garpMasterRefreshRepeat
                + ", vipLease=" + vipLease + (realtimePriority > 0 ? ", realtimePriority=" + realtimePriority : "")
                + (lockMemory ? ", lockMemory" : "") + (startupDelay.isZero() ? "" : ", startupDelay=" + startupDelay)
                + (syncGroup == null ? "" : ", syncGroup=" + syncGroup)
                + (virtualMacInterface == null ? "" : ", virtualMac=" + virtualMacInterface)
                + (trackedInterfaces.isEmpty() ? "" : ", trackedInterfaces=" + trackedInterfaces.stream()
                        .map(t -> t.name() + " weight " + t.weight()).toList()) + ", healthChecks=" + healthChecks.stream().map(HealthCheckSpec::name).toList()
                + (trackedFiles.isEmpty() ? "" : ", trackedFiles=" + trackedFiles.stream()
                        .map(f -> f.file() + " weight " + f.weight() + (f.reverse() ? " reverse" : "")).toList()) + '}';
    }
}
