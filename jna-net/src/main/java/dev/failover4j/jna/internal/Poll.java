package dev.failover4j.jna.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The calls of the poll loop and of the send and receive paths, bound with JNA's direct mapping: no
 * argument arrays or boxing per call. The send and receive calls return -1 with errno set
 * ({@link #errno()}) instead of throwing: a would-block receive at the end of every batch is not an
 * exception, and the path a send takes is the same whether it succeeds or not (so the warm-up's
 * dry sends compile the real path).
 */
public final class Poll {

    public static final short POLLIN = 0x1;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;
    /** sizeof(struct pollfd). */
    public static final int POLLFD_SIZE = 8;
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int PR_SET_TIMERSLACK = 29;

    static {
        Native.register("c");
    }

    private Poll() {
    }

    /** {@code ppoll(2)}; {@code timeout} a struct timespec, or null to wait without limit; no signal mask. */
    public static native int ppoll(Pointer fds, long nfds, Pointer timeout, Pointer sigmask) throws LastErrorException;

    public static native int eventfd(int initval, int flags) throws LastErrorException;

    public static native long read(int fd, Pointer buf, long count) throws LastErrorException;

    public static native long write(int fd, Pointer buf, long count) throws LastErrorException;

    /** {@code recv(2)} into a Java array (copied by JNA on return); -1 and {@link #errno()} on error. */
    public static native long recv(int fd, byte[] buf, long len, int flags);

    /** {@code recvmsg(2)}; -1 and {@link #errno()} on error. */
    public static native long recvmsg(int fd, Pointer msg, int flags);

    /** {@code sendto(2)}; -1 and {@link #errno()} on error. */
    public static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen);

    /** The errno of the last call on this thread that returned -1. */
    public static int errno() {
        return Native.getLastError();
    }

    public static native int close(int fd) throws LastErrorException;

    /** {@code prctl(2)} for the calling thread (e.g. PR_SET_TIMERSLACK). */
    public static native int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;
}
