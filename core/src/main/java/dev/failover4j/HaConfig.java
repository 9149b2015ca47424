package dev.failover4j;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * The validated, immutable settings of one group, made by {@link HaGroup.Builder#buildConfig()} (or
 * {@link HaGroup.Builder#build()}). Equal settings give equal configs. {@code toString()} never
 * shows the password. Users read it; only the builder makes one.
 */
public sealed interface HaConfig permits ConfigValues {

    /** {@return the interface the VIPs go on and adverts are sent from} */
    String interfaceName();

    /** {@return virtual router id, 1..255} */
    int vrid();

    /** {@return configured priority, 1..255 (255: the address owner)} */
    int priority();

    /** {@return the virtual addresses, at least one, all of one family} */
    List<VirtualAddress> virtualAddresses();

    /**
     * Addresses bound and released with the virtual addresses but never in adverts (keepalived's
     * {@code virtual_ipaddress_excluded}): peers need not list them. Same family as the group's.
     *
     * @return the excluded addresses, possibly none
     */
    List<VirtualAddress> excludedAddresses();

    /** {@return VRRP version} */
    VrrpVersion version();

    /** {@return Advertisement_Interval} */
    Duration advertInterval();

    /** {@return VRRPv2 simple-text password, or null for none} */
    String authPassword();

    /** {@return authenticated adverts (keepalived 2.4's {@code auth_hmac}), or null for none} */
    HmacAuth hmac();

    /** {@return source address for unicast adverts, or null (the interface's primary / link-local address)} */
    InetAddress unicastSource();

    /** {@return unicast peers; empty for multicast (224.0.0.18 / ff02::12)} */
    List<InetAddress> unicastPeers();

    /** {@return whether a higher-priority backup takes over from a lower-priority master} */
    boolean preempt();

    /** {@return how long lower-priority adverts are still accepted before preempting} */
    Duration preemptDelay();

    /**
     * {@return whether a master that yields to a higher priority sends one more advert first
     * (keepalived's {@code higher_prio_send_advert}), so that after a split the real master hears
     * it and re-announces}
     */
    boolean higherPrioritySendAdvert();

    /**
     * {@return how long a backup that takes over (master down, master left, preemption) waits after
     * its first advert before it binds the VIP: a higher-priority router taking over at the same
     * moment makes it yield within this time, before it ever holds the VIP. ZERO binds at once}
     */
    Duration takeoverSettle();

    /**
     * {@return whether the settle applies to every takeover (it was set), or only once adverts from
     * two other routers (or two unicast peers) show a third router (the default)}
     */
    boolean takeoverSettleAlways();

    /**
     * Adverts missed before the master is presumed down (3 in the RFCs).
     *
     * @return the number of adverts
     */
    int downTimerAdverts();

    /**
     * Gratuitous ARPs / unsolicited NAs per burst on becoming master.
     *
     * @return the number per burst
     */
    int garpMasterRepeat();

    /** {@return delay of the second burst after becoming master; ZERO for none} */
    Duration garpMasterDelay();

    /** {@return period of announcements while master; ZERO for none} */
    Duration garpMasterRefresh();

    /**
     * Announcements per refresh.
     *
     * @return the number per refresh
     */
    int garpMasterRefreshRepeat();

    /** {@return lifetime of bound VIPs, renewed every third of it while master; ZERO for permanent addresses} */
    Duration vipLease();

    /** {@return SCHED_RR priority (1..99) of the protocol and receive threads, or 0 for ordinary scheduling} */
    int realtimePriority();

    /** {@return whether the process's memory is locked into RAM (mlockall) at start} */
    boolean lockMemory();

    /** {@return the health checks, in the order given} */
    List<HealthCheckSpec> healthChecks();

    /** {@return the tracked files (keepalived's {@code track_file}), in the order given} */
    List<TrackedFile> trackedFiles();

    /** {@return the tracked interfaces (keepalived's {@code track_interface}), in the order given} */
    List<TrackedInterface> trackedInterfaces();

    /** {@return the virtual MAC interface the addresses live on ({@code vrrp.<VRID>}, keepalived's {@code use_vmac}), or null} */
    String virtualMacInterface();

    /** {@return the interface the addresses go on: the virtual MAC interface if there is one, else the group's} */
    default String addressInterface() {
        return virtualMacInterface() != null ? virtualMacInterface() : interfaceName();
    }

    /** {@return the virtual MAC (RFC 3768 §7.3: 00-00-5E-00-01-{VRID}; RFC 5798 §7.3 for IPv6: 00-00-5E-00-02-{VRID})} */
    default byte[] virtualMac() {
        return new byte[] {0, 0, 0x5e, 0, (byte) (ipv6() ? 2 : 1), (byte) vrid()};
    }

    /** {@return the name of the sync group this group belongs to (keepalived's {@code vrrp_sync_group}), or null} */
    String syncGroup();

    /** {@return how long {@code start()} waits in INITIALIZE before checks and the election begin (keepalived's {@code vrrp_startup_delay})} */
    Duration startupDelay();

    /** {@return true if the group's addresses (or, for an election-only group, its adverts) are IPv6} */
    boolean ipv6();

    /** {@return true for the address owner (priority 255)} */
    default boolean owner() {
        return priority() == 255;
    }

    /** {@return Master_Down_Interval for this group's own priority and interval} */
    default Duration masterDownInterval() {
        return version().masterDownInterval(priority(), advertInterval(), downTimerAdverts());
    }
}
