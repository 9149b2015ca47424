package dev.failover4j.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.failover4j.codec.IpPackets;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.jna.internal.Ancillary;
import dev.failover4j.jna.internal.Errno;
import dev.failover4j.jna.internal.LibC;
import dev.failover4j.jna.internal.MsgHdr;
import dev.failover4j.jna.internal.Poll;
import dev.failover4j.jna.internal.Sockaddrs;
import dev.failover4j.spi.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One raw IP-protocol-112 socket on an interface, read on the poll loop's thread, shared by every group
 * there and demultiplexed by VRID. IPv4: IP_HDRINCL (our headers), joined to 224.0.0.18. IPv6: bound to
 * its link-local source, joined to ff02::12, hop limit and destination of received adverts from
 * ancillary data. If the interface is deleted and created again (a new ifindex), the socket is
 * opened again on it: each open is a generation with its own fd, closed on the loop once it is no
 * longer polled.
 *
 * <p>A virtual MAC interface ({@code vrrp.<VRID>}) joins no group: a join makes the kernel send
 * IGMP/MLD reports from the virtual MAC on a backup too, and the switch would then learn the master's
 * MAC on the backup's port (keepalived moves those reports to the base interface with nftables rules).
 * So it has two sockets of its own beside the base interface's shared one:
 * <ul>
 *   <li>{@link Kind#SEND_ONLY}: a raw socket adverts leave by, with the virtual MAC; never read. An IPv6
 *       one is bound with IPV6_FREEBIND to the base interface's link-local address, which the virtual
 *       MAC interface does not have: with no address it sends nothing of its own (no MLD, no DAD).</li>
 *   <li>{@link Kind#STEERED}: a packet socket for the adverts of a peer whose virtual MAC is ours (the
 *       same VRID): macvlan hands a multicast frame whose source MAC is one of its own interfaces' to
 *       that interface alone, so the base interface's socket never sees it. A classic BPF filter keeps
 *       only protocol 112 from that MAC; the master's client traffic on the interface is not copied.</li>
 * </ul>
 * Adverts from peers without the virtual MAC arrive on the base interface's socket.
 */
final class VrrpSocket {

    private static final Logger log = LoggerFactory.getLogger(VrrpSocket.class);
    /** Datagrams read per readiness before the loop's timers and tasks get their turn. */
    private static final int BATCH = 64;
    private static final InetAddress MCAST4 = address(new byte[] {(byte) 224, 0, 0, 18});
    private static final InetAddress MCAST6 = address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});

    final String ifName;
    final boolean v6;
    private final Kind kind;
    private final InetAddress boundSource;
    /** STEERED: the virtual MAC whose frames it reads. */
    private final byte[] mac;

    /** What the socket is for (see the class comment). */
    enum Kind {
        /** Sends and receives; joined to 224.0.0.18 / ff02::12; shared by the groups on an interface. */
        SHARED,
        /** Sends through a virtual MAC interface; joins nothing, never read. */
        SEND_ONLY,
        /** Reads the adverts macvlan steers to a virtual MAC interface; sends nothing. */
        STEERED
    }
    /** The receivers by VRID (index 0 unused): looked up per packet without boxing. */
    private final AtomicReferenceArray<Transport.Receiver> receivers = new AtomicReferenceArray<>(256);
    private final AtomicInteger receiverCount = new AtomicInteger();
    private final AtomicInteger ipId = new AtomicInteger();
    private volatile Generation current;
    private volatile boolean closed;

    VrrpSocket(String ifName, int ifindex, boolean v6, InetAddress source) throws IOException {
        this(ifName, ifindex, v6, source, Kind.SHARED, null);
    }

    VrrpSocket(String ifName, int ifindex, boolean v6, InetAddress source, Kind kind, byte[] mac) throws IOException {
        this.ifName = ifName;
        this.v6 = v6;
        this.kind = kind;
        this.mac = mac;
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

    /** Runs the thread that reads this socket (the poll loop) at SCHED_RR {@code priority} unless it runs higher. */
    void raisePriority(int priority) throws IOException {
        if (priority > 0 && current.poll != null) {
            ((dev.failover4j.internal.RealtimeLoop) current.poll.loop()).raisePriority(priority, LinuxScheduling.INSTANCE);
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
        if (Poll.sendto(g.fd, packet, packet.length, 0, sa, sa.length) < 0) {
            throw Errno.exception("sending VRRP on " + ifName, Poll.errno());
        }
    }

    /** An IPv4 packet (our header) to a sockaddr_in made once by the channel. */
    void send4(byte[] packet, byte[] sockaddr) throws IOException {
        Generation g = current;
        if (closed) {
            throw new IOException("VRRP socket on " + ifName + " is closed");
        }
        if (Poll.sendto(g.fd, packet, packet.length, 0, sockaddr, sockaddr.length) < 0) {
            throw Errno.exception("sending VRRP on " + ifName, Poll.errno());
        }
    }

    void close() {
        closed = true;
        current.stop();
    }

    /** Registers {@code receiver} for {@code vrid}; false if the VRID already has one. */
    boolean addReceiver(int vrid, Transport.Receiver receiver) {
        if (receivers.compareAndSet(vrid, null, receiver)) {
            receiverCount.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Removes {@code receiver}; true if none is left. */
    boolean removeReceiver(int vrid, Transport.Receiver receiver) {
        if (receivers.compareAndSet(vrid, receiver, null)) {
            return receiverCount.decrementAndGet() == 0;
        }
        return receiverCount.get() == 0;
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
            for (int vrid = 1; vrid < 256; vrid++) {
                Transport.Receiver each = receivers.get(vrid);
                if (each != null) {
                    each.onPacket(msg.duplicate(), meta, arrival);
                }
            }
        }
    }

    /**
     * One open of the socket: its fd, bound to one ifindex, registered with the poll loop, which reads
     * it when it is readable (every datagram waiting, at most {@value #BATCH} a time) on the loop's
     * own thread. Stopping it unregisters the fd; the loop closes it once it no longer polls it.
     */
    private final class Generation {
        final int ifindex;
        final int fd;
        private final PollLoop poll;
        private final byte[] buf;
        /** The IPv4 buffer as what receivers get (valid until the next read), and the last metadata. */
        private final ByteBuffer view;
        private RxMeta lastMeta;
        private int lastSrc;
        private int lastDst;
        private int lastTtl;
        private final MsgHdr msg;
        private volatile boolean stopped;

        Generation(int ifindex) throws IOException {
            this.ifindex = ifindex;
            boolean steered = kind == Kind.STEERED;
            String what = steered ? "socket(AF_PACKET, SOCK_DGRAM, " + (v6 ? "ETH_P_IPV6)" : "ETH_P_IP)")
                    : v6 ? "socket(AF_INET6, SOCK_RAW, 112)" : "socket(AF_INET, SOCK_RAW, 112)";
            try {
                fd = steered
                        ? LibC.INSTANCE.socket(LibC.AF_PACKET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, htons(v6 ? ETH_P_IPV6 : ETH_P_IP))
                        : LibC.INSTANCE.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC,
                                VrrpCodec.IP_PROTOCOL);
            } catch (LastErrorException e) {
                throw Errno.exception(what + (e.getErrorCode() == Errno.EPERM
                        ? " (needs CAP_NET_RAW: run as root or with AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW)" : ""), e);
            }
            try {
                if (steered) {
                    configureSteered();
                } else {
                    configure();
                }
            } catch (LastErrorException e) {
                closeFd();
                throw Errno.exception("setting up the VRRP socket on " + ifName, e);
            }
            if (kind == Kind.SEND_ONLY) {
                poll = null;
                buf = null;
                view = null;
                msg = null;
                return;
            }
            try {
                poll = PollLoop.acquire();
            } catch (IOException | RuntimeException e) {
                closeFd();
                throw e;
            }
            buf = v6 && !steered ? null : new byte[65536];
            view = v6 ? null : ByteBuffer.wrap(buf);
            msg = v6 && !steered ? new MsgHdr(65536) : null;
            poll.register(fd, this::readable);
        }

        /**
         * Bound to the interface and the family's ethertype; outgoing frames ignored; a classic BPF
         * program passes IP protocol 112 from the virtual MAC only (the offsets are the IP header's, the
         * MAC header's through SKF_LL_OFF).
         */
        private void configureSteered() {
            byte[] sa = Sockaddrs.ll(v6 ? ETH_P_IPV6 : ETH_P_IP, ifindex, new byte[8]);
            LibC.INSTANCE.bind(fd, sa, sa.length);
            opt(SOL_PACKET, PACKET_IGNORE_OUTGOING, Sockaddrs.cInt(1));
            int macHead = (mac[0] & 0xff) << 24 | (mac[1] & 0xff) << 16 | (mac[2] & 0xff) << 8 | (mac[3] & 0xff);
            int macTail = (mac[4] & 0xff) << 8 | (mac[5] & 0xff);
            long[][] program = {
                {0x30, 0, 0, v6 ? 6 : 9},          // ldb [protocol / next header]
                {0x15, 0, 5, VrrpCodec.IP_PROTOCOL}, // jeq #112, else drop
                {0x20, 0, 0, SKF_LL_OFF + 6},       // ld [source MAC 0..3]
                {0x15, 0, 3, macHead & 0xffffffffL},
                {0x28, 0, 0, SKF_LL_OFF + 10},      // ldh [source MAC 4..5]
                {0x15, 0, 1, macTail},
                {0x06, 0, 0, 0xffff},               // accept
                {0x06, 0, 0, 0},                    // drop
            };
            try (Memory filter = new Memory(program.length * 8L)) {
                for (int i = 0; i < program.length; i++) {
                    filter.setShort(i * 8L, (short) program[i][0]);
                    filter.setByte(i * 8L + 2, (byte) program[i][1]);
                    filter.setByte(i * 8L + 3, (byte) program[i][2]);
                    filter.setInt(i * 8L + 4, (int) program[i][3]);
                }
                // struct sock_fprog: unsigned short len, then (aligned) the pointer
                ByteBuffer fprog = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
                fprog.putShort((short) program.length).putShort((short) 0).putInt(0).putLong(Pointer.nativeValue(filter));
                opt(LibC.SOL_SOCKET, SO_ATTACH_FILTER, fprog.array());
            }
        }

        private void configure() {
            byte[] dev = (ifName + "\0").getBytes(StandardCharsets.US_ASCII);
            LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, dev, dev.length);
            if (kind == Kind.SEND_ONLY) {
                // never read: the smallest receive buffer the kernel allows holds what strays in
                opt(LibC.SOL_SOCKET, LibC.SO_RCVBUF, Sockaddrs.cInt(1));
            }
            if (v6) {
                // The kernel writes the IPv6 header: source = the bound link-local address (the one our
                // checksum uses), hop limit 255, traffic class 0xc0 as keepalived; hop limit and
                // destination of received adverts come back as ancillary data.
                if (kind == Kind.SEND_ONLY) {
                    opt(LibC.IPPROTO_IPV6, LibC.IPV6_FREEBIND, Sockaddrs.cInt(1)); // the address is the base's
                }
                byte[] sa = Sockaddrs.in6(boundSource, ifindex);
                LibC.INSTANCE.bind(fd, sa, sa.length);
                opt(LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_IF, Sockaddrs.cInt(ifindex));
                opt(LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_LOOP, Sockaddrs.cInt(0));
                opt(LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_HOPS, Sockaddrs.cInt(255));
                opt(LibC.IPPROTO_IPV6, LibC.IPV6_UNICAST_HOPS, Sockaddrs.cInt(255));
                opt(LibC.IPPROTO_IPV6, LibC.IPV6_TCLASS, Sockaddrs.cInt(IpPackets.TOS_NETWORK_CONTROL));
                if (kind == Kind.SEND_ONLY) {
                    return;
                }
                opt(LibC.IPPROTO_IPV6, LibC.IPV6_RECVHOPLIMIT, Sockaddrs.cInt(1));
                opt(LibC.IPPROTO_IPV6, LibC.IPV6_RECVPKTINFO, Sockaddrs.cInt(1));
                opt(LibC.IPPROTO_IPV6, LibC.IPV6_JOIN_GROUP, Sockaddrs.ipv6Mreq(MCAST6, ifindex));
            } else {
                opt(LibC.IPPROTO_IP, LibC.IP_HDRINCL, Sockaddrs.cInt(1));
                opt(LibC.IPPROTO_IP, LibC.IP_MULTICAST_IF, Sockaddrs.ipMreqn(address(new byte[4]), ifindex));
                opt(LibC.IPPROTO_IP, LibC.IP_MULTICAST_LOOP, Sockaddrs.cInt(0));
                opt(LibC.IPPROTO_IP, LibC.IP_MULTICAST_TTL, Sockaddrs.cInt(255));
                if (kind == Kind.SEND_ONLY) {
                    return;
                }
                opt(LibC.IPPROTO_IP, LibC.IP_ADD_MEMBERSHIP, Sockaddrs.ipMreqn(MCAST4, ifindex));
            }
        }

        private void opt(int level, int name, byte[] value) {
            LibC.INSTANCE.setsockopt(fd, level, name, value, value.length);
        }

        /** Unregisters the fd; the loop closes it (and lets go of the loop) once it no longer polls it. */
        void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            if (poll == null) { // send-only: closed by the channel's owner, which is also the only sender
                closeFd();
                return;
            }
            poll.unregister(fd, () -> {
                closeFd();
                if (msg != null) {
                    msg.close();
                }
                poll.release();
            });
        }

        /** On the loop: every datagram waiting, up to a batch (the loop's timers and tasks come between batches). */
        private void readable() {
            for (int i = 0; i < BATCH && !stopped; i++) {
                try {
                    if (!(!v6 ? readOne4() : kind == Kind.STEERED ? readOneSteered6() : readOne6())) {
                        return;
                    }
                } catch (RuntimeException e) {
                    // One group's failure must not make every group on this interface deaf.
                    log.warn("VRRP receive on {}: {}", ifName, e.toString());
                }
            }
        }

        private boolean readOne4() {
            int n = (int) Poll.recv(fd, buf, buf.length, Poll.MSG_DONTWAIT);
            long arrival = System.nanoTime();
            if (n <= 0) {
                return n == 0 || received(n);
            }
            // IpPackets.split's checks, on the reused buffer: a steady advert allocates nothing here.
            int ihl = (buf[0] & 0x0f) * 4;
            int total = (buf[2] & 0xff) << 8 | (buf[3] & 0xff);
            if (n < 20 || (buf[0] & 0xf0) != 0x40 || ihl < 20 || total < ihl || total > n
                    || (buf[9] & 0xff) != VrrpCodec.IP_PROTOCOL) {
                return true;
            }
            int src = int32(buf, 12);
            int dst = int32(buf, 16);
            int ttl = buf[8] & 0xff;
            RxMeta meta = lastMeta;
            if (meta == null || src != lastSrc || dst != lastDst || ttl != lastTtl) {
                meta = new RxMeta(address(Arrays.copyOfRange(buf, 12, 16)), address(Arrays.copyOfRange(buf, 16, 20)), ttl, ifName);
                lastMeta = meta;
                lastSrc = src;
                lastDst = dst;
                lastTtl = ttl;
            }
            view.clear();
            view.position(ihl).limit(total);
            deliver(view, meta, arrival);
            return true;
        }

        /** IPv6: no header on a raw socket; source from msg_name, hop limit and destination from cmsgs. */
        private boolean readOne6() {
            int n = msg.receive(fd, Poll.MSG_DONTWAIT);
            long arrival = System.nanoTime();
            if (n <= 0) {
                return n == 0 || received(n);
            }
            InetAddress source = msg.source();
            Ancillary.Info info = msg.ancillary();
            if (source == null || info.hopLimit() < 0 || info.destination() == null) {
                return true; // without them the packet cannot be validated (RFC 5798 §7.1)
            }
            deliver(ByteBuffer.wrap(msg.payload(n)), new RxMeta(source, info.destination(), info.hopLimit(), ifName), arrival);
            return true;
        }

        /** IPv6 from the packet socket: the header is there (the filter let through next header 112 only). */
        private boolean readOneSteered6() {
            int n = (int) Poll.recv(fd, buf, buf.length, Poll.MSG_DONTWAIT);
            long arrival = System.nanoTime();
            if (n <= 0) {
                return n == 0 || received(n);
            }
            int payload = (buf[4] & 0xff) << 8 | (buf[5] & 0xff);
            if (n < 40 || (buf[0] & 0xf0) != 0x60 || 40 + payload > n) {
                return true;
            }
            RxMeta meta = new RxMeta(address(Arrays.copyOfRange(buf, 8, 24)), address(Arrays.copyOfRange(buf, 24, 40)),
                    buf[7] & 0xff, ifName);
            deliver(ByteBuffer.wrap(buf, 40, payload), meta, arrival);
            return true;
        }

        /** A receive returned -1: false (stop reading); anything but "nothing waiting" is logged. */
        private boolean received(int n) {
            int errno = Poll.errno();
            if (errno != Errno.EAGAIN && errno != Errno.EINTR) {
                log.warn("VRRP receive on {}: {}", ifName, Errno.describe(errno));
            }
            return false;
        }

        private void closeFd() {
            try {
                LibC.INSTANCE.close(fd);
            } catch (LastErrorException ignored) {
                // already closed
            }
        }
    }

    private static final int ETH_P_IP = 0x0800;
    private static final int ETH_P_IPV6 = 0x86dd;
    private static final int SOL_PACKET = 263;
    private static final int PACKET_IGNORE_OUTGOING = 23;
    private static final int SO_ATTACH_FILTER = 26;
    /** Classic BPF: offsets from the MAC header (linux/filter.h). */
    private static final long SKF_LL_OFF = -0x200000;

    private static int htons(int v) {
        return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
    }

    private static int int32(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
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
