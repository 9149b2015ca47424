package dev.failover4j.jna;

import com.sun.jna.LastErrorException;
import dev.failover4j.codec.IpPackets;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import dev.failover4j.jna.internal.Capabilities;
import dev.failover4j.jna.internal.Errno;
import dev.failover4j.jna.internal.LibC;
import dev.failover4j.jna.internal.Sockaddrs;
import dev.failover4j.jna.netlink.NetlinkMessages;
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
 * VRRP over IPv4 on a raw IP-protocol-112 socket: one socket per interface, shared by every group
 * on it and demultiplexed by VRID. Adverts carry an IPv4 header built here (IP_HDRINCL): TOS 0xc0,
 * TTL 255, an id counting up from 1, like keepalived's. The socket is bound to the interface,
 * joins 224.0.0.18 there, and does not loop its own multicast back.
 */
public final class RawVrrpTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(RawVrrpTransport.class);
    private static final InetAddress MCAST4 = address(new byte[] {(byte) 224, 0, 0, 18});
    private static final int RX_TIMEOUT_MS = 200;

    private final NetlinkAddressManager netlink;
    private final Map<String, SharedSocket> sockets = new ConcurrentHashMap<>();

    public RawVrrpTransport(NetlinkAddressManager netlink) {
        this.netlink = netlink;
    }

    @Override
    public synchronized Channel open(ChannelSpec spec, Receiver receiver) throws IOException {
        if (spec.ipv6()) {
            throw new IOException("VRRPv3 over IPv6 is not implemented yet in failover4j-jna-net");
        }
        String missing = Capabilities.missingForThisProcess();
        if (missing != null) {
            throw new IOException(missing);
        }
        int ifindex = NetlinkAddressManager.ifindex(spec.interfaceName());
        InetAddress src = spec.unicastSource() != null ? spec.unicastSource() : primaryAddress(spec.interfaceName(), ifindex);
        SharedSocket s = sockets.get(spec.interfaceName());
        if (s == null) {
            s = new SharedSocket(spec.interfaceName(), ifindex);
            sockets.put(spec.interfaceName(), s);
        }
        if (s.receivers.putIfAbsent(spec.vrid(), receiver) != null) {
            throw new IOException("VRID " + spec.vrid() + " is already open on " + spec.interfaceName() + " in this JVM");
        }
        SharedSocket socket = s;
        List<InetAddress> destinations = spec.unicastPeers().isEmpty() ? List.of(MCAST4) : spec.unicastPeers();
        log.info("VRRP on {} (ifindex {}): VRID {} from {} to {}", spec.interfaceName(), ifindex, spec.vrid(),
                src.getHostAddress(), destinations.stream().map(InetAddress::getHostAddress).toList());
        return new Channel() {
            @Override
            public InetAddress localAddress() {
                return src;
            }

            @Override
            public void send(VrrpPacket advert) throws IOException {
                for (InetAddress dst : destinations) {
                    byte[] msg = VrrpCodec.encode(advert, src, dst);
                    socket.send(IpPackets.ipv4Packet(msg, (Inet4Address) src, (Inet4Address) dst, socket.nextId()), dst);
                }
            }

            @Override
            public void close() {
                synchronized (RawVrrpTransport.this) {
                    socket.receivers.remove(spec.vrid(), receiver);
                    if (socket.receivers.isEmpty()) {
                        sockets.remove(spec.interfaceName(), socket);
                        socket.close();
                    }
                }
            }
        };
    }

    private InetAddress primaryAddress(String ifName, int ifindex) throws IOException {
        for (NetlinkMessages.AddressInfo a : netlink.addresses(ifindex, false)) {
            if (!a.secondary() && a.effective() != null && a.scope() == 0 && a.proto() != dev.failover4j.jna.netlink.Rtnl.IFAPROT_FAILOVER4J) {
                return a.effective();
            }
        }
        throw new IOException(ifName + " has no IPv4 address of its own to send VRRP adverts from;"
                + " give it one, or set unicastSource");
    }

    /** One raw socket and its receive thread. */
    private static final class SharedSocket {
        final String ifName;
        final int ifindex;
        final int fd;
        final Map<Integer, Receiver> receivers = new ConcurrentHashMap<>();
        final AtomicInteger ipId = new AtomicInteger();
        final Thread rx;
        volatile boolean closed;

        SharedSocket(String ifName, int ifindex) throws IOException {
            this.ifName = ifName;
            this.ifindex = ifindex;
            try {
                fd = LibC.INSTANCE.socket(LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, VrrpCodec.IP_PROTOCOL);
            } catch (LastErrorException e) {
                throw Errno.exception("socket(AF_INET, SOCK_RAW, 112)" + (e.getErrorCode() == Errno.EPERM
                        ? " (needs CAP_NET_RAW: run as root or with AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW)" : ""), e);
            }
            try {
                byte[] dev = (ifName + "\0").getBytes(StandardCharsets.US_ASCII);
                LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, dev, dev.length);
                opt(LibC.IPPROTO_IP, LibC.IP_HDRINCL, Sockaddrs.cInt(1));
                opt(LibC.IPPROTO_IP, LibC.IP_MULTICAST_IF, Sockaddrs.ipMreqn(address(new byte[4]), ifindex));
                opt(LibC.IPPROTO_IP, LibC.IP_MULTICAST_LOOP, Sockaddrs.cInt(0));
                opt(LibC.IPPROTO_IP, LibC.IP_MULTICAST_TTL, Sockaddrs.cInt(255));
                opt(LibC.IPPROTO_IP, LibC.IP_ADD_MEMBERSHIP, Sockaddrs.ipMreqn(MCAST4, ifindex));
                opt(LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, Sockaddrs.timeval(RX_TIMEOUT_MS));
            } catch (LastErrorException e) {
                LibC.INSTANCE.close(fd);
                throw Errno.exception("setting up the VRRP socket on " + ifName, e);
            }
            rx = new Thread(this::receiveLoop, "failover4j-rx-" + ifName);
            rx.setDaemon(true);
            rx.setPriority(Thread.MAX_PRIORITY);
            rx.start();
        }

        private void opt(int level, int name, byte[] value) {
            LibC.INSTANCE.setsockopt(fd, level, name, value, value.length);
        }

        int nextId() {
            return ipId.incrementAndGet() & 0xffff;
        }

        void send(byte[] packet, InetAddress dst) throws IOException {
            if (closed) {
                throw new IOException("VRRP socket on " + ifName + " is closed");
            }
            byte[] sa = Sockaddrs.in4(dst);
            try {
                LibC.INSTANCE.sendto(fd, packet, packet.length, 0, sa, sa.length);
            } catch (LastErrorException e) {
                throw Errno.exception("sending VRRP on " + ifName, e);
            }
        }

        private void receiveLoop() {
            byte[] buf = new byte[65536];
            while (!closed) {
                int n;
                try {
                    n = (int) LibC.INSTANCE.recv(fd, buf, buf.length, 0);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Errno.EAGAIN && e.getErrorCode() != Errno.EINTR && !closed) {
                        log.warn("VRRP receive on {}: {}", ifName, Errno.describe(e.getErrorCode()));
                        sleepQuietly();
                    }
                    continue;
                }
                if (n <= 0 || closed) {
                    continue;
                }
                byte[] copy = java.util.Arrays.copyOf(buf, n);
                IpPackets.SplitResult r = IpPackets.split(ByteBuffer.wrap(copy), ifName);
                if (!(r instanceof IpPackets.Ok ok)) {
                    continue;
                }
                ByteBuffer msg = ok.split().vrrpMessage();
                if (msg.remaining() < 2) {
                    continue;
                }
                Receiver target = receivers.get(msg.get(msg.position() + 1) & 0xff);
                if (target != null) {
                    target.onPacket(msg, ok.split().meta());
                } else {
                    // A VRID nobody here serves: every group counts it (VRID_MISMATCH), as a misconfiguration hint.
                    for (Receiver each : receivers.values()) {
                        each.onPacket(msg.duplicate(), ok.split().meta());
                    }
                }
            }
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
