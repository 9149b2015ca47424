package dev.failover4j.jna.internal;

import com.sun.jna.LastErrorException;
import java.io.Closeable;
import java.io.IOException;

/** A send-only AF_PACKET socket for whole Ethernet frames (protocol 0: it receives nothing). */
public final class PacketSocket implements Closeable {

    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    private final int fd;

    public PacketSocket() throws IOException {
        try {
            fd = LibC.INSTANCE.socket(LibC.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw Errno.exception("socket(AF_PACKET)", e);
        }
    }

    /** Sends {@code frame} (with its Ethernet header) out of {@code ifindex} to the broadcast address. */
    public void sendBroadcast(int ifindex, int ethertype, byte[] frame) throws IOException {
        send(ifindex, ethertype, BROADCAST, frame);
    }

    /** Sends {@code frame} (with its Ethernet header) out of {@code ifindex} to {@code dstMac}. */
    public void send(int ifindex, int ethertype, byte[] dstMac, byte[] frame) throws IOException {
        byte[] sa = Sockaddrs.ll(ethertype, ifindex, dstMac);
        // Direct-mapped: a takeover's announcement does not pay JNA's reflective call path.
        if (Poll.sendto(fd, frame, frame.length, 0, sa, sa.length) < 0) {
            throw Errno.exception("sendto(AF_PACKET, ifindex " + ifindex + ")", Poll.errno());
        }
    }

    @Override
    public void close() {
        try {
            LibC.INSTANCE.close(fd);
        } catch (LastErrorException ignored) {
            // already closed
        }
    }

    /**
     * Runs the announcement's Java path (frame, address, a send that fails with EBADF) until the JIT
     * has compiled it: a backup's first takeover announces from compiled code.
     */
    public static void warm(byte[] frame, int times) {
        for (int i = 0; i < times; i++) {
            byte[] sa = Sockaddrs.ll(0x0806, 1, BROADCAST);
            Poll.sendto(-1, frame, frame.length, 0, sa, sa.length);
        }
    }
}
