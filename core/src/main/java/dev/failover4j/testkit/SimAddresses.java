package dev.failover4j.testkit;

import dev.failover4j.VirtualAddress;
import dev.failover4j.spi.AddressManager;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A simulated node's interface addresses: leases expire on the virtual clock, announcements move the
 * LAN's ARP owner, binds can be made to fail, kernel events go to the watchers.
 */
final class SimAddresses implements AddressManager {

    private final SimulatedLan lan;
    private final SimulatedLan.Node node;

    SimAddresses(SimulatedLan lan, SimulatedLan.Node node) {
        this.lan = lan;
        this.node = node;
    }

    @Override
    public void add(String interfaceName, List<VirtualAddress> list, Duration lease) throws IOException {
        if (node.failBinds) {
            throw new IOException("EPERM: Operation not permitted (simulated: no CAP_NET_ADMIN)");
        }
        // A permanent address "expires" half the nanoTime range away: holds() compares overflow-safely.
        long expiry = lan.clock().nanoTime() + (lease == null ? Long.MAX_VALUE / 2 : lease.toNanos());
        for (VirtualAddress v : list) {
            boolean had = node.holds(v.address());
            node.vips.put(v.address(), expiry);
            if (!had && !node.dead) {
                lan.event(node.name(), "VIP " + v + " bound");
            }
            if (lease != null) {
                lan.clock().schedule(() -> expire(v, expiry), expiry);
            }
        }
    }

    /** As the kernel: a leased address not renewed in time is removed, and watchers hear of it. */
    private void expire(VirtualAddress v, long expiry) {
        Long now = node.vips.get(v.address());
        if (now != null && now == expiry && !node.dead) {
            node.vips.remove(v.address());
            lan.event(node.name(), "VIP " + v + " lease expired: removed by the kernel");
            for (NetworkListener w : List.copyOf(node.watchers)) {
                w.onAddressRemoved(v.address());
            }
        }
    }

    @Override
    public void remove(String interfaceName, List<VirtualAddress> list) {
        for (VirtualAddress v : list) {
            boolean had = node.holds(v.address());
            node.vips.remove(v.address());
            if (had) {
                lan.event(node.name(), "VIP " + v + " released");
            }
        }
    }

    @Override
    public void announce(String interfaceName, List<VirtualAddress> list, int count) throws IOException {
        if (!node.linkUp) {
            throw new IOException("ENETDOWN: link of " + SimulatedLan.INTERFACE + " is down");
        }
        for (VirtualAddress v : list) {
            if (node.holds(v.address())) {
                lan.arpOwner.put(v.address(), node.name());
                lan.event(node.name(), count + " gratuitous ARP(s) for " + v.address().getHostAddress());
            } else if (!node.dead) {
                node.strayAnnouncements++;
                lan.event(node.name(), "announced " + v.address().getHostAddress() + " without holding it");
            }
        }
    }

    /** The simulated LAN has one interface per node: a virtual MAC changes nothing there. */
    @Override
    public void createVirtualMac(String baseInterface, String name, byte[] mac) {
    }

    @Override
    public boolean linkUp(String interfaceName) {
        return interfaceName.equals(SimulatedLan.INTERFACE) ? node.linkUp : node.otherLinks.getOrDefault(interfaceName, true);
    }

    @Override
    public Closeable watch(String interfaceName, NetworkListener listener) {
        if (!interfaceName.equals(SimulatedLan.INTERFACE)) {
            List<NetworkListener> list = node.otherWatchers.computeIfAbsent(interfaceName, k -> new java.util.ArrayList<>());
            list.add(listener);
            return () -> list.remove(listener);
        }
        node.watchers.add(listener);
        return () -> node.watchers.remove(listener);
    }
}
