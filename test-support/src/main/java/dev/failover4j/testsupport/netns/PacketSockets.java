package dev.failover4j.testsupport.netns;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** AF_PACKET sockets for the lab's tools (the impairer, the sniffer), through JNA. */
final class PacketSockets {

    static final int ETH_P_ALL = 0x0003;
    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final int SOL_PACKET = 263;
    private static final int PACKET_IGNORE_OUTGOING = 23;
    /** sizeof(struct sockaddr_ll). */
    static final int SLL_LEN = 20;

    interface C extends Library {
        C I = Native.load("c", C.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] addr, int len) throws LastErrorException;

        int setsockopt(int fd, int level, int name, int[] value, int len) throws LastErrorException;

        long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

        long recvfrom(int fd, byte[] buf, long len, int flags, byte[] addr, int[] addrLen) throws LastErrorException;

        long send(int fd, byte[] buf, long len, int flags) throws LastErrorException;

        /** SIOCGSTAMPNS: the kernel's receive time (CLOCK_REALTIME) of the last frame read. */
        int ioctl(int fd, long request, long[] timespec) throws LastErrorException;

        int clock_gettime(int clock, long[] timespec) throws LastErrorException;
    }

    static final long SIOCGSTAMPNS = 0x8907;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVBUFFORCE = 33;

    /** A receive buffer that holds a burst of a few thousand frames (root only; ignored otherwise). */
    static void bigReceiveBuffer(int fd) {
        try {
            C.I.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, new int[] {16 << 20}, 4);
        } catch (LastErrorException e) {
            // not root: the default buffer
        }
    }

    /** CLOCK_REALTIME minus CLOCK_MONOTONIC (System.nanoTime), in nanoseconds, read now. */
    static long realtimeOffset() {
        long[] m1 = new long[2];
        long[] r = new long[2];
        long[] m2 = new long[2];
        long best = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < 5; i++) {
            C.I.clock_gettime(1, m1);
            C.I.clock_gettime(0, r);
            C.I.clock_gettime(1, m2);
            long span = (m2[0] - m1[0]) * 1_000_000_000L + m2[1] - m1[1];
            if (span < best) {
                best = span;
                long mono = (m1[0] * 1_000_000_000L + m1[1] + m2[0] * 1_000_000_000L + m2[1]) / 2;
                offset = r[0] * 1_000_000_000L + r[1] - mono;
            }
        }
        return offset;
    }

    private PacketSockets() {
    }

    /**
     * A raw packet socket for every protocol, not seeing its own (or its host's) outgoing frames,
     * bound to {@code ifName}, or to every interface of the namespace when null.
     */
    static int open(String ifName) throws Exception {
        int ifindex = 0;
        if (ifName != null) {
            NetworkInterface nif = NetworkInterface.getByName(ifName);
            if (nif == null) {
                throw new IllegalArgumentException("no interface " + ifName + " in this namespace");
            }
            ifindex = nif.getIndex();
        }
        int fd = C.I.socket(AF_PACKET, SOCK_RAW, Short.toUnsignedInt(Short.reverseBytes((short) ETH_P_ALL)));
        C.I.setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, new int[] {1}, 4);
        ByteBuffer sll = ByteBuffer.allocate(SLL_LEN).order(ByteOrder.nativeOrder());
        sll.putShort((short) AF_PACKET);
        sll.order(ByteOrder.BIG_ENDIAN).putShort((short) ETH_P_ALL);
        sll.order(ByteOrder.nativeOrder()).putInt(ifindex);
        C.I.bind(fd, sll.array(), SLL_LEN);
        return fd;
    }

    /** The ifindex in a sockaddr_ll filled by recvfrom. */
    static int ifindex(byte[] sll) {
        return ByteBuffer.wrap(sll).order(ByteOrder.nativeOrder()).getInt(4);
    }
}
