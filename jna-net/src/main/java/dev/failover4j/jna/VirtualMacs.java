package dev.failover4j.jna;

import dev.failover4j.jna.internal.Errno;
import dev.failover4j.jna.internal.netlink.NetlinkMessages;
import dev.failover4j.jna.internal.netlink.NetlinkSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's {@code use_vmac}, through rtnetlink: a macvlan (mode private) with the RFC's virtual
 * MAC on the group's interface, the sysctls keepalived sets for it, and the base interface's ARP
 * settings put back when the last one goes.
 * <ul>
 *   <li>on the VMAC: {@code arp_ignore=1} (answer ARP only for its own addresses, the VIPs),
 *       {@code accept_local=1}, {@code rp_filter=0}, {@code promote_secondaries=1}, and
 *       {@code disable_ipv6=1} for an IPv4 group (keepalived sets the IPv6 address generation mode to
 *       none): a backup's VMAC must send no frame, or the switch learns the shared MAC on its port;</li>
 *   <li>on the base interface: {@code arp_ignore=1}, {@code arp_filter=1}, so only the VMAC answers
 *       ARP for a VIP (with the virtual MAC), and, beyond keepalived 2.2.7, {@code arp_announce=2}:
 *       the master's replies to a client leave through the base interface (its route to the subnet
 *       comes first), and without it the base interface's ARP request for the client names the VIP
 *       as its sender, which turns the client's entry for the VIP to the base MAC (measured in
 *       {@code VmacIT}).</li>
 *   <li>an IPv6 group's VMAC (00:00:5e:00:02:{VRID}, RFC 5798 §7.3) keeps IPv6, with the address
 *       generation mode none (no link-local address of its own, so no DAD and no MLD report while it
 *       has no VIP) and {@code accept_ra=0} (no router solicitation); the base interface is left
 *       alone (a neighbour solicitation for a VIP is answered only by the interface that has it).
 *       Adverts leave with the base interface's link-local address (see {@code VrrpSocket}).</li>
 * </ul>
 * Sysctls are written under {@code /proc/sys/net} of the process's network namespace.
 */
final class VirtualMacs {

    private static final Logger log = LoggerFactory.getLogger(VirtualMacs.class);
    private static final Path CONF4 = Path.of("/proc/sys/net/ipv4/conf");
    private static final Path CONF6 = Path.of("/proc/sys/net/ipv6/conf");

    /** Base interface → its ARP settings before the first VMAC on it, and how many VMACs use it. */
    private record Saved(String arpIgnore, String arpFilter, String arpAnnounce, int users) {
    }

    private final Map<String, Saved> saved = new ConcurrentHashMap<>();
    private final Map<String, String> baseOf = new ConcurrentHashMap<>();

    /** The IPv6 VMACs (MAC 00:00:5e:00:02:xx) this process made. */
    private final java.util.Set<String> inet6 = ConcurrentHashMap.newKeySet();

    /** True if {@code name} is an IPv6 group's VMAC made here. */
    boolean isIpv6(String name) {
        return inet6.contains(name);
    }

    /**
     * Takes every IPv6 address off an IPv6 VMAC without a word on the wire: deleting them one by one
     * makes the kernel send MLD reports (leaving their solicited-node groups) from the virtual MAC, after
     * the group has left MASTER, which points the switch at this node again. Turning IPv6 off and on
     * flushes them silently (measured in {@code VmacIT}); the address generation mode none keeps the
     * interface bare afterwards.
     */
    synchronized void flushQuietly(String name) throws IOException {
        sysctl(CONF6, name, "disable_ipv6", "1");
        sysctl(CONF6, name, "disable_ipv6", "0");
    }

    /**
     * Creates {@code name} on {@code base} with {@code mac} (a stale one of that name is deleted first), up.
     * The MAC says the family: 00:00:5e:00:02:xx is an IPv6 group's.
     */
    synchronized void create(NetlinkSocket nl, String base, String name, byte[] mac) throws IOException {
        boolean v6 = mac.length == 6 && mac[4] == 2;
        int baseIndex = NetlinkAddressManager.ifindex(base);
        delete(nl, name, false); // keepalived too: a VMAC left by a crash is taken away first
        int seq = NetlinkSocket.nextSeq();
        int err = nl.request(NetlinkMessages.newMacvlan(seq, name, baseIndex, mac), seq);
        if (err != 0) {
            throw Errno.exception("creating the virtual MAC interface " + name + " on " + base
                    + (err == Errno.EPERM ? " (needs CAP_NET_ADMIN)" : "") + (err == Errno.EOPNOTSUPP
                    ? " (the kernel has no macvlan support: modprobe macvlan)" : ""), err);
        }
        baseOf.put(name, base);
        if (v6) {
            inet6.add(name);
            seq = NetlinkSocket.nextSeq();
            err = nl.request(NetlinkMessages.addrGenModeNone(seq, NetlinkAddressManager.ifindex(name)), seq);
            if (err != 0) {
                throw Errno.exception("setting the IPv6 address generation mode of " + name + " to none", err);
            }
            sysctl(CONF6, name, "disable_ipv6", "0");
            sysctl(CONF6, name, "accept_ra", "0");
        } else {
            sysctl(CONF4, name, "arp_ignore", "1");
            sysctl(CONF4, name, "accept_local", "1");
            sysctl(CONF4, name, "rp_filter", "0");
            sysctl(CONF4, name, "promote_secondaries", "1");
            sysctl(CONF6, name, "disable_ipv6", "1");
            Saved s = saved.get(base);
            if (s == null) {
                saved.put(base, new Saved(read(CONF4, base, "arp_ignore"), read(CONF4, base, "arp_filter"),
                        read(CONF4, base, "arp_announce"), 1));
                sysctl(CONF4, base, "arp_ignore", "1");
                sysctl(CONF4, base, "arp_filter", "1");
                sysctl(CONF4, base, "arp_announce", "2");
            } else {
                saved.put(base, new Saved(s.arpIgnore(), s.arpFilter(), s.arpAnnounce(), s.users() + 1));
            }
        }
        seq = NetlinkSocket.nextSeq();
        err = nl.request(NetlinkMessages.linkUp(seq, NetlinkAddressManager.ifindex(name)), seq);
        if (err != 0) {
            throw Errno.exception("bringing " + name + " up", err);
        }
        log.info("virtual MAC interface {} on {} ({})", name, base, mac(mac));
    }

    /** Deletes {@code name}; the base interface's ARP settings come back with the last VMAC on it. */
    synchronized void delete(NetlinkSocket nl, String name, boolean ours) throws IOException {
        int index;
        try {
            index = NetlinkAddressManager.ifindex(name);
        } catch (IOException e) {
            index = 0; // not there
        }
        if (index != 0) {
            int seq = NetlinkSocket.nextSeq();
            int err = nl.request(NetlinkMessages.deleteLink(seq, index), seq);
            if (err != 0 && err != Errno.ENODEV) {
                throw Errno.exception("deleting the virtual MAC interface " + name, err);
            }
            if (!ours) {
                log.info("deleted a stale virtual MAC interface {}", name);
            }
        }
        String base = baseOf.remove(name);
        if (inet6.remove(name)) {
            return; // nothing of the base's was changed
        }
        if (base != null) {
            Saved s = saved.get(base);
            if (s != null && s.users() <= 1) {
                saved.remove(base);
                sysctl(CONF4, base, "arp_ignore", s.arpIgnore());
                sysctl(CONF4, base, "arp_filter", s.arpFilter());
                sysctl(CONF4, base, "arp_announce", s.arpAnnounce());
            } else if (s != null) {
                saved.put(base, new Saved(s.arpIgnore(), s.arpFilter(), s.arpAnnounce(), s.users() - 1));
            }
        }
    }

    private static void sysctl(Path root, String ifname, String key, String value) throws IOException {
        if (value == null) {
            return;
        }
        try {
            Files.writeString(root.resolve(ifname).resolve(key), value);
        } catch (IOException e) {
            throw new IOException("cannot set " + root.resolve(ifname).resolve(key) + " to " + value + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path root, String ifname, String key) {
        try {
            return Files.readString(root.resolve(ifname).resolve(key)).strip();
        } catch (IOException e) {
            return null;
        }
    }

    static String mac(byte[] mac) {
        StringBuilder b = new StringBuilder();
        for (byte x : mac) {
            b.append(b.length() == 0 ? "" : ":").append(String.format("%02x", x & 0xff));
        }
        return b.toString();
    }
}
