package dev.failover4j.jna.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Parses the control messages of an IPv6 {@code recvmsg}: the hop limit (IPV6_HOPLIMIT) and the
 * destination and interface (IPV6_PKTINFO), which an IPv6 raw socket does not hand over in a
 * header. Pure Java over the bytes of {@code msg_control} (64-bit Linux layout).
 */
public final class Ancillary {

    /** What the control messages said; -1 / null where one was missing. */
    public record Info(int hopLimit, InetAddress destination, int ifindex) {
    }

    private static final int CMSG_HDR = 16; // size_t cmsg_len; int cmsg_level; int cmsg_type

    private Ancillary() {
    }

    public static Info parse(byte[] control, int length) {
        ByteBuffer b = ByteBuffer.wrap(control, 0, length).order(ByteOrder.nativeOrder());
        int hop = -1;
        InetAddress dst = null;
        int ifindex = -1;
        int pos = 0;
        while (pos + CMSG_HDR <= length) {
            long len = b.getLong(pos);
            int level = b.getInt(pos + 8);
            int type = b.getInt(pos + 12);
            if (len < CMSG_HDR || pos + len > length) {
                break;
            }
            int data = pos + CMSG_HDR;
            if (level == LibC.IPPROTO_IPV6 && type == LibC.IPV6_HOPLIMIT && len >= CMSG_HDR + 4) {
                hop = b.getInt(data);
            } else if (level == LibC.IPPROTO_IPV6 && type == LibC.IPV6_PKTINFO && len >= CMSG_HDR + 20) {
                byte[] a = new byte[16];
                b.get(data, a);
                try {
                    dst = Inet6Address.getByAddress(null, a, -1);
                } catch (UnknownHostException e) {
                    dst = null;
                }
                ifindex = b.getInt(data + 16);
            }
            pos += (int) ((len + 7) & ~7L);
        }
        return new Info(hop, dst, ifindex);
    }
}
