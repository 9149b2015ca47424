package dev.failover4j.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
     * @param interfaceName the interface's name
     * @param vips the addresses
     * @throws IOException when the kernel refuses (the message says why: a capability, the interface)
     */
    void add(String interfaceName, List<VirtualAddress> vips, Duration lease) throws IOException;

    /**
     * Adds the addresses on becoming MASTER, without holding the protocol thread: for binders that
     * call out (a cloud provider's API that moves a secondary IP to this machine, where gratuitous
     * ARP moves nothing) and may take seconds. The group keeps advertising meanwhile; listeners hear
     * of MASTER only when the stage completes normally. Completing exceptionally is a bind failure:
     * FAULT (a priority-0 advert, so a peer takes over), retried after Master_Down_Interval × 2^n.
     * A stage that completes after the group has left MASTER is undone with {@link #remove}. The
     * default calls {@link #add} on the protocol thread and completes at once.
     *
     * @param interfaceName the interface's name
     * @param vips the addresses
     * @param lease as in {@link #add}
     * @return a stage that completes when the addresses are bound (exceptionally if they could not be)
     */
    default CompletionStage<Void> addAsync(String interfaceName, List<VirtualAddress> vips, Duration lease) {
        try {
            add(interfaceName, vips, lease);
            return CompletableFuture.completedFuture(null);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Removes the addresses; an absent address is not an error.
     *
     * @param interfaceName the interface's name
     * @param vips the addresses
     * @throws IOException when the kernel refuses (the message says why: a capability, the interface)
     */
    void remove(String interfaceName, List<VirtualAddress> vips) throws IOException;

    /**
     * Sends {@code count} announcements per address.
     *
     * @param interfaceName the interface's name
     * @param vips the addresses
     * @param count announcements per address (gratuitous ARP; IPv6: unsolicited neighbour advertisement)
     * @throws IOException if they could not be sent
     */
    void announce(String interfaceName, List<VirtualAddress> vips, int count) throws IOException;

    /**
     * keepalived's {@code use_vmac}: creates the interface {@code name} on {@code baseInterface} with
     * the virtual MAC {@code mac} (a stale one of that name is replaced), ready for the group's
     * addresses and announcements; a backup's must send nothing. {@code mac} says the family:
     * 00:00:5e:00:01:xx an IPv4 group's, 00:00:5e:00:02:xx an IPv6 group's. The default cannot.
     *
     * @param baseInterface the interface it is made on
     * @param name its name, e.g. {@code vrrp.51}
     * @param mac the six bytes of the virtual MAC
     * @throws IOException when the kernel refuses (the message says why: a capability, the interface)
     */
    default void createVirtualMac(String baseInterface, String name, byte[] mac) throws IOException {
        throw new IOException(getClass().getSimpleName() + " cannot create a virtual MAC interface");
    }

    /**
     * Deletes what {@link #createVirtualMac} made; an absent one is not an error.
     *
     * @param name the interface's name
     * @throws IOException when the kernel refuses (the message says why: a capability, the interface)
     */
    default void deleteVirtualMac(String name) throws IOException {
    }

    /**
     * {@return whether the interface has its link now (true if unknown)}
     *
     * @param interfaceName the interface's name
     * @throws IOException if the kernel could not be asked
     */
    default boolean linkUp(String interfaceName) throws IOException {
        return true;
    }

    /**
     * Reports link changes and removals of addresses from the interface until the returned handle is
     * closed. The default reports nothing.
     *
     * @param interfaceName the interface's name
     * @param listener told about the events, on any thread
     * @return the handle that stops the reports
     * @throws IOException if the kernel's events cannot be followed
     */
    default Closeable watch(String interfaceName, NetworkListener listener) throws IOException {
        return () -> { };
    }

    /** Kernel events about one interface; called on any thread, must not block. */
    interface NetworkListener {
        /**
         * The interface's link went down or came up (a deleted interface is down; re-created, up).
         *
         * @param up whether the link is up now
         */
        void onLinkChange(boolean up);

        /**
         * An address was removed from the interface.
         *
         * @param address the address removed
         */
        void onAddressRemoved(InetAddress address);

        /**
         * An address was added to the interface.
         *
         * @param address the address added
         */
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
