package dev.failover4j.jna.internal;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.util.Map;

/** The one place where errno values become exceptions that carry the errno's name. */
public final class Errno {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOBUFS = 105;
    public static final int ENOTCONN = 107;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETDOWN = 100;
    public static final int ENETUNREACH = 101;
    public static final int EOPNOTSUPP = 95;
    public static final int EPROTONOSUPPORT = 93;
    public static final int ESRCH = 3;
    public static final int EMSGSIZE = 90;

    private static final Map<Integer, String[]> NAMES = Map.ofEntries(
            Map.entry(EPERM, new String[] {"EPERM", "Operation not permitted"}),
            Map.entry(ENOENT, new String[] {"ENOENT", "No such file or directory"}),
            Map.entry(ESRCH, new String[] {"ESRCH", "No such process"}),
            Map.entry(EINTR, new String[] {"EINTR", "Interrupted system call"}),
            Map.entry(EAGAIN, new String[] {"EAGAIN", "Resource temporarily unavailable"}),
            Map.entry(EACCES, new String[] {"EACCES", "Permission denied"}),
            Map.entry(EBUSY, new String[] {"EBUSY", "Device or resource busy"}),
            Map.entry(EEXIST, new String[] {"EEXIST", "File exists"}),
            Map.entry(ENODEV, new String[] {"ENODEV", "No such device"}),
            Map.entry(EINVAL, new String[] {"EINVAL", "Invalid argument"}),
            Map.entry(EMSGSIZE, new String[] {"EMSGSIZE", "Message too long"}),
            Map.entry(EPROTONOSUPPORT, new String[] {"EPROTONOSUPPORT", "Protocol not supported"}),
            Map.entry(EOPNOTSUPP, new String[] {"EOPNOTSUPP", "Operation not supported"}),
            Map.entry(EADDRNOTAVAIL, new String[] {"EADDRNOTAVAIL", "Cannot assign requested address"}),
            Map.entry(ENETDOWN, new String[] {"ENETDOWN", "Network is down"}),
            Map.entry(ENETUNREACH, new String[] {"ENETUNREACH", "Network is unreachable"}),
            Map.entry(ENOBUFS, new String[] {"ENOBUFS", "No buffer space available"}),
            Map.entry(ENOTCONN, new String[] {"ENOTCONN", "Transport endpoint is not connected"}));

    private Errno() {
    }

    /** {@code "EPERM"}, or {@code "errno 123"} for values not in the table. */
    public static String name(int errno) {
        String[] n = NAMES.get(errno);
        return n != null ? n[0] : "errno " + errno;
    }

    /** {@code "EPERM (Operation not permitted)"}. */
    public static String describe(int errno) {
        String[] n = NAMES.get(errno);
        return n != null ? n[0] + " (" + n[1] + ")" : "errno " + errno;
    }

    /** An exception for {@code what} failing with {@code errno}. */
    public static NativeException exception(String what, int errno) {
        return new NativeException(what + ": " + describe(errno), errno);
    }

    public static NativeException exception(String what, LastErrorException e) {
        return exception(what, e.getErrorCode());
    }

    /** An I/O failure that carries its errno. */
    public static final class NativeException extends IOException {
        private final int errno;

        public NativeException(String message, int errno) {
            super(message);
            this.errno = errno;
        }

        public int errno() {
            return errno;
        }

        /** The errno's name, e.g. {@code EPERM}. */
        public String errnoName() {
            return name(errno);
        }
    }
}
