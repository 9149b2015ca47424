package dev.failover4j.jna.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.Closeable;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One {@code recvmsg(2)} call's buffers for an IPv6 raw socket on 64-bit Linux: a {@code struct
 * msghdr} pointing at a {@code sockaddr_in6} for the source, one {@code iovec} for the payload and a
 * control buffer for the ancillary data. Made once per socket and reused; freed on close.
 */
public final class MsgHdr implements Closeable {

    // struct msghdr (x86_64 / aarch64): msg_name 0, msg_namelen 8, msg_iov 16, msg_iovlen 24,
    // msg_control 32, msg_controllen 40, msg_flags 48; 56 bytes.
    private static final int MSGHDR_SIZE = 56;
    private static final int MSG_NAME = 0;
    private static final int MSG_NAMELEN = 8;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_CONTROL = 32;
    private static final int MSG_CONTROLLEN = 40;
    // struct iovec: iov_base 0, iov_len 8.
    private static final int IOVEC_SIZE = 16;
    private static final int SOCKADDR_IN6_SIZE = 28;
    private static final int SIN6_ADDR = 8;
    private static final int CONTROL_SIZE = 256;

    private final int payloadCapacity;
    private final Memory msg = new Memory(MSGHDR_SIZE);
    private final Memory name = new Memory(SOCKADDR_IN6_SIZE);
    private final Memory iov = new Memory(IOVEC_SIZE);
    private final Memory payload;
    private final Memory control = new Memory(CONTROL_SIZE);

    public MsgHdr(int payloadCapacity) {
        this.payloadCapacity = payloadCapacity;
        this.payload = new Memory(payloadCapacity);
        iov.setPointer(0, payload);
        iov.setLong(8, payloadCapacity);
    }

    /**
     * Receives one datagram into the buffers.
     *
     * @return its length (0 or less: nothing)
     */
    public int receive(int fd) throws LastErrorException {
        int n = receive(fd, 0);
        if (n < 0) {
            throw new LastErrorException(Poll.errno());
        }
        return n;
    }

    /** As {@link #receive(int)}, with recvmsg flags (e.g. MSG_DONTWAIT); -1 and {@link Poll#errno()} on error. */
    public int receive(int fd, int flags) {
        msg.clear();
        msg.setPointer(MSG_NAME, name);
        msg.setInt(MSG_NAMELEN, SOCKADDR_IN6_SIZE);
        msg.setPointer(MSG_IOV, iov);
        msg.setLong(MSG_IOVLEN, 1);
        msg.setPointer(MSG_CONTROL, control);
        msg.setLong(MSG_CONTROLLEN, CONTROL_SIZE);
        return (int) Poll.recvmsg(fd, msg, flags);
    }

    /** The first {@code length} bytes of the payload. */
    public byte[] payload(int length) {
        return payload.getByteArray(0, Math.min(length, payloadCapacity));
    }

    /** The sender's IPv6 address, or null if it cannot be read. */
    public Inet6Address source() {
        byte[] sa = name.getByteArray(0, SOCKADDR_IN6_SIZE);
        try {
            return Inet6Address.getByAddress(null, Arrays.copyOfRange(sa, SIN6_ADDR, SIN6_ADDR + 16), -1);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Hop limit and destination from the control messages (IPV6_HOPLIMIT, IPV6_PKTINFO). */
    public Ancillary.Info ancillary() {
        int len = (int) Math.min(CONTROL_SIZE, msg.getLong(MSG_CONTROLLEN));
        return Ancillary.parse(control.getByteArray(0, len), len);
    }

    @Override
    public void close() {
        msg.close();
        name.close();
        iov.close();
        payload.close();
        control.close();
    }
}
