package dev.failover4j.spi;

import dev.failover4j.VirtualAddress;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Puts virtual addresses on an interface, takes them off, and announces them (gratuitous ARP /
 * unsolicited neighbour advertisement). Implementations: rtnetlink in {@code failover4j-jna-net},
 * and the testkit's simulated LAN.
 */
public interface AddressManager {

    /**
     * Adds the addresses, or replaces them if present (which renews a lease).
     *
     * @param lease lifetime after which the kernel removes them unless renewed, or null for permanent
     */
    void add(String interfaceName, List<VirtualAddress> vips, Duration lease) throws IOException;

    /** Removes the addresses; an absent address is not an error. */
    void remove(String interfaceName, List<VirtualAddress> vips) throws IOException;

    /** Sends {@code count} announcements per address. */
    void announce(String interfaceName, List<VirtualAddress> vips, int count) throws IOException;

    /** Whether the interface has its link now (true if unknown). */
    default boolean linkUp(String interfaceName) throws IOException {
        return true;
    }

    /**
     * Reports link changes and removals of addresses from the interface until the returned handle is
     * closed. The default reports nothing.
     */
    default Closeable watch(String interfaceName, NetworkListener listener) throws IOException {
        return () -> { };
    }

    /** Kernel events about one interface; called on any thread, must not block. */
    interface NetworkListener {
        /** The interface's link went down or came up (a deleted interface is down; re-created, up). */
        void onLinkChange(boolean up);

        /** An address was removed from the interface. */
        void onAddressRemoved(InetAddress address);

        /** An address was added to the interface. */
        default void onAddressAdded(InetAddress address) {
        }

        /**
         * Events may have been lost (the kernel dropped notifications, the interface was re-created):
         * read again what you rely on.
         */
        default void onResync() {
        }
    }
}
