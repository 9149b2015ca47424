package dev.failover4j.jna;

import dev.failover4j.spi.AddressManager;
import dev.failover4j.spi.NetworkProvider;
import dev.failover4j.spi.Scheduling;
import dev.failover4j.spi.Transport;

/**
 * The Linux network provider, found by {@link java.util.ServiceLoader} when failover4j-jna-net is on
 * the class path: raw VRRP sockets, rtnetlink VIPs and gratuitous ARP through JNA.
 */
public final class LinuxNetworkProvider implements NetworkProvider {

    private static final Object LOCK = new Object();
    private static NetlinkAddressManager addresses;
    private static RawVrrpTransport transport;

    @Override
    public String name() {
        return "linux-jna";
    }

    @Override
    public boolean isAvailable() {
        return unavailable() == null;
    }

    @Override
    public String unavailableReason() {
        String r = unavailable();
        return r == null ? "available" : r;
    }

    private static String unavailable() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return "failover4j-jna-net works on Linux only (this is " + os + ")";
        }
        try {
            Class.forName("dev.failover4j.jna.internal.LibC", true, LinuxNetworkProvider.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "JNA cannot load libc: " + e;
        }
    }

    @Override
    public Transport transport() {
        synchronized (LOCK) {
            if (transport == null) {
                transport = new RawVrrpTransport((NetlinkAddressManager) addressManager());
            }
            return transport;
        }
    }

    /** The poll loop: groups run on the thread that reads their sockets. */
    @Override
    public dev.failover4j.spi.EventLoop eventLoop() {
        try {
            return PollLoop.groupLoop();
        } catch (java.io.IOException e) {
            return null; // no eventfd here: failover4j's own loop, with a hand-off from the reading thread
        }
    }

    @Override
    public Scheduling scheduling() {
        return LinuxScheduling.INSTANCE;
    }

    @Override
    public AddressManager addressManager() {
        synchronized (LOCK) {
            if (addresses == null) {
                addresses = new NetlinkAddressManager();
            }
            return addresses;
        }
    }
}
