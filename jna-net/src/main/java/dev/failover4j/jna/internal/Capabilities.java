package dev.failover4j.jna.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the effective capability set of this process from {@code /proc/self/status}. */
public final class Capabilities {

    public static final int CAP_NET_ADMIN = 12;
    public static final int CAP_NET_RAW = 13;
    public static final int CAP_IPC_LOCK = 14;
    public static final int CAP_SYS_NICE = 23;

    private Capabilities() {
    }

    /** The {@code CapEff} mask in {@code statusText}, or -1 if absent. */
    public static long effective(String statusText) {
        for (String line : statusText.split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /**
     * An error message naming the capabilities missing from {@code mask}, or null if both are there
     * (or the mask is unknown).
     */
    public static String missing(long mask) {
        if (mask < 0) {
            return null;
        }
        boolean admin = (mask & (1L << CAP_NET_ADMIN)) != 0;
        boolean raw = (mask & (1L << CAP_NET_RAW)) != 0;
        if (admin && raw) {
            return null;
        }
        String caps = !admin && !raw ? "CAP_NET_ADMIN and CAP_NET_RAW" : !admin ? "CAP_NET_ADMIN" : "CAP_NET_RAW";
        return "this process lacks " + caps + " (CAP_NET_RAW for the raw VRRP and ARP sockets, CAP_NET_ADMIN to add"
                + " the virtual address). Run as root, or grant them to the service with systemd:"
                + " AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW (and CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW)."
                + " Do not use setcap on the java binary: it grants them to every Java program on the host.";
    }

    /** Whether this process's effective set holds {@code capability} (true if it cannot be read). */
    public static boolean has(int capability) {
        try {
            long mask = effective(Files.readString(Path.of("/proc/self/status")));
            return mask < 0 || (mask & (1L << capability)) != 0;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The message for this process, or null if it has what it needs. */
    public static String missingForThisProcess() {
        try {
            return missing(effective(Files.readString(Path.of("/proc/self/status"))));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
