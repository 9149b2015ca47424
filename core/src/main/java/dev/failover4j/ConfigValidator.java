package dev.failover4j;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a builder's settings into an {@link HaConfig}, or a {@link ConfigException} that lists every
 * bad field at once with its allowed range. Nothing is coerced silently; message texts are API.
 */
final class ConfigValidator {

    private final HaGroup.Builder b;
    private final List<String> problems = new ArrayList<>();

    private ConfigValidator(HaGroup.Builder b) {
        this.b = b;
    }

    static HaConfig validate(HaGroup.Builder b) {
        return new ConfigValidator(b).run();
    }

    private HaConfig run() {
        identity();
        VrrpVersion v = VrrpVersion.ofNumber(b.version);
        if (v == null) {
            problems.add("vrrpVersion: " + b.version + " is not supported (allowed 2 or 3)");
        }
        List<VirtualAddress> vips = addresses(v);
        boolean ipv6 = b.electionOnlyIpv6 != null ? b.electionOnlyIpv6 : !vips.isEmpty() && vips.get(0).isIpv6();
        List<VirtualAddress> excluded = excluded(vips, ipv6);
        interval(v);
        password(v);
        InetAddress src = unicastSource(vips, ipv6);
        List<InetAddress> peers = unicastPeers(vips, ipv6, src);
        preemption();
        announcements();
        lease();
        scheduling();
        healthChecks();
        trackedFiles();
        trackedInterfaces();
        virtualMac();
        startupDelay();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Duration lease = b.vipLease != null ? b.vipLease : defaultLease(v);
        return new ConfigValues(b.interfaceName, b.vrid, b.priority, vips, v, b.advertInterval, b.authPassword, src, peers,
                b.preempt, b.preemptDelay, b.higherPrioritySendAdvert, b.takeoverSettle, b.takeoverSettleSet, b.downTimerAdverts, b.garpMasterRepeat, b.garpMasterDelay, b.garpMasterRefresh,
                b.garpMasterRefreshRepeat, lease, b.realtimePriority, b.lockMemory, b.healthChecks, b.trackedFiles, b.startupDelay,
                b.syncGroup == null ? null : b.syncGroup.name(), b.trackedInterfaces,
                ipv6, !b.useVirtualMac ? null : b.virtualMacName != null ? b.virtualMacName : "vrrp." + b.vrid, excluded, b.hmac);
    }

    private List<VirtualAddress> excluded(List<VirtualAddress> vips, boolean ipv6) {
        List<VirtualAddress> out = new ArrayList<>();
        for (String text : b.excludedTexts) {
            try {
                VirtualAddress a = VirtualAddress.parse(text);
                if (a.isIpv6() != ipv6) {
                    problems.add("excludedAddress: " + a + " is not of the group's family (use a group of that family)");
                } else if (vips.stream().anyMatch(x -> x.address().equals(a.address()))
                        || out.stream().anyMatch(x -> x.address().equals(a.address()))) {
                    problems.add("excludedAddress: " + a + " is listed twice");
                } else if (a.address().isMulticastAddress() || a.address().isAnyLocalAddress() || a.address().isLoopbackAddress()) {
                    problems.add("excludedAddress: " + a + " is not a unicast address");
                } else {
                    out.add(a);
                }
            } catch (IllegalArgumentException e) {
                problems.add("excludedAddress: " + e.getMessage());
            }
        }
        if (!out.isEmpty() && b.electionOnlyIpv6 != null) {
            problems.add("excludedAddress: an election-only group binds no address");
        }
        return out;
    }

    private void identity() {
        if (b.interfaceName == null || b.interfaceName.isBlank()) {
            problems.add("interfaceName: required (e.g. eth0)");
        } else if (b.interfaceName.length() > 15 || !b.interfaceName.matches("[^\\s/:]+")) {
            problems.add("interfaceName: '" + b.interfaceName + "' is not a Linux interface name (1..15 characters, no spaces, '/' or ':')");
        }
        if (b.vrid == null) {
            problems.add("vrid: required (1..255)");
        } else if (b.vrid < 1 || b.vrid > 255) {
            problems.add("vrid: " + b.vrid + " is out of range (allowed 1..255)");
        }
        if (b.priority < 1 || b.priority > 255) {
            problems.add("priority: " + b.priority + " is out of range (allowed 1..255; 255 = address owner)");
        }
    }

    private List<VirtualAddress> addresses(VrrpVersion v) {
        List<VirtualAddress> all = new ArrayList<>(b.vips);
        for (String text : b.vipTexts) {
            try {
                all.add(VirtualAddress.parse(text));
            } catch (IllegalArgumentException e) {
                problems.add("virtualAddress: " + e.getMessage());
            }
        }
        boolean ipv6 = !all.isEmpty() && all.get(0).isIpv6();
        if (b.electionOnlyIpv6 != null) {
            if (!all.isEmpty() || !b.vipTexts.isEmpty()) {
                problems.add("electionOnly: the group has virtual addresses; remove them or electionOnly");
            }
            if (b.electionOnlyIpv6 && v == VrrpVersion.V2) {
                problems.add("electionOnly: IPv6 adverts need VRRPv3 (vrrpVersion(3))");
            }
            ipv6 = b.electionOnlyIpv6;
        } else if (all.isEmpty() && b.vipTexts.isEmpty()) {
            problems.add("virtualAddress: at least one is required (CIDR form, e.g. 192.168.0.100/24), or electionOnly(false)"
                    + " for leader election without one");
        }
        if (all.stream().map(VirtualAddress::isIpv6).distinct().count() > 1) {
            problems.add("virtualAddress: IPv4 and IPv6 addresses cannot be mixed in one group (use two groups)");
        }
        if (new HashSet<>(all.stream().map(VirtualAddress::address).toList()).size() != all.size()) {
            problems.add("virtualAddress: the same address is listed twice");
        }
        int max = ipv6 ? 90 : 255;
        if (all.size() > max) {
            problems.add("virtualAddress: " + all.size() + " addresses do not fit one advert (allowed 1.." + max + ")");
        }
        for (VirtualAddress a : all) {
            InetAddress x = a.address();
            if (x.isMulticastAddress() || x.isAnyLocalAddress() || x.isLoopbackAddress()) {
                problems.add("virtualAddress: " + a + " is not a unicast address");
            }
        }
        if (v == VrrpVersion.V2 && ipv6) {
            problems.add("vrrpVersion: IPv6 virtual addresses need VRRPv3 (vrrpVersion(3))");
        }
        return all;
    }

    private void interval(VrrpVersion v) {
        Duration d = b.advertInterval;
        if (d == null) {
            problems.add("advertInterval: required");
        } else if (v == VrrpVersion.V2) {
            if (d.toNanos() % 1_000_000_000L != 0 || d.toSeconds() < 1 || d.toSeconds() > 255) {
                problems.add("advertInterval: " + d + " is not allowed in VRRPv2 (whole seconds 1..255 s; use vrrpVersion(3) for less)");
            }
        } else if (v == VrrpVersion.V3) {
            long ms = d.toMillis();
            if (d.toNanos() % 10_000_000L != 0 || ms < 10 || ms > 40_950) {
                problems.add("advertInterval: " + d + " is not allowed in VRRPv3 (multiples of 10 ms from 10 ms to 40.95 s)");
            }
        }
    }

    private void password(VrrpVersion v) {
        if (b.hmac != null && b.authPassword != null) {
            problems.add("authPassword: not with hmac (keepalived drops the password when auth_hmac is set); remove one");
        }
        if (b.authPassword == null) {
            return;
        }
        int len = b.authPassword.getBytes(StandardCharsets.UTF_8).length;
        if (v == VrrpVersion.V3) {
            problems.add("authPassword: VRRPv3 has no authentication (RFC 5798); remove it or use vrrpVersion(2)");
        } else if (len < 1 || len > 8) {
            problems.add("authPassword: " + len + " bytes (allowed 1..8 bytes)");
        }
    }

    private InetAddress unicastSource(List<VirtualAddress> vips, boolean ipv6) {
        if (b.unicastSource == null) {
            return null;
        }
        InetAddress src = VirtualAddress.literal(b.unicastSource);
        if (src == null) {
            problems.add("unicastSource: '" + b.unicastSource + "' is not an IP address literal");
        } else if (!vips.isEmpty() && (src instanceof Inet6Address) != ipv6) {
            problems.add("unicastSource: " + b.unicastSource + " is not of the virtual addresses' family");
        }
        if (b.unicastPeers.isEmpty() && src instanceof Inet6Address && !src.isLinkLocalAddress()) {
            // without peers the source is a multicast advert's (keepalived's mcast_src_ip, or its unicast_src_ip
            // with no unicast_peer), and RFC 5798 §5.1.2.1 wants a link-local one for IPv6
            problems.add("unicastSource: " + b.unicastSource + " cannot be the source of IPv6 multicast adverts"
                    + " (RFC 5798: a link-local address); add a unicastPeer, or leave the source to the interface");
        }
        return src;
    }

    private List<InetAddress> unicastPeers(List<VirtualAddress> vips, boolean ipv6, InetAddress src) {
        List<InetAddress> peers = new ArrayList<>();
        for (String p : b.unicastPeers) {
            InetAddress a = VirtualAddress.literal(p);
            if (a == null) {
                problems.add("unicastPeer: '" + p + "' is not an IP address literal");
            } else if (a.isMulticastAddress()) {
                problems.add("unicastPeer: " + p + " is a multicast address");
            } else if (!vips.isEmpty() && (a instanceof Inet6Address) != ipv6) {
                problems.add("unicastPeer: " + p + " is not of the virtual addresses' family");
            } else if (a.equals(src)) {
                problems.add("unicastPeer: " + p + " is the unicastSource itself");
            } else if (peers.contains(a)) {
                problems.add("unicastPeer: " + p + " is listed twice");
            } else {
                peers.add(a);
            }
        }
        return peers;
    }

    private void preemption() {
        Duration d = b.preemptDelay;
        if (d == null || d.isNegative() || d.compareTo(Duration.ofSeconds(1000)) > 0) {
            problems.add("preemptDelay: " + d + " is out of range (allowed 0..1000 s)");
        } else if (!b.preempt && !d.isZero()) {
            problems.add("preemptDelay: has no effect with preempt(false); remove one of them");
        }
        if (!b.preempt && b.priority == 255) {
            problems.add("preempt: the address owner (priority 255) always preempts; preempt(false) cannot apply");
        }
        Duration settle = b.takeoverSettle;
        if (settle == null || settle.isNegative() || settle.compareTo(Duration.ofSeconds(1)) > 0) {
            problems.add("takeoverSettle: " + settle + " is out of range (allowed 0..1 s)");
        } else if (b.advertInterval != null && settle.compareTo(b.advertInterval.dividedBy(2)) > 0) {
            problems.add("takeoverSettle: " + settle + " is more than half the advert interval " + b.advertInterval);
        }
        if (b.downTimerAdverts < 1 || b.downTimerAdverts > 100) {
            problems.add("downTimerAdverts: " + b.downTimerAdverts + " is out of range (allowed 1..100; the RFCs use 3)");
        }
    }

    private void announcements() {
        if (b.garpMasterRepeat < 1 || b.garpMasterRepeat > 100) {
            problems.add("garpMasterRepeat: " + b.garpMasterRepeat + " is out of range (allowed 1..100)");
        }
        nonNegative("garpMasterDelay", b.garpMasterDelay);
        nonNegative("garpMasterRefresh", b.garpMasterRefresh);
        if (b.garpMasterRefreshRepeat < 1 || b.garpMasterRefreshRepeat > 100) {
            problems.add("garpMasterRefresh: repeat " + b.garpMasterRefreshRepeat + " is out of range (allowed 1..100)");
        }
    }

    private void scheduling() {
        if (b.realtimePriority < 0 || b.realtimePriority > 99) {
            problems.add("realtimePriority: " + b.realtimePriority + " is out of range (allowed 1..99, or 0 for none)");
        }
    }

    private void lease() {
        Duration d = b.vipLease;
        if (d != null && !d.isZero() && (d.isNegative() || d.toNanos() % 1_000_000_000L != 0 || d.toSeconds() > 86_400)) {
            problems.add("vipLease: " + d + " is not allowed (whole seconds 1..86400 s, or ZERO for no lease)");
        }
    }

    private void trackedInterfaces() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (TrackedInterface t : b.trackedInterfaces) {
            String name = "trackInterface " + t.name();
            if (t.name().isBlank() || t.name().length() > 15 || !t.name().matches("[^\\s/:]+")) {
                problems.add(name + ": not a Linux interface name (1..15 characters, no spaces, '/' or ':')");
            } else if (t.name().equals(b.interfaceName)) {
                problems.add(name + ": is the group's own interface, which is always tracked (its link down is FAULT)");
            }
            if (t.weight() < -254 || t.weight() > 254) {
                problems.add(name + ": weight " + t.weight() + " is out of range (allowed -254..254; 0 = FAULT while down)");
            }
            if (!seen.add(t.name())) {
                problems.add(name + ": tracked twice (give each interface once, with one weight)");
            }
        }
    }

    private void virtualMac() {
        if (!b.useVirtualMac) {
            return;
        }
        if (b.electionOnlyIpv6 != null) {
            problems.add("useVirtualMac: an election-only group has no address to put on a virtual MAC");
        }
        String n = b.virtualMacName;
        if (n != null && (n.isEmpty() || n.length() > 15 || n.chars().anyMatch(c -> c <= ' ' || c == '/' || c == ':' || c > '~'))) {
            problems.add("useVirtualMac: '" + n + "' is not an interface name (1..15 characters, no white space, '/' or ':')");
        } else if (n != null && n.equals(b.interfaceName)) {
            problems.add("useVirtualMac: '" + n + "' is the group's own interface; the virtual MAC needs an interface of its own");
        }
    }

    private void startupDelay() {
        if (b.startupDelay == null || b.startupDelay.isNegative() || b.startupDelay.compareTo(Duration.ofMinutes(10)) > 0) {
            problems.add("startupDelay: " + b.startupDelay + " is out of range (allowed 0..10 min)");
        }
    }

    private void trackedFiles() {
        java.util.Set<java.nio.file.Path> seen = new java.util.HashSet<>();
        for (TrackedFile f : b.trackedFiles) {
            String name = "trackFile " + f.file();
            if (f.weight() < -254 || f.weight() > 254) {
                problems.add(name + ": weight " + f.weight() + " is out of range (allowed -254..254; 0 = FAULT while the value is not 0)");
            }
            java.nio.file.Path abs = f.file().toAbsolutePath().normalize();
            if (!seen.add(abs)) {
                problems.add(name + ": tracked twice (give each file once, with one weight)");
            }
            java.nio.file.Path dir = abs.getParent();
            if (dir == null || !java.nio.file.Files.isDirectory(dir)) {
                problems.add(name + ": its directory " + dir + " does not exist (the file need not exist; its directory is watched)");
            } else if (java.nio.file.Files.isDirectory(abs)) {
                problems.add(name + ": is a directory, not a file");
            }
        }
    }

    private void healthChecks() {
        Set<String> names = new HashSet<>();
        for (HealthCheckSpec h : b.healthChecks) {
            String n = h.name();
            if (n.isBlank()) {
                problems.add("healthCheck: a check has a blank name");
            } else if (!names.add(n)) {
                problems.add("healthCheck '" + n + "': the name is used twice");
            }
            if (h.interval().isNegative() || h.interval().isZero()) {
                problems.add("healthCheck '" + n + "': interval " + h.interval() + " must be positive");
            }
            if (h.timeout().isNegative() || h.timeout().isZero()) {
                problems.add("healthCheck '" + n + "': timeout " + h.timeout() + " must be positive");
            }
            if (h.fall() < 1 || h.fall() > 1000) {
                problems.add("healthCheck '" + n + "': fall " + h.fall() + " is out of range (allowed 1..1000)");
            }
            if (h.rise() < 1 || h.rise() > 1000) {
                problems.add("healthCheck '" + n + "': rise " + h.rise() + " is out of range (allowed 1..1000)");
            }
            if (h.weight() < -253 || h.weight() > 253) {
                problems.add("healthCheck '" + n + "': weight " + h.weight() + " is out of range (allowed -253..253)");
            }
        }
    }

    private void nonNegative(String field, Duration d) {
        if (d == null || d.isNegative()) {
            problems.add(field + ": " + d + " must be zero or positive");
        }
    }

    /** ceil(Master_Down_Interval) + 1 s: the kernel counts lifetimes in whole seconds. */
    private Duration defaultLease(VrrpVersion v) {
        long nanos = v.masterDownNanos(b.priority, b.advertInterval.toNanos(), b.downTimerAdverts);
        long seconds = (nanos + 999_999_999L) / 1_000_000_000L;
        return Duration.ofSeconds(seconds + 1);
    }
}
