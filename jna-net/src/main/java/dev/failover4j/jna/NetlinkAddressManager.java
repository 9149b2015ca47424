package dev.failover4j.jna;

import com.sun.jna.LastErrorException;
import dev.failover4j.VirtualAddress;
import dev.failover4j.jna.internal.Errno;
import dev.failover4j.jna.internal.LibC;
import dev.failover4j.jna.internal.PacketSocket;
import dev.failover4j.jna.internal.netlink.NetlinkMessages;
import dev.failover4j.jna.internal.netlink.NetlinkSocket;
import dev.failover4j.jna.internal.netlink.Rtnl;
import dev.failover4j.spi.AddressManager;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual addresses through rtnetlink: RTM_NEWADDR (add or replace, with lifetimes for the VIP
 * lease and IFA_PROTO {@value Rtnl#IFAPROT_FAILOVER4J}), RTM_DELADDR, RTM_GETADDR; gratuitous ARP
 * through an AF_PACKET socket.
 *
 * <p>Removal never touches an interface's primary IPv4 address unless failover4j added it: a
 * configured VIP found at start as a secondary address (left by a crash, or added by hand) is
 * removed before the election and logged; a primary one is left alone and logged as an error.
 */
final class NetlinkAddressManager implements AddressManager {

    private static final Logger log = LoggerFactory.getLogger(NetlinkAddressManager.class);

    private volatile NetlinkSocket netlink;
    private volatile PacketSocket packets;
    /** Addresses this process added (for kernels without IFA_PROTO). */
    private final Set<InetAddress> ours = ConcurrentHashMap.newKeySet();
    /**
     * Addresses this process has added at least once: checked then not to be the host's own, so a
     * later takeover adds them without reading the interface's addresses first (one netlink round
     * trip, not two, between the first advert and the VIP).
     */
    private final Set<InetAddress> addedBefore = ConcurrentHashMap.newKeySet();
    private final KernelWatcher watcher = new KernelWatcher(this);
    /**
     * Watched interfaces' links as the kernel watcher last saw them (ifindex, MAC): a takeover
     * announces its VIPs without asking the kernel first.
     */
    private final java.util.Map<String, NetlinkMessages.LinkInfo> links = new ConcurrentHashMap<>();

    private synchronized NetlinkSocket nl() throws IOException {
        if (netlink == null) {
            netlink = new NetlinkSocket(0, 3000);
        }
        return netlink;
    }

    private synchronized PacketSocket packets() throws IOException {
        if (packets == null) {
            packets = new PacketSocket();
        }
        return packets;
    }

    @Override
    public void add(String interfaceName, List<VirtualAddress> vips, Duration lease) throws IOException {
        if (vips.isEmpty()) {
            return; // an election-only group
        }
        NetlinkMessages.LinkInfo watched = links.get(interfaceName);
        int ifindex = watched != null ? watched.ifindex() : ifindex(interfaceName);
        List<NetlinkMessages.AddressInfo> present = null;
        for (VirtualAddress v : vips) {
            boolean knownAbsent = watched != null && absent.contains(v.address());
            if (!ours.contains(v.address()) && !addedBefore.contains(v.address()) && !knownAbsent) {
                // Never turn an address the host configured itself into a leased VIP (an address owner's VIP
                // may be the interface's own address): leave it as it is.
                if (present == null) {
                    present = addresses(ifindex, v.isIpv6());
                }
                NetlinkMessages.AddressInfo a = find(present, v);
                if (a != null && a.proto() != Rtnl.IFAPROT_FAILOVER4J && (v.isIpv6() || !a.secondary())) {
                    log.info("{} is already an address of {}; using it as it is", v, interfaceName);
                    continue;
                }
            }
            int err = addRequest(ifindex, v, lease);
            if (err != 0) {
                throw Errno.exception("adding " + v + " to " + interfaceName + hint(err), err);
            }
            if (ours.add(v.address())) {
                oursChanged();
            }
            addedBefore.add(v.address());
        }
    }

    /**
     * Whether a notification is the kernel's echo of a lease refresh of ours: RTM_NEWADDR of an IPv4
     * address we keep (read in place, without parsing). The watcher skips it: a steady master's
     * refreshes allocate nothing. (Listeners hear of our own VIPs being added from nobody else either:
     * a VIP is never an advert's source.)
     */
    boolean ownRefresh(int type, java.nio.ByteBuffer b, int offset, int length) {
        if (type != Rtnl.RTM_NEWADDR || length < Rtnl.NLMSG_HDRLEN + 8 || (b.get(offset + Rtnl.NLMSG_HDRLEN) & 0xff) != LibC.AF_INET) {
            return false;
        }
        int pos = offset + Rtnl.NLMSG_HDRLEN + 8; // struct ifaddrmsg
        int end = offset + length;
        int local = 0;
        boolean found = false;
        while (pos + 4 <= end) {
            int len = b.getShort(pos) & 0xffff;
            int attr = b.getShort(pos + 2) & 0x3fff;
            if (len < 4 || pos + len > end) {
                return false;
            }
            if (attr == Rtnl.IFA_LOCAL && len >= 8) {
                local = (b.get(pos + 4) & 0xff) << 24 | (b.get(pos + 5) & 0xff) << 16 | (b.get(pos + 6) & 0xff) << 8
                        | (b.get(pos + 7) & 0xff);
                found = true;
            }
            pos += (len + 3) & ~3;
        }
        if (!found) {
            return false;
        }
        for (int a : ours4) {
            if (a == local) {
                return true;
            }
        }
        return false;
    }

    /** {@link #ours}' IPv4 addresses as ints (an Inet4Address's hash is its address), for {@link #ownRefresh}. */
    private volatile int[] ours4 = new int[0];

    private void oursChanged() {
        // A plain loop: this runs on a takeover, where a first stream or lambda would cost milliseconds
        // of class loading and bootstrapping.
        int[] now = new int[ours.size()];
        int n = 0;
        for (InetAddress a : ours) {
            if (a instanceof Inet4Address && n < now.length) {
                now[n++] = a.hashCode();
            }
        }
        ours4 = java.util.Arrays.copyOf(now, n);
    }

    /**
     * VIPs a dump showed absent (or we removed) and that nobody else added since, as far as the kernel
     * watcher heard: a takeover on a watched interface adds them without dumping the addresses first.
     */
    private final Set<InetAddress> absent = ConcurrentHashMap.newKeySet();

    /** The kernel watcher saw {@code a} added: unless it is one of ours, it is no longer known absent. */
    void addressAdded(NetlinkMessages.AddressInfo a) {
        if (a.proto() != Rtnl.IFAPROT_FAILOVER4J && a.effective() != null) {
            absent.remove(a.effective());
        }
    }

    /** An RTM_NEWADDR made once per VIP, interface and lease; each send gets a new sequence number. */
    private record AddRequest(int ifindex, int prefix, Duration lease, byte[] message) {
    }

    /**
     * By address: an InetAddress hashes in plain code, where a record (VirtualAddress) would bootstrap
     * its hashCode through invokedynamic on first use, milliseconds on a backup's first takeover.
     */
    private final java.util.Map<InetAddress, AddRequest> addRequests = new ConcurrentHashMap<>();

    /**
     * Adds (or refreshes the lease of) {@code v}: a master refreshes its leases for as long as it is
     * master, so the request is built once and only its sequence number changes.
     */
    private int addRequest(int ifindex, VirtualAddress v, Duration lease) throws IOException {
        AddRequest r = addRequests.get(v.address());
        if (r == null || r.ifindex() != ifindex || r.prefix() != v.prefixLength() || !java.util.Objects.equals(r.lease(), lease)) {
            r = new AddRequest(ifindex, v.prefixLength(), lease, NetlinkMessages.newAddress(0, ifindex, v.address(),
                    v.prefixLength(), lease, Rtnl.IFAPROT_FAILOVER4J));
            addRequests.put(v.address(), r);
        }
        synchronized (r) {
            int seq = NetlinkSocket.nextSeq();
            NetlinkMessages.setSeq(r.message(), seq);
            return nl().request(r.message(), seq);
        }
    }

    @Override
    public void remove(String interfaceName, List<VirtualAddress> vips) throws IOException {
        if (vips.isEmpty()) {
            return;
        }
        int ifindex = ifindex(interfaceName);
        List<NetlinkMessages.AddressInfo> present = addresses(ifindex, vips.stream().anyMatch(VirtualAddress::isIpv6));
        if (vmacs.isIpv6(interfaceName) && present.stream().allMatch(a -> vips.stream().anyMatch(v -> v.address().equals(a.effective())))) {
            // Every address of an IPv6 VMAC goes: without the MLD reports a delete would send from the virtual MAC.
            for (VirtualAddress v : vips) {
                absent.add(v.address());
                ours.remove(v.address());
            }
            oursChanged();
            vmacs.flushQuietly(interfaceName);
            return;
        }
        for (VirtualAddress v : vips) {
            NetlinkMessages.AddressInfo found = find(present, v);
            if (found == null) {
                absent.add(v.address());
                if (ours.remove(v.address())) {
                    oursChanged();
                    // Ours but not in the dump (a dump can miss entries while addresses change): delete anyway.
                    int seq = NetlinkSocket.nextSeq();
                    int err = nl().request(NetlinkMessages.deleteAddress(seq, ifindex, v.address(), v.prefixLength()), seq);
                    if (err != 0 && err != Errno.EADDRNOTAVAIL) {
                        ours.add(v.address());
                        oursChanged();
                        throw Errno.exception("removing " + v + " from " + interfaceName + hint(err), err);
                    }
                }
                continue;
            }
            boolean tagged = found.proto() == Rtnl.IFAPROT_FAILOVER4J;
            boolean mine = ours.contains(v.address()) || tagged;
            if (!mine && (v.isIpv6() || !found.secondary())) {
                log.error("not removing {} from {}: it is {} and failover4j did not add it;"
                        + " a virtual address must not be the host's own address", v, interfaceName,
                        v.isIpv6() ? "an IPv6 address of the host" : "the interface's primary address");
                continue;
            }
            int seq = NetlinkSocket.nextSeq();
            int err = nl().request(NetlinkMessages.deleteAddress(seq, ifindex, v.address(), found.prefixLength()), seq);
            if (err != 0 && err != Errno.EADDRNOTAVAIL) {
                throw Errno.exception("removing " + v + " from " + interfaceName + hint(err), err);
            }
            absent.add(v.address());
            boolean removed = ours.remove(v.address());
            oursChanged();
            if (!removed) {
                log.warn("removed {} from {}: a configured virtual address was already there{}", v, interfaceName,
                        tagged ? " (left by a failover4j process that did not shut down)" : " (added by hand or by another tool)");
            }
        }
    }

    @Override
    public void announce(String interfaceName, List<VirtualAddress> vips, int count) throws IOException {
        if (vips.isEmpty()) {
            return;
        }
        NetlinkMessages.LinkInfo link = links.get(interfaceName);
        if (link == null) {
            link = link(interfaceName); // not watched: ask
        }
        if (link.mac() == null || link.mac().length != 6) {
            throw new IOException(interfaceName + " has no Ethernet address to announce from");
        }
        for (VirtualAddress v : vips) {
            if (v.address() instanceof Inet6Address v6) {
                byte[] frame = NdFrames.unsolicitedNaFrame(link.mac(), v6);
                for (int i = 0; i < count; i++) {
                    packets().send(link.ifindex(), LibC.ETH_P_IPV6, NdFrames.allNodesMac(), frame);
                }
                continue;
            }
            byte[] frame = ArpFrames.gratuitousArp(link.mac(), (Inet4Address) v.address());
            for (int i = 0; i < count; i++) {
                packets().sendBroadcast(link.ifindex(), LibC.ETH_P_ARP, frame);
            }
        }
    }

    @Override
    public boolean linkUp(String interfaceName) throws IOException {
        return link(interfaceName).up();
    }

    private static NetlinkMessages.AddressInfo find(List<NetlinkMessages.AddressInfo> present, VirtualAddress v) {
        for (NetlinkMessages.AddressInfo a : present) {
            if (v.address().equals(a.effective())) {
                return a;
            }
        }
        return null;
    }

    @Override
    public java.io.Closeable watch(String interfaceName, NetworkListener listener) throws IOException {
        packets(); // open before the first takeover needs it
        warmTakeoverPath();
        return watcher.watch(interfaceName, listener);
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Once per process: the Java code of a takeover's bind and announcement (the netlink request, the
     * gratuitous ARP frame and its send) run until compiled, without touching the network, so the
     * first takeover does not run them in the interpreter.
     */
    private static void warmTakeoverPath() {
        if (!WARMED.compareAndSet(false, true)) {
            return;
        }
        try {
            Inet4Address a = (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
            byte[] mac = {2, 0, 0, 0, 0, 1};
            for (int i = 0; i < 2000; i++) {
                byte[] m = NetlinkMessages.newAddress(0, 1, a, 32, Duration.ofSeconds(2), Rtnl.IFAPROT_FAILOVER4J);
                NetlinkMessages.setSeq(m, i);
                PacketSocket.warm(ArpFrames.gratuitousArp(mac, a), 1);
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kernel watcher saw a watched interface's link (now, or at the start of the watch). */
    void linkSeen(String interfaceName, NetlinkMessages.LinkInfo link) {
        links.put(interfaceName, link);
    }

    /** A watched interface is gone, or no longer watched: announcements ask the kernel again. */
    void linkForgotten(String interfaceName) {
        links.remove(interfaceName);
    }

    /** {@code hook(name, ifindex)} runs when a watched interface was deleted and created again. */
    void onInterfaceRecreated(java.util.function.ObjIntConsumer<String> hook) {
        watcher.onRecreated(hook);
    }

    /** Every address on {@code ifindex} of one family. */
    List<NetlinkMessages.AddressInfo> addresses(int ifindex, boolean ipv6) throws IOException {
        int seq = NetlinkSocket.nextSeq();
        List<NetlinkMessages.AddressInfo> out = new ArrayList<>();
        for (NetlinkMessages.Message m : nl().dump(NetlinkMessages.dumpAddresses(seq, ipv6 ? LibC.AF_INET6 : LibC.AF_INET), seq)) {
            if (m.type() == Rtnl.RTM_NEWADDR) {
                NetlinkMessages.AddressInfo a = NetlinkMessages.parseAddress(m);
                if (a != null && a.ifindex() == ifindex) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** The interface's link as the kernel reports it. */
    NetlinkMessages.LinkInfo link(String interfaceName) throws IOException {
        int seq = NetlinkSocket.nextSeq();
        for (NetlinkMessages.Message m : nl().dump(NetlinkMessages.getLink(seq, ifindex(interfaceName)), seq)) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                NetlinkMessages.LinkInfo l = NetlinkMessages.parseLink(m);
                if (l != null) {
                    return l;
                }
            }
        }
        throw new IOException("no link information for " + interfaceName);
    }

    private final VirtualMacs vmacs = new VirtualMacs();

    @Override
    public void createVirtualMac(String baseInterface, String name, byte[] mac) throws IOException {
        vmacs.create(nl(), baseInterface, name, mac);
    }

    @Override
    public void deleteVirtualMac(String name) throws IOException {
        vmacs.delete(nl(), name, true);
    }

    /** The interface index of {@code name}. */
    static int ifindex(String name) throws IOException {
        try {
            int idx = LibC.INSTANCE.if_nametoindex(name);
            if (idx == 0) {
                throw new IOException("no network interface named '" + name + "'");
            }
            return idx;
        } catch (LastErrorException e) {
            throw new IOException("no network interface named '" + name + "' (" + Errno.describe(e.getErrorCode()) + ")");
        }
    }

    private static String hint(int errno) {
        return errno == Errno.EPERM || errno == Errno.EACCES ? " (needs CAP_NET_ADMIN)" : "";
    }

    /** Closes the sockets (a new call reopens them). */
    synchronized void close() {
        if (netlink != null) {
            netlink.close();
            netlink = null;
        }
        if (packets != null) {
            packets.close();
            packets = null;
        }
    }
}
