package dev.failover4j.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of one failover4j group, one property per builder setting of
 * {@link dev.failover4j.HaGroup.Builder} (its javadoc has the full rules). Unset values (null) take
 * the top-level {@code failover4j.*} value, then failover4j's default (keepalived's).
 */
public class GroupSettings {

    /** The interface the virtual addresses go on and adverts are sent from, e.g. eth0. Required. */
    private String interfaceName;

    /** Virtual router id, 1..255, shared by every node of the group. Required. */
    private Integer vrid;

    /** 1..255 (default 100). The highest wins; 255 means this node owns the addresses. */
    private Integer priority;

    /** Virtual addresses in CIDR form, e.g. 192.168.0.100/24. At least one, unless election-only. */
    private List<String> virtualAddresses;

    /** Addresses bound and released with the virtual addresses but never in adverts (keepalived's virtual_ipaddress_excluded). */
    private List<String> excludedAddresses;

    /** VRRP version: 2 (RFC 3768, IPv4 only, the default, as keepalived) or 3 (RFC 5798, IPv4 or IPv6). */
    private Integer version;

    /** Advert interval: whole seconds 1s..255s for VRRPv2; multiples of 10ms from 10ms to 40.95s for VRRPv3 (default 1s). */
    private Duration advertInterval;

    /** VRRPv2 simple-text password (keepalived's auth_type PASS), 1..8 bytes. Never shown by the status or the endpoint. */
    private String authPassword;

    /** The source address of adverts (keepalived's unicast_src_ip / mcast_src_ip): an address of the interface. */
    private String unicastSource;

    /** Unicast mode: the peers adverts are sent to instead of the multicast group. */
    private List<String> unicastPeers;

    /** Whether a higher-priority backup takes over from a lower-priority master (default true). */
    private Boolean preempt;

    /** How long lower-priority adverts are still accepted before preempting (0..1000s, default 0). */
    private Duration preemptDelay;

    /** Whether a master that yields to a higher priority sends one more advert first (default true; keepalived's higher_prio_send_advert). */
    private Boolean higherPrioritySendAdvert;

    /** The time a new master waits, its advert sent, before binding the addresses (default: 10ms at 100ms, once a third router is heard; 0 binds at once). */
    private Duration takeoverSettle;

    /** Adverts missed before the master is presumed down (1..100, default 3). */
    private Integer downTimerAdverts;

    /** Gratuitous ARPs / unsolicited NAs per burst on becoming master (1..100, default 5). */
    private Integer garpMasterRepeat;

    /** Delay of the second burst (default 5s; 0 for none). */
    private Duration garpMasterDelay;

    /** Period of refresh bursts while master (default 0: off). */
    private Duration garpMasterRefresh;

    /** GARPs per refresh burst (default 1). */
    private Integer garpMasterRefreshRepeat;

    /** Lifetime of the virtual addresses while master, renewed every third of it, so the kernel removes them if the JVM dies (whole seconds; 0: permanent; default Master_Down_Interval rounded up plus 1s). */
    private Duration vipLease;

    /** SCHED_RR priority of the protocol thread (1..99; default 0: ordinary scheduling). Needs CAP_SYS_NICE. */
    private Integer realtimePriority;

    /** Lock the process's memory into RAM at start (mlockall; default false). Needs CAP_IPC_LOCK. */
    private Boolean lockMemory;

    /** keepalived's track_interface: interface name to weight (0: FAULT while down; negative: added while down; positive: added while up). */
    private Map<String, Integer> trackInterfaces;

    /** keepalived's track_file: files whose integer value times the weight is added to the priority (weight 0: FAULT while non-zero). */
    private List<TrackFile> trackFiles;

    /** keepalived's use_vmac: adverts and addresses on a macvlan with the RFC's virtual MAC (default false). Needs CAP_NET_ADMIN. */
    private Boolean useVirtualMac;

    /** Leader election without a virtual address: ipv4 or ipv6, the family of the adverts (none: a normal group). */
    private ElectionOnly electionOnly;

    /** keepalived's vrrp_startup_delay: stay silent in INITIALIZE this long after start (0..10min, default 0). */
    private Duration startupDelay;

    /** Groups with the same sync group name change state together (keepalived's vrrp_sync_group). */
    private String syncGroup;

    /** A tracked file. */
    public static class TrackFile {
        /** The file holding an integer. */
        private Path path;
        /** The weight, -254..254 (0: FAULT while the value is not 0). */
        private int weight;
        /** Whether the weight's sign is turned (keepalived's reverse). */
        private boolean reverse;

        public Path getPath() {
            return path;
        }

        public void setPath(Path path) {
            this.path = path;
        }

        public int getWeight() {
            return weight;
        }

        public void setWeight(int weight) {
            this.weight = weight;
        }

        public boolean isReverse() {
            return reverse;
        }

        public void setReverse(boolean reverse) {
            this.reverse = reverse;
        }
    }

    /** The family of an election-only group's adverts. */
    public enum ElectionOnly {
        /** A normal group with virtual addresses. */
        NONE,
        /** Election only, IPv4 adverts. */
        IPV4,
        /** Election only, IPv6 adverts (VRRPv3). */
        IPV6
    }

    public String getInterfaceName() {
        return interfaceName;
    }

    public void setInterfaceName(String interfaceName) {
        this.interfaceName = interfaceName;
    }

    public Integer getVrid() {
        return vrid;
    }

    public void setVrid(Integer vrid) {
        this.vrid = vrid;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    public List<String> getVirtualAddresses() {
        return virtualAddresses;
    }

    public void setVirtualAddresses(List<String> virtualAddresses) {
        this.virtualAddresses = virtualAddresses == null ? null : new ArrayList<>(virtualAddresses);
    }

    public List<String> getExcludedAddresses() {
        return excludedAddresses;
    }

    public void setExcludedAddresses(List<String> excludedAddresses) {
        this.excludedAddresses = excludedAddresses == null ? null : new ArrayList<>(excludedAddresses);
    }

    public Integer getVersion() {
        return version;
    }

    public void setVersion(Integer version) {
        this.version = version;
    }

    public Duration getAdvertInterval() {
        return advertInterval;
    }

    public void setAdvertInterval(Duration advertInterval) {
        this.advertInterval = advertInterval;
    }

    public String getAuthPassword() {
        return authPassword;
    }

    public void setAuthPassword(String authPassword) {
        this.authPassword = authPassword;
    }

    public String getUnicastSource() {
        return unicastSource;
    }

    public void setUnicastSource(String unicastSource) {
        this.unicastSource = unicastSource;
    }

    public List<String> getUnicastPeers() {
        return unicastPeers;
    }

    public void setUnicastPeers(List<String> unicastPeers) {
        this.unicastPeers = unicastPeers == null ? null : new ArrayList<>(unicastPeers);
    }

    public Boolean getPreempt() {
        return preempt;
    }

    public void setPreempt(Boolean preempt) {
        this.preempt = preempt;
    }

    public Duration getPreemptDelay() {
        return preemptDelay;
    }

    public void setPreemptDelay(Duration preemptDelay) {
        this.preemptDelay = preemptDelay;
    }

    public Boolean getHigherPrioritySendAdvert() {
        return higherPrioritySendAdvert;
    }

    public void setHigherPrioritySendAdvert(Boolean higherPrioritySendAdvert) {
        this.higherPrioritySendAdvert = higherPrioritySendAdvert;
    }

    public Duration getTakeoverSettle() {
        return takeoverSettle;
    }

    public void setTakeoverSettle(Duration takeoverSettle) {
        this.takeoverSettle = takeoverSettle;
    }

    public Integer getDownTimerAdverts() {
        return downTimerAdverts;
    }

    public void setDownTimerAdverts(Integer downTimerAdverts) {
        this.downTimerAdverts = downTimerAdverts;
    }

    public Integer getGarpMasterRepeat() {
        return garpMasterRepeat;
    }

    public void setGarpMasterRepeat(Integer garpMasterRepeat) {
        this.garpMasterRepeat = garpMasterRepeat;
    }

    public Duration getGarpMasterDelay() {
        return garpMasterDelay;
    }

    public void setGarpMasterDelay(Duration garpMasterDelay) {
        this.garpMasterDelay = garpMasterDelay;
    }

    public Duration getGarpMasterRefresh() {
        return garpMasterRefresh;
    }

    public void setGarpMasterRefresh(Duration garpMasterRefresh) {
        this.garpMasterRefresh = garpMasterRefresh;
    }

    public Integer getGarpMasterRefreshRepeat() {
        return garpMasterRefreshRepeat;
    }

    public void setGarpMasterRefreshRepeat(Integer garpMasterRefreshRepeat) {
        this.garpMasterRefreshRepeat = garpMasterRefreshRepeat;
    }

    public Duration getVipLease() {
        return vipLease;
    }

    public void setVipLease(Duration vipLease) {
        this.vipLease = vipLease;
    }

    public Integer getRealtimePriority() {
        return realtimePriority;
    }

    public void setRealtimePriority(Integer realtimePriority) {
        this.realtimePriority = realtimePriority;
    }

    public Boolean getLockMemory() {
        return lockMemory;
    }

    public void setLockMemory(Boolean lockMemory) {
        this.lockMemory = lockMemory;
    }

    public Map<String, Integer> getTrackInterfaces() {
        return trackInterfaces;
    }

    public void setTrackInterfaces(Map<String, Integer> trackInterfaces) {
        this.trackInterfaces = trackInterfaces == null ? null : new LinkedHashMap<>(trackInterfaces);
    }

    public List<TrackFile> getTrackFiles() {
        return trackFiles;
    }

    public void setTrackFiles(List<TrackFile> trackFiles) {
        this.trackFiles = trackFiles == null ? null : new ArrayList<>(trackFiles);
    }

    public Boolean getUseVirtualMac() {
        return useVirtualMac;
    }

    public void setUseVirtualMac(Boolean useVirtualMac) {
        this.useVirtualMac = useVirtualMac;
    }

    public ElectionOnly getElectionOnly() {
        return electionOnly;
    }

    public void setElectionOnly(ElectionOnly electionOnly) {
        this.electionOnly = electionOnly;
    }

    public Duration getStartupDelay() {
        return startupDelay;
    }

    public void setStartupDelay(Duration startupDelay) {
        this.startupDelay = startupDelay;
    }

    public String getSyncGroup() {
        return syncGroup;
    }

    public void setSyncGroup(String syncGroup) {
        this.syncGroup = syncGroup;
    }
}
