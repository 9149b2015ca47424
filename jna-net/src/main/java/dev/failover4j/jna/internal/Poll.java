package dev.failover4j.jna.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The calls of the poll loop and the receive path, bound with JNA's direct mapping: no argument
 * arrays or boxing per call, so a loop that polls and reads allocates nothing on the Java heap.
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

    /** {@code recv(2)} into a Java array (copied by JNA on return). */
    public static native long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    /** {@code prctl(2)} for the calling thread (e.g. PR_SET_TIMERSLACK). */
    public static native int prctl(int option, long arg2, long arg3, long arg4, long arg5) throws LastErrorException;
}
