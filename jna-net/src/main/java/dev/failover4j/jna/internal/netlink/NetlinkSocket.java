package dev.failover4j.jna.internal.netlink;

import com.sun.jna.LastErrorException;
import dev.failover4j.jna.internal.Errno;
import dev.failover4j.jna.internal.LibC;
import dev.failover4j.jna.internal.Poll;
import dev.failover4j.jna.internal.Sockaddrs;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A NETLINK_ROUTE socket for requests (with ACKs) and dumps, or, with groups, for notifications.
 * Requests are serialised; each waits at most a few seconds for its answer.
 */
public final class NetlinkSocket implements Closeable {

    private static final int BUFFER = 64 * 1024;
    private static final AtomicInteger SEQ = new AtomicInteger((int) (System.nanoTime() & 0xffff));

    private final int fd;
    private static final byte[] KERNEL = Sockaddrs.nl(0, 0);
    private final byte[] buf = new byte[BUFFER];
    /** {@link #buf} in host byte order, for reading answers in place. */
    private final java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(buf).order(java.nio.ByteOrder.nativeOrder());
    private volatile boolean closed;

    /**
     * @param groups   bit mask of RTNLGRP_* groups to receive notifications from, 0 for none
     * @param timeoutMs receive timeout in milliseconds
     */
    public NetlinkSocket(int groups, long timeoutMs) throws IOException {
        int s;
        try {
            s = LibC.INSTANCE.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw Errno.exception("socket(AF_NETLINK, NETLINK_ROUTE)", e);
        }
        fd = s;
        try {
            byte[] sa = Sockaddrs.nl(0, groups);
            LibC.INSTANCE.bind(fd, sa, sa.length);
            byte[] tv = Sockaddrs.timeval(timeoutMs);
            LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tv, tv.length);
        } catch (LastErrorException e) {
            LibC.INSTANCE.close(fd);
            throw Errno.exception("bind(netlink)", e);
        }
    }

    public static int nextSeq() {
        return SEQ.incrementAndGet();
    }

    /**
     * Sends a request with NLM_F_ACK and returns the errno of its answer (0 = success).
     */
    public synchronized int request(byte[] message, int seq) throws IOException {
        send(message);
        while (true) {
            int n = receive();
            // Read in place (a VIP's lease refresh is a request: steady state allocates nothing).
            int pos = 0;
            while (pos + Rtnl.NLMSG_HDRLEN <= n) {
                int len = view.getInt(pos);
                if (len < Rtnl.NLMSG_HDRLEN || pos + len > n) {
                    break;
                }
                if (view.getInt(pos + 8) == seq && (view.getShort(pos + 4) & 0xffff) == Rtnl.NLMSG_ERROR
                        && len >= Rtnl.NLMSG_HDRLEN + 4) {
                    return -view.getInt(pos + Rtnl.NLMSG_HDRLEN);
                }
                pos += (len + 3) & ~3;
            }
        }
    }

    /** Sends a dump request and collects every answer until NLMSG_DONE. */
    public synchronized List<NetlinkMessages.Message> dump(byte[] message, int seq) throws IOException {
        send(message);
        List<NetlinkMessages.Message> out = new ArrayList<>();
        while (true) {
            int n = receive();
            for (NetlinkMessages.Message m : NetlinkMessages.split(buf, n)) {
                if (m.seq() != seq) {
                    continue;
                }
                if (m.type() == Rtnl.NLMSG_DONE) {
                    return out;
                }
                if (m.type() == Rtnl.NLMSG_ERROR) {
                    int err = NetlinkMessages.errorCode(m);
                    if (err == 0) {
                        return out; // an ACK ends a non-dump request
                    }
                    throw Errno.exception("netlink request", err);
                }
                out.add(copy(m));
            }
        }
    }

    /** The file descriptor, for a poll loop to wait on. */
    public int fd() {
        return fd;
    }

    /**
     * The next datagram of notifications if one is waiting (never blocks); null if none is.
     *
     * @throws IOException with errno ENOBUFS if the kernel dropped notifications: the state must be read again
     */
    public List<NetlinkMessages.Message> receiveNow() throws IOException {
        return receiveNow(null);
    }

    /** Tells, in place, which notifications need no parsing: {@code (type, buffer, offset, length)}. */
    @FunctionalInterface
    public interface Skip {
        boolean test(int type, java.nio.ByteBuffer buffer, int offset, int length);
    }

    /**
     * As {@link #receiveNow()}, leaving out the messages {@code skip} recognises in the buffer (checked
     * before anything is copied: the echo of a master's own lease refresh allocates nothing).
     */
    public List<NetlinkMessages.Message> receiveNow(Skip skip) throws IOException {
        int n = (int) dev.failover4j.jna.internal.Poll.recv(fd, buf, buf.length, dev.failover4j.jna.internal.Poll.MSG_DONTWAIT);
        if (n < 0) {
            int errno = dev.failover4j.jna.internal.Poll.errno();
            if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                return null;
            }
            // ENOBUFS: the kernel dropped notifications, the caller must read the state again.
            throw Errno.exception(errno == Errno.ENOBUFS ? "netlink notifications overflowed" : "recv(netlink)", errno);
        }
        if (skip != null && allSkipped(skip, n)) {
            return List.of();
        }
        List<NetlinkMessages.Message> out = new ArrayList<>();
        for (NetlinkMessages.Message m : NetlinkMessages.split(buf, n)) {
            out.add(copy(m));
        }
        return out;
    }

    private boolean allSkipped(Skip skip, int n) {
        int pos = 0;
        while (pos + Rtnl.NLMSG_HDRLEN <= n) {
            int len = view.getInt(pos);
            if (len < Rtnl.NLMSG_HDRLEN || pos + len > n) {
                return false;
            }
            if (!skip.test(view.getShort(pos + 4) & 0xffff, view, pos, len)) {
                return false;
            }
            pos += (len + 3) & ~3;
        }
        return true;
    }

    private void send(byte[] message) throws IOException {
        if (closed) {
            throw new IOException("netlink socket is closed");
        }
        if (Poll.sendto(fd, message, message.length, 0, KERNEL, KERNEL.length) < 0) {
            throw Errno.exception("sendto(netlink)", Poll.errno());
        }
    }

    private int receive() throws IOException {
        while (true) {
            long n = Poll.recv(fd, buf, buf.length, 0);
            if (n >= 0) {
                return (int) n;
            }
            int errno = Poll.errno();
            if (errno == Errno.EINTR) {
                continue;
            }
            if (errno == Errno.EAGAIN) {
                throw new IOException("no answer from the kernel (netlink) within the timeout");
            }
            throw Errno.exception("recv(netlink)", errno);
        }
    }

    private static NetlinkMessages.Message copy(NetlinkMessages.Message m) {
        byte[] p = new byte[m.payload().remaining()];
        m.payload().duplicate().get(p);
        return new NetlinkMessages.Message(m.type(), m.flags(), m.seq(), m.pid(),
                java.nio.ByteBuffer.wrap(p).order(java.nio.ByteOrder.nativeOrder()));
    }

    /** Waits for a request in flight (its fd must not be reused under it); the notification loop closes its own. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                LibC.INSTANCE.close(fd);
            } catch (LastErrorException ignored) {
                // closing twice or a bad fd: nothing to do
            }
        }
    }
}
