package dev.failover4j.jna;

import com.sun.jna.LastErrorException;
import dev.failover4j.codec.IpPackets;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import dev.failover4j.jna.internal.Capabilities;
import dev.failover4j.jna.internal.LibC;
import dev.failover4j.jna.internal.Sockaddrs;
import dev.failover4j.jna.internal.netlink.NetlinkMessages;
import dev.failover4j.spi.Transport;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * VRRP on raw IP-protocol-112 sockets: one per interface and address family, shared by every group
 * on it and demultiplexed by VRID. IPv4 adverts carry a header built here (IP_HDRINCL): TOS 0xc0,
 * TTL 255, an id counting up from 1, like keepalived's. IPv6 adverts go from the interface's
 * link-local address with hop limit 255 and traffic class 0xc0; the hop limit and destination of
 * received ones come from recvmsg's ancillary data. Sockets ({@link VrrpSocket}) are bound to the
 * interface, join 224.0.0.18 / ff02::12 there, do not loop their own multicast back, and open again
 * on an interface deleted and created again. A channel re-reads its source address when asked. A
 * group with a virtual MAC interface sends through that interface's send-only socket and receives on
 * the base interface's socket and on the virtual MAC interface's steered one (see {@link VrrpSocket}).
 */
final class RawVrrpTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(RawVrrpTransport.class);
    /** Dry runs of the advert's send path at open: enough for the JIT to compile it. */
    private static final int WARMUPS = 2000;
    private static final int IFA_F_TENTATIVE = 0x40;

    private final NetlinkAddressManager netlink;
    private final Map<String, VrrpSocket> sockets = new ConcurrentHashMap<>();
    /** Send paths already warmed, by version and family (compiled code serves every group). */
    private final java.util.Set<String> warmed = ConcurrentHashMap.newKeySet();

    RawVrrpTransport(NetlinkAddressManager netlink) {
        this.netlink = netlink;
        netlink.onInterfaceRecreated(this::recreated);
    }

    @Override
    public synchronized Channel open(ChannelSpec spec, Receiver receiver) throws IOException {
        String missing = Capabilities.missingForThisProcess();
        if (missing != null) {
            throw new IOException(missing);
        }
        // With a virtual MAC interface, adverts are sent through it (with the virtual MAC) by a socket that
        // joins nothing, and received on the base interface and, from peers with the same virtual MAC, by a
        // packet socket on it (see VrrpSocket: a join there would make a backup send IGMP/MLD reports).
        String vmac = spec.sourceInterface() != null ? spec.interfaceName() : null;
        String rxName = vmac != null ? spec.sourceInterface() : spec.interfaceName();
        int ifindex = NetlinkAddressManager.ifindex(rxName);
        boolean v6 = spec.ipv6();
        InetAddress src = source(spec, ifindex);
        // IPv6 sockets are bound to their source (the kernel writes the header, our checksum uses it):
        // groups with different sources need different sockets. IPv4 headers are ours (IP_HDRINCL).
        String key = rxName + (v6 ? "/inet6/" + src.getHostAddress() : "/inet");
        VrrpSocket s = sockets.get(key);
        if (s == null) {
            s = new VrrpSocket(rxName, ifindex, v6, src);
            sockets.put(key, s);
        }
        s.raisePriority(spec.realtimePriority());
        if (!s.addReceiver(spec.vrid(), receiver)) {
            throw new IOException("VRID " + spec.vrid() + " is already open on " + rxName + " in this JVM");
        }
        String outKey = null;
        VrrpSocket out = s;
        VrrpSocket steered = null;
        if (vmac != null) {
            outKey = vmac + (v6 ? "/inet6" : "/inet");
            int vmacIndex = NetlinkAddressManager.ifindex(vmac);
            byte[] mac = {0, 0, 0x5e, 0, (byte) (v6 ? 2 : 1), (byte) spec.vrid()};
            try {
                out = new VrrpSocket(vmac, vmacIndex, v6, src, VrrpSocket.Kind.SEND_ONLY, null);
                steered = new VrrpSocket(vmac, vmacIndex, v6, src, VrrpSocket.Kind.STEERED, mac);
                steered.addReceiver(spec.vrid(), receiver);
            } catch (IOException | RuntimeException e) {
                if (out != s) {
                    out.close();
                }
                if (s.removeReceiver(spec.vrid(), receiver)) {
                    sockets.remove(key, s);
                    s.close();
                }
                throw e;
            }
            closeQuietly(sockets.put(outKey + "/send", out));
            closeQuietly(sockets.put(outKey + "/steered", steered));
        }
        List<InetAddress> destinations = spec.unicastPeers().isEmpty() ? List.of(VrrpSocket.mcast(v6)) : spec.unicastPeers();
        log.info("VRRP on {} (ifindex {}): VRID {} from {} to {}{}", rxName, ifindex, spec.vrid(),
                src.getHostAddress(), destinations.stream().map(InetAddress::getHostAddress).toList(),
                vmac != null ? ", sent through " + vmac : "");
        if (warmed.add(spec.version() + (v6 ? "/6" : "/4"))) {
            for (int i = 0; i < WARMUPS; i++) {
                warmSendPath(spec, src, destinations.get(0));
            }
        }
        return new VrrpChannel(spec, receiver, key, s, outKey, out, steered, src, destinations);
    }

    /** One group's channel: its socket, destinations, and the source it sends from (which may change). */
    private final class VrrpChannel implements Channel {
        private final ChannelSpec spec;
        private final Receiver receiver;
        private final String key;
        private final VrrpSocket socket;
        /** The socket adverts leave by: {@link #socket}, or a virtual MAC interface's send-only one. */
        private final String outKey;
        private final VrrpSocket out;
        /** A virtual MAC interface's: the adverts of peers with the same virtual MAC. */
        private final VrrpSocket steered;
        private final List<InetAddress> destinations;
        private volatile InetAddress src;
        /** Loop-confined: the last advert's bytes per destination, and the sockaddrs (IPv4). */
        private VrrpPacket encodedFor;
        private InetAddress encodedFrom;
        private byte[][] wire;
        private final byte[][] sockaddrs;

        VrrpChannel(ChannelSpec spec, Receiver receiver, String key, VrrpSocket socket, String outKey, VrrpSocket out,
                    VrrpSocket steered, InetAddress src, List<InetAddress> destinations) {
            this.spec = spec;
            this.receiver = receiver;
            this.key = key;
            this.socket = socket;
            this.outKey = outKey;
            this.out = out;
            this.steered = steered;
            this.src = src;
            this.destinations = destinations;
            this.sockaddrs = new byte[destinations.size()][];
            for (int i = 0; i < sockaddrs.length; i++) {
                sockaddrs[i] = socket.v6 ? null : Sockaddrs.in4(destinations.get(i));
            }
        }

        @Override
        public InetAddress localAddress() {
            return src;
        }

        @Override
        public InetAddress refreshLocalAddress() throws IOException {
            InetAddress now = source(spec, socket.ifindex());
            if (socket.v6 && !now.equals(src)) {
                // The IPv6 socket is bound to the old link-local address, which our checksums use.
                throw new IOException(spec.interfaceName() + "'s link-local address changed from " + src.getHostAddress()
                        + " to " + now.getHostAddress() + "; restart the group to send from it");
            }
            if (!now.equals(src)) {
                log.info("VRRP on {}: VRID {} now sends from {} (was {})", spec.interfaceName(), spec.vrid(),
                        now.getHostAddress(), src.getHostAddress());
                src = now;
            }
            return now;
        }

        @Override
        public void send(VrrpPacket advert) throws IOException {
            InetAddress from = src;
            if (spec.signer() != null || advert != encodedFor || from != encodedFrom) {
                encode(advert, from); // a signed advert carries a new timestamp every time
            }
            for (int i = 0; i < wire.length; i++) {
                if (socket.v6) {
                    // the kernel adds the header: our source (bound), hop limit 255, TC 0xc0
                    out.send(wire[i], destinations.get(i));
                } else {
                    IpPackets.setIpv4Id(wire[i], out.nextId());
                    out.send4(wire[i], sockaddrs[i]);
                }
            }
        }

        /**
         * The advert's bytes per destination, kept while the router sends the same advert (it reuses
         * it while nothing in it changes): a steady master encodes nothing and allocates nothing.
         */
        private void encode(VrrpPacket advert, InetAddress from) {
            byte[][] out = new byte[destinations.size()][];
            byte[] trailer = null;
            for (int i = 0; i < out.length; i++) {
                InetAddress dst = destinations.get(i);
                byte[] msg = VrrpCodec.encode(advert, from, dst);
                if (i == 0 && spec.signer() != null) {
                    trailer = spec.signer().trailer(msg, from); // one per advert: the destination is not covered
                }
                byte[] payload = ChannelSpec.payload(msg, trailer, from, dst);
                out[i] = socket.v6 ? payload : IpPackets.ipv4Packet(payload, (Inet4Address) from, (Inet4Address) dst, 0);
            }
            wire = out;
            encodedFor = advert;
            encodedFrom = from;
        }

        @Override
        public void close() {
            synchronized (RawVrrpTransport.this) {
                if (socket.removeReceiver(spec.vrid(), receiver)) {
                    sockets.remove(key, socket);
                    socket.close();
                }
                if (outKey != null) {
                    sockets.remove(outKey + "/send", out);
                    out.close();
                    sockets.remove(outKey + "/steered", steered);
                    steered.close();
                }
            }
        }
    }

    private static void closeQuietly(VrrpSocket stale) {
        if (stale != null) {
            stale.close();
        }
    }

    /** The kernel watcher saw {@code ifName} deleted and created again: our sockets there reopen on it. */
    private synchronized void recreated(String ifName, int ifindex) {
        for (VrrpSocket s : sockets.values()) {
            if (s.ifName.equals(ifName)) {
                try {
                    s.reopen(ifindex);
                } catch (IOException e) {
                    log.warn("VRRP on {}: cannot open the socket again: {}", ifName, e.getMessage());
                }
            }
        }
    }

    /** The configured unicast source, else the interface's own IPv4 (primary) or IPv6 link-local address. */
    private InetAddress source(ChannelSpec spec, int ifindex) throws IOException {
        if (spec.unicastSource() != null) {
            return spec.unicastSource();
        }
        if (spec.sourceInterface() != null) { // a virtual MAC interface: from its base interface's address
            String from = spec.sourceInterface();
            int index = NetlinkAddressManager.ifindex(from);
            return spec.ipv6() ? linkLocalAddress(from, index) : primaryAddress(from, index);
        }
        return spec.ipv6() ? linkLocalAddress(spec.interfaceName(), ifindex) : primaryAddress(spec.interfaceName(), ifindex);
    }

    /**
     * Runs the advert's send path without sending: a backup's first advert as master must not wait
     * for class loading, the interpreter and JNA's first binding of {@code sendto} (milliseconds on a
     * cold JVM, enough to lose a takeover race with another backup). The syscall goes to fd -1.
     */
    private static void warmSendPath(ChannelSpec spec, InetAddress src, InetAddress dst) {
        VrrpPacket p = spec.version() == dev.failover4j.VrrpVersion.V2
                ? VrrpPacket.v2(spec.vrid(), 1, 1, dev.failover4j.codec.AuthType.NONE, null, List.of((Inet4Address) src))
                : VrrpPacket.v3(spec.vrid(), 1, 100, List.of(src));
        byte[] msg = VrrpCodec.encode(p, src, dst);
        byte[] packet = src instanceof Inet4Address s4 && dst instanceof Inet4Address d4
                ? IpPackets.ipv4Packet(msg, s4, d4, 0) : msg;
        byte[] sa = src instanceof Inet4Address ? Sockaddrs.in4(dst) : Sockaddrs.in6(dst, 0);
        if (src instanceof Inet4Address) {
            IpPackets.setIpv4Id(packet, 1); // what a steady master does per advert
        }
        dev.failover4j.jna.internal.Poll.sendto(-1, packet, packet.length, 0, sa, sa.length); // EBADF: nothing is sent
    }

    private InetAddress primaryAddress(String ifName, int ifindex) throws IOException {
        for (NetlinkMessages.AddressInfo a : netlink.addresses(ifindex, false)) {
            if (!a.secondary() && a.effective() != null && a.scope() == 0 && a.proto() != dev.failover4j.jna.internal.netlink.Rtnl.IFAPROT_FAILOVER4J) {
                return a.effective();
            }
        }
        throw new IOException(ifName + " has no IPv4 address of its own to send VRRP adverts from;"
                + " give it one, or set unicastSource");
    }

    private InetAddress linkLocalAddress(String ifName, int ifindex) throws IOException {
        for (int attempt = 0; attempt < 30; attempt++) {
            boolean tentative = false;
            for (NetlinkMessages.AddressInfo a : netlink.addresses(ifindex, true)) {
                if (a.scope() == dev.failover4j.jna.internal.netlink.Rtnl.RT_SCOPE_LINK && a.effective() != null) {
                    if ((a.flags() & IFA_F_TENTATIVE) == 0) {
                        return a.effective();
                    }
                    tentative = true;
                }
            }
            if (!tentative) {
                break;
            }
            try {
                Thread.sleep(100); // duplicate address detection still running on the link-local address
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IOException(ifName + " has no usable IPv6 link-local address to send VRRPv3 adverts from"
                + " (RFC 5798 §5.1.2.1); is IPv6 enabled on it and its link up?");
    }

}
