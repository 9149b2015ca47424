package dev.failover4j.engine;

import dev.failover4j.VirtualAddress;
import dev.failover4j.codec.AuthType;
import dev.failover4j.codec.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one virtual router needs to know; already validated by {@code HaGroup.Builder#build()}.
 *
 * @param garpMasterDelay   delay of the second GARP burst after becoming master, ZERO for none (keepalived: 5 s)
 * @param garpMasterRefresh period of GARP refreshes while master, ZERO for none (keepalived default: off)
 * @param vipLease          address lifetime refreshed every lease/3 while master, or ZERO for permanent addresses
 */
public record RouterConfig(
        String interfaceName,
        int vrid,
        VrrpVersion version,
        boolean ipv6,
        int priority,
        Duration advertInterval,
        List<VirtualAddress> vips,
        AuthType authType,
        byte[] authData,
        boolean preempt,
        Duration preemptDelay,
        int downTimerAdverts,
        int garpMasterRepeat,
        Duration garpMasterDelay,
        Duration garpMasterRefresh,
        int garpMasterRefreshRepeat,
        Duration vipLease,
        Set<InetAddress> unicastPeers) {

    public RouterConfig {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(advertInterval, "advertInterval");
        Objects.requireNonNull(authType, "authType");
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(garpMasterDelay, "garpMasterDelay");
        Objects.requireNonNull(garpMasterRefresh, "garpMasterRefresh");
        Objects.requireNonNull(vipLease, "vipLease");
        vips = List.copyOf(vips);
        authData = authData.clone();
        unicastPeers = Set.copyOf(unicastPeers);
    }

    /** True for the address owner (priority 255). */
    public boolean owner() {
        return priority == 255;
    }

    /** The advert interval in wire units: seconds (v2) or centiseconds (v3). */
    public int intervalUnits() {
        return version == VrrpVersion.V2 ? (int) advertInterval.toSeconds() : (int) (advertInterval.toMillis() / 10);
    }

    @Override
    public byte[] authData() {
        return authData.clone();
    }

    @Override
    public String toString() {
        // Never prints the password.
        return "RouterConfig{if=" + interfaceName + ", vrid=" + vrid + ", v" + version.number() + (ipv6 ? "/IPv6" : "")
                + ", prio=" + priority + ", int=" + advertInterval + ", vips=" + vips + ", auth=" + authType
                + ", preempt=" + preempt + ", preemptDelay=" + preemptDelay + ", downTimerAdverts=" + downTimerAdverts
                + ", garp=" + garpMasterRepeat + "/" + garpMasterDelay + "/" + garpMasterRefresh + "x"
                + garpMasterRefreshRepeat + ", lease=" + vipLease + ", peers=" + unicastPeers + '}';
    }
}
