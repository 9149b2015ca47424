package dev.failover4j.jna;

import com.sun.jna.LastErrorException;
import dev.failover4j.codec.IpPackets;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.jna.internal.Ancillary;
import dev.failover4j.jna.internal.Errno;
import dev.failover4j.jna.internal.LibC;
import dev.failover4j.jna.internal.MsgHdr;
import dev.failover4j.jna.internal.Sockaddrs;
import dev.failover4j.spi.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One raw IP-protocol-112 socket on an interface and its receive thread, shared by every group there
 * and demultiplexed by VRID. IPv4: IP_HDRINCL (our headers), joined to 224.0.0.18. IPv6: bound to
 * its link-local source, joined to ff02::12, hop limit and destination of received adverts from
 * ancillary data. If the interface is deleted and created again (a new ifindex), the socket is
 * opened again on it: each open is a generation with its own fd and thread, and a thread only ever
 * closes its own fd, never one a receive is blocked on.
 */
final class VrrpSocket {

    private static final Logger log = LoggerFactory.getLogger(VrrpSocket.class);
    private static final int RX_TIMEOUT_MS = 200;
    private static final InetAddress MCAST4 = address(new byte[] {(byte) 224, 0, 0, 18});
    private static final InetAddress MCAST6 = address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});

    final String ifName;
    final boolean v6;
    private final InetAddress boundSource;
    final Map<Integer, Transport.Receiver> receivers = new ConcurrentHashMap<>();
    private final AtomicInteger ipId = new AtomicInteger();
    private volatile Generation current;
    private volatile boolean closed;
    /** The SCHED_RR priority the receive threads should run at. */
    private volatile int wantedPriority;

    VrrpSocket(String ifName, int ifindex, boolean v6, InetAddress source) throws IOException {
        this.ifName = ifName;
        this.v6 = v6;
        this.boundSource = source;
        this.current = new Generation(ifindex);
    }

    int ifindex() {
        return current.ifindex;
    }

    /** The interface was created again with {@code ifindex}: a new socket on it, the old one ends. */
    synchronized void reopen(int ifindex) throws IOException {
        if (closed || ifindex == current.ifindex) {
            return;
        }
        Generation old = current;
        current = new Generation(ifindex);
        old.stop();
        log.info("VRRP on {}: the interface was created again (ifindex {}); socket opened on it", ifName, ifindex);
    }

    /** Makes the receive thread run at SCHED_RR {@code priority} if that is higher (at its next wake-up). */
    void raisePriority(int priority) {
        if (priority > wantedPriority) {
            wantedPriority = priority;
        }
    }

    int nextId() {
        return ipId.incrementAndGet() & 0xffff;
    }

    void send(byte[] packet, InetAddress dst) throws IOException {
        Generation g = current;
        if (closed) {
            throw new IOException("VRRP socket on " + ifName + " is closed");
        }
        byte[] sa = v6 ? Sockaddrs.in6(dst, dst.isLinkLocalAddress() || dst.isMulticastAddress() ? g.ifindex : 0)
                : Sockaddrs.in4(dst);
        try {
            LibC.INSTANCE.sendto(g.fd, packet, packet.length, 0, sa, sa.length);
        } catch (LastErrorException e) {
            throw Errno.exception("sending VRRP on " + ifName, e);
        }
    }

    void close() {
        closed = true;
        current.stop();
    }

    private void deliver(ByteBuffer msg, RxMeta meta, long arrival) {
        if (msg.remaining() < 2) {
            return;
        }
        Transport.Receiver target = receivers.get(msg.get(msg.position() + 1) & 0xff);
        if (target != null) {
            target.onPacket(msg, meta, arrival);
        } else {
            // A VRID nobody here serves: every group counts it (VRID_MISMATCH), as a misconfiguration hint.
            for (Transport.Receiver each : receivers.values()) {
                each.onPacket(msg.duplicate(), meta, arrival);
            }
        }
    }

    /** One open of the socket: its fd, bound to one ifindex, and the thread that receives on it. */
    private final class Generation {
        final int ifindex;
        final int fd;
        private volatile boolean stopped;
        private int appliedPriority;

        Generation(int ifindex) throws IOException {
            this.ifindex = ifindex;
            String what = v6 ? "socket(AF_INET6, SOCK_RAW, 112)" : "socket(AF_INET, SOCK_RAW, 112)";
            try {
                fd = LibC.INSTANCE.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC,
                        VrrpCodec.IP_PROTOCOL);
            } catch (LastErrorException e) {
                throw Errno.exception(what + (e.getErrorCode() == Errno.EPERM
                        ? " (needs CAP_NET_RAW: run as root or with AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW)" : ""), e);
            }
            try {
                configure();
            } catch (LastErrorException e) {
                closeFd();
                throw Errno.exception("setting up the VRRP socket on " + ifName, e);
            }
            Thread rx = new Thread(v6 ? this::receive6 : this::receive4, "failover4j-rx-" + ifName + (v6 ? "-v6" : ""));
            rx.setDaemon(true);
            rx.setPriority(Thread.MAX_PRIORITY);
            try {
                rx.start();
            } catch (RuntimeException | Error e) {
                closeFd();
                throw e;
            }
        }

        private void configure() {
            byte[] dev = (ifName + "\0").getBytes(StandardCharsets.US_ASCII);
            LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, dev, dev.length);
            if (v6) {
                // The kernel writes the IPv6 header: source = the bound link-local address (the one our
                // checksum uses), hop limit 255, traffic class 0xc0 as keepalived; hop limit and
                // destination of received adverts come back as ancillary data.
                byte[] sa = Sockaddrs.in6(boundSource, ifindex);
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
        }

        private void opt(int level, int name, byte[] value) {
            LibC.INSTANCE.setsockopt(fd, level, name, value, value.length);
        }

        void stop() {
            stopped = true; // the thread sees it within the receive timeout and closes the fd itself
        }

        private boolean running() {
            return !stopped && !closed;
        }

        private void receive4() {
            byte[] buf = new byte[65536];
            while (running()) {
                applyPriority();
                int n;
                try {
                    n = (int) LibC.INSTANCE.recv(fd, buf, buf.length, 0);
                } catch (LastErrorException e) {
                    receiveFailed(e);
                    continue;
                }
                long arrival = System.nanoTime();
                if (n <= 0 || !running()) {
                    continue;
                }
                try {
                    IpPackets.SplitResult r = IpPackets.split(ByteBuffer.wrap(Arrays.copyOf(buf, n)), ifName);
                    if (r instanceof IpPackets.Ok ok) {
                        deliver(ok.split().vrrpMessage(), ok.split().meta(), arrival);
                    }
                } catch (RuntimeException e) {
                    // One group's failure must not make every group on this interface deaf.
                    log.warn("VRRP receive on {}: {}", ifName, e.toString());
                }
            }
            closeFd();
        }

        /** IPv6: no header on a raw socket; source from msg_name, hop limit and destination from cmsgs. */
        private void receive6() {
            try (MsgHdr m = new MsgHdr(65536)) {
                while (running()) {
                    applyPriority();
                    int n;
                    try {
                        n = m.receive(fd);
                    } catch (LastErrorException e) {
                        receiveFailed(e);
                        continue;
                    }
                    long arrival = System.nanoTime();
                    if (n <= 0 || !running()) {
                        continue;
                    }
                    InetAddress source = m.source();
                    Ancillary.Info info = m.ancillary();
                    if (source == null || info.hopLimit() < 0 || info.destination() == null) {
                        continue; // without them the packet cannot be validated (RFC 5798 §7.1)
                    }
                    try {
                        deliver(ByteBuffer.wrap(m.payload(n)), new RxMeta(source, info.destination(), info.hopLimit(), ifName), arrival);
                    } catch (RuntimeException e) {
                        log.warn("VRRP receive on {}: {}", ifName, e.toString());
                    }
                }
            }
            closeFd();
        }

        /** On the receive thread: the priority asked for, if higher than the one it runs at. */
        private void applyPriority() {
            int wanted = wantedPriority;
            if (wanted > appliedPriority) {
                try {
                    LinuxScheduling.INSTANCE.realtime(wanted);
                } catch (IOException e) {
                    log.warn("VRRP receive on {}: {}", ifName, e.getMessage());
                }
                appliedPriority = wanted; // said once
            }
        }

        /** A timeout (the loop checks whether to stop) is normal; anything else is logged and slowed down. */
        private void receiveFailed(LastErrorException e) {
            if (e.getErrorCode() != Errno.EAGAIN && e.getErrorCode() != Errno.EINTR && running()) {
                log.warn("VRRP receive on {}: {}", ifName, Errno.describe(e.getErrorCode()));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
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
    }

    static InetAddress mcast(boolean v6) {
        return v6 ? MCAST6 : MCAST4;
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
