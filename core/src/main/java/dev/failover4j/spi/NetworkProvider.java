package dev.failover4j.spi;

/**
 * A platform's transport and address manager, found with {@link java.util.ServiceLoader} when no
 * explicit ones are given to the builder. {@code failover4j-jna-net} provides the Linux one.
 */
public interface NetworkProvider {

    /** {@return a short name for logs, e.g. {@code "linux-jna"}} */
    String name();

    /** {@return whether this provider can work here (OS, native library); checked before use} */
    boolean isAvailable();

    /** {@return why {@link #isAvailable()} is false, for the error message} */
    default String unavailableReason() {
        return "not available";
    }

    /** {@return the transport that sends and receives adverts} */
    Transport transport();

    /** {@return the address manager that binds and announces the addresses} */
    AddressManager addressManager();

    /**
     * {@return the platform's event loop for groups that name none, or null for failover4j's own (a
     * parked thread). A platform's loop waits on its sockets too, so that a packet is handled on
     * the thread that reads it. Each call returns a hold on the loop; its {@code shutdown()} lets
     * go of it}
     */
    default EventLoop eventLoop() {
        return null;
    }

    /** {@return real-time scheduling and memory locking, or null if this platform has none} */
    default Scheduling scheduling() {
        return null;
    }
}
