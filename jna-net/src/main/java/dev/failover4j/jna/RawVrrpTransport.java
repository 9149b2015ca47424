package dev.failover4j.jna;

import com.sun.jna.LastErrorException;
import dev.failover4j.codec.IpPackets;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import dev.failover4j.jna.internal.Ancillary;
import dev.failover4j.jna.internal.Capabilities;
import dev.failover4j.jna.internal.Errno;
import dev.failover4j.jna.internal.LibC;
import dev.failover4j.jna.internal.MsgHdr;
import dev.failover4j.jna.internal.Sockaddrs;
import dev.failover4j.jna.internal.netlink.NetlinkMessages;
import dev.failover4j.spi.Transport;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VRRP on raw IP-protocol-112 sockets: one per interface and address family, shared by every group
 * on it and demultiplexed by VRID. IPv4 adverts carry a header built here (IP_HDRINCL): TOS 0xc0,
 * TTL 255, an id counting up from 1, like keepalived's. IPv6 adverts go from the interface's
 * link-local address with hop limit 255 and traffic class 0xc0; the hop limit and destination of
 * received ones come from recvmsg's ancillary data. Sockets are bound to the interface, join
 * 224.0.0.18 / ff02::12 there, and do not loop their own multicast back.
 */
final class RawVrrpTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(RawVrrpTransport.class);
    private static final InetAddress MCAST4 = address(new byte[] {(byte) 224, 0, 0, 18});
    private static final InetAddress MCAST6 = address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});
    private static final int RX_TIMEOUT_MS = 200;
    /** Dry runs of the advert's send path at open: enough for the JIT to compile it. */
    private static final int WARMUPS = 2000;

    private final NetlinkAddressManager netlink;
    private final Map<String, SharedSocket> sockets = new ConcurrentHashMap<>();
    /** Send paths already warmed, by version and family (compiled code serves every group). */
    private final java.util.Set<String> warmed = ConcurrentHashMap.newKeySet();

    RawVrrpTransport(NetlinkAddressManager netlink) {
        this.netlink = netlink;
    }

    @Override
    public synchronized Channel open(ChannelSpec spec, Receiver receiver) throws IOException {
        String missing = Capabilities.missingForThisProcess();
        if (missing != null) {
            throw new IOException(missing);
        }
        int ifindex = NetlinkAddressManager.ifindex(spec.interfaceName());
        boolean v6 = spec.ipv6();
        InetAddress src = spec.unicastSource() != null ? spec.unicastSource()
                : v6 ? linkLocalAddress(spec.interfaceName(), ifindex) : primaryAddress(spec.interfaceName(), ifindex);
        // IPv6 sockets are bound to their source (the kernel writes the header, our checksum uses it):
        // groups with different sources need different sockets. IPv4 headers are ours (IP_HDRINCL).
        String key = spec.interfaceName() + (v6 ? "/inet6/" + src.getHostAddress() : "/inet");
        SharedSocket s = sockets.get(key);
        if (s == null) {
            s = new SharedSocket(spec.interfaceName(), ifindex, v6, src);
            sockets.put(key, s);
        }
        s.raisePriority(spec.realtimePriority());
        if (s.receivers.putIfAbsent(spec.vrid(), receiver) != null) {
            throw new IOException("VRID " + spec.vrid() + " is already open on " + spec.interfaceName() + " in this JVM");
        }
        SharedSocket socket = s;
        List<InetAddress> destinations = spec.unicastPeers().isEmpty() ? List.of(v6 ? MCAST6 : MCAST4) : spec.unicastPeers();
        log.info("VRRP on {} (ifindex {}): VRID {} from {} to {}", spec.interfaceName(), ifindex, spec.vrid(),
                src.getHostAddress(), destinations.stream().map(InetAddress::getHostAddress).toList());
        if (warmed.add(spec.version() + (v6 ? "/6" : "/4"))) {
            for (int i = 0; i < WARMUPS; i++) {
                warmSendPath(spec, src, destinations.get(0));
            }
        }
        return new Channel() {
            @Override
            public InetAddress localAddress() {
                return src;
            }

            @Override
            public void send(VrrpPacket advert) throws IOException {
                for (InetAddress dst : destinations) {
                    byte[] msg = VrrpCodec.encode(advert, src, dst);
                    if (v6) {
                        socket.send(msg, dst); // the kernel adds the header: our source (bound), hop limit 255, TC 0xc0
                    } else {
                        socket.send(IpPackets.ipv4Packet(msg, (Inet4Address) src, (Inet4Address) dst, socket.nextId()), dst);
                    }
                }
            }

            @Override
            public void close() {
                synchronized (RawVrrpTransport.this) {
                    socket.receivers.remove(spec.vrid(), receiver);
                    if (socket.receivers.isEmpty()) {
                        sockets.remove(key, socket);
                        socket.close();
                    }
                }
            }
        };
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
        try {
            LibC.INSTANCE.sendto(-1, packet, packet.length, 0, sa, sa.length);
        } catch (LastErrorException expected) {
            // EBADF: nothing was sent
        }
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

    private static final int IFA_F_TENTATIVE = 0x40;

    /** One raw socket and its receive thread. */
    private static final class SharedSocket {
        final String ifName;
        final int ifindex;
        final boolean v6;
        final int fd;
        final Map<Integer, Receiver> receivers = new ConcurrentHashMap<>();
        final AtomicInteger ipId = new AtomicInteger();
        final Thread rx;
        volatile boolean closed;
        /** The SCHED_RR priority the receive thread should run at, and the one it does (its own). */
        volatile int wantedPriority;
        private int appliedPriority;

        SharedSocket(String ifName, int ifindex, boolean v6, InetAddress src) throws IOException {
            this.ifName = ifName;
            this.ifindex = ifindex;
            this.v6 = v6;
            String what = v6 ? "socket(AF_INET6, SOCK_RAW, 112)" : "socket(AF_INET, SOCK_RAW, 112)";
            try {
                fd = LibC.INSTANCE.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC,
                        VrrpCodec.IP_PROTOCOL);
            } catch (LastErrorException e) {
                throw Errno.exception(what + (e.getErrorCode() == Errno.EPERM
                        ? " (needs CAP_NET_RAW: run as root or with AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW)" : ""), e);
            }
            try {
                byte[] dev = (ifName + "\0").getBytes(StandardCharsets.US_ASCII);
                LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, dev, dev.length);
                if (v6) {
                    // The kernel writes the IPv6 header: source = the bound link-local address (the one our
                    // checksum uses), hop limit 255, traffic class 0xc0 as keepalived; hop limit and
                    // destination of received adverts come back as ancillary data.
                    byte[] sa = Sockaddrs.in6(src, ifindex);
                    LibC.INSTANCE.bind(fd, sa, sa.length);
                    opt(LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_IF, Sockaddrs.cInt(ifindex));
                    opt(LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_LOOP, Sockaddrs.cInt(0));
                    opt(LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_HOPS, Sockaddrs.cInt(255));
                    opt(LibC.IPPROTO_IPV6, LibC.IPV6_UNICAST_HOPS, Sockaddrs.cInt(255));
                    opt(LibC.IPPROTO_IPV6, LibC.IPV6_TCLASS, Sockaddrs.cInt(IpPackets.TOS_NETWORK_CONTROL));
                    opt(LibC.IPPROTO_IPV6, LibC.IPV6_RECVHOPLIMIT, Sockaddrs.cInt(1));
                    opt(LibC.IPPROTO_IPV6, LibC.IPV6_RECVPKTINFO, Sockaddrs.cInt(1));
                    opt(LibC.IPPROTO_IPV6, LibC.IPV6_JOIN_GROUP, Sockaddrs.ipv6Mreq(MCAST6, ifindex));
                } else {
                    opt(LibC.IPPROTO_IP, LibC.IP_HDRINCL, Sockaddrs.cInt(1));
                    opt(LibC.IPPROTO_IP, LibC.IP_MULTICAST_IF, Sockaddrs.ipMreqn(address(new byte[4]), ifindex));
                    opt(LibC.IPPROTO_IP, LibC.IP_MULTICAST_LOOP, Sockaddrs.cInt(0));
                    opt(LibC.IPPROTO_IP, LibC.IP_MULTICAST_TTL, Sockaddrs.cInt(255));
                    opt(LibC.IPPROTO_IP, LibC.IP_ADD_MEMBERSHIP, Sockaddrs.ipMreqn(MCAST4, ifindex));
                }
                opt(LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, Sockaddrs.timeval(RX_TIMEOUT_MS));
            } catch (LastErrorException e) {
                LibC.INSTANCE.close(fd);
                throw Errno.exception("setting up the VRRP socket on " + ifName, e);
            }
            rx = new Thread(v6 ? this::receiveLoop6 : this::receiveLoop, "failover4j-rx-" + ifName + (v6 ? "-v6" : ""));
            rx.setDaemon(true);
            rx.setPriority(Thread.MAX_PRIORITY);
            try {
                rx.start();
            } catch (RuntimeException | Error e) {
                closeFd();
                throw e;
            }
        }

        private void opt(int level, int name, byte[] value) {
            LibC.INSTANCE.setsockopt(fd, level, name, value, value.length);
        }

        /**
         * Makes the receive thread run at SCHED_RR {@code priority} if that is higher than it does: it
         * applies it to itself at its next wake-up (a packet, or the 200 ms receive timeout). The
         * capability was checked when the protocol thread got the same priority.
         */
        void raisePriority(int priority) {
            if (priority > wantedPriority) {
                wantedPriority = priority;
            }
        }

        /** On the receive thread. */
        private void applyPriority() {
            int wanted = wantedPriority;
            if (wanted > appliedPriority) {
                try {
                    LinuxScheduling.INSTANCE.realtime(wanted);
                    appliedPriority = wanted;
                } catch (IOException e) {
                    log.warn("VRRP receive on {}: {}", ifName, e.getMessage());
                    appliedPriority = wanted; // said once
                }
            }
        }

        int nextId() {
            return ipId.incrementAndGet() & 0xffff;
        }

        void send(byte[] packet, InetAddress dst) throws IOException {
            if (closed) {
                throw new IOException("VRRP socket on " + ifName + " is closed");
            }
            byte[] sa = v6 ? Sockaddrs.in6(dst, dst.isLinkLocalAddress() || dst.isMulticastAddress() ? ifindex : 0)
                    : Sockaddrs.in4(dst);
            try {
                LibC.INSTANCE.sendto(fd, packet, packet.length, 0, sa, sa.length);
            } catch (LastErrorException e) {
                throw Errno.exception("sending VRRP on " + ifName, e);
            }
        }

        private void receiveLoop() {
            byte[] buf = new byte[65536];
            while (!closed) {
                applyPriority();
                int n;
                try {
                    n = (int) LibC.INSTANCE.recv(fd, buf, buf.length, 0);
                } catch (LastErrorException e) {
                    receiveFailed(e);
                    continue;
                }
                if (n <= 0 || closed) {
                    continue;
                }
                byte[] copy = java.util.Arrays.copyOf(buf, n);
                try {
                    IpPackets.SplitResult r = IpPackets.split(ByteBuffer.wrap(copy), ifName);
                    if (r instanceof IpPackets.Ok ok) {
                        deliver(ok.split().vrrpMessage(), ok.split().meta());
                    }
                } catch (RuntimeException e) {
                    // One group's failure must not make every group on this interface deaf.
                    log.warn("VRRP receive on {}: {}", ifName, e.toString());
                }
            }
            closeFd();
        }

        /** IPv6: no header on a raw socket; source from msg_name, hop limit and destination from cmsgs. */
        private void receiveLoop6() {
            try (MsgHdr m = new MsgHdr(65536)) {
                while (!closed) {
                    applyPriority();
                    int n;
                    try {
                        n = m.receive(fd);
                    } catch (LastErrorException e) {
                        receiveFailed(e);
                        continue;
                    }
                    if (n <= 0 || closed) {
                        continue;
                    }
                    InetAddress source = m.source();
                    Ancillary.Info info = m.ancillary();
                    if (source == null || info.hopLimit() < 0 || info.destination() == null) {
                        continue; // without them the packet cannot be validated (RFC 5798 §7.1)
                    }
                    try {
                        deliver(ByteBuffer.wrap(m.payload(n)), new RxMeta(source, info.destination(), info.hopLimit(), ifName));
                    } catch (RuntimeException e) {
                        log.warn("VRRP receive on {}: {}", ifName, e.toString());
                    }
                }
            }
            closeFd();
        }

        /** A timeout (the loop checks {@code closed}) is normal; anything else is logged and slowed down. */
        private void receiveFailed(LastErrorException e) {
            if (e.getErrorCode() != Errno.EAGAIN && e.getErrorCode() != Errno.EINTR && !closed) {
                log.warn("VRRP receive on {}: {}", ifName, Errno.describe(e.getErrorCode()));
                sleepQuietly();
            }
        }

        private void deliver(ByteBuffer msg, RxMeta meta) {
            if (msg.remaining() < 2) {
                return;
            }
            Receiver target = receivers.get(msg.get(msg.position() + 1) & 0xff);
            if (target != null) {
                target.onPacket(msg, meta);
            } else {
                // A VRID nobody here serves: every group counts it (VRID_MISMATCH), as a misconfiguration hint.
                for (Receiver each : receivers.values()) {
                    each.onPacket(msg.duplicate(), meta);
                }
            }
        }

        private void closeFd() {
            try {
                LibC.INSTANCE.close(fd);
            } catch (LastErrorException ignored) {
                // already closed
            }
        }

        private static void sleepQuietly() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void close() {
            closed = true;
        }
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
