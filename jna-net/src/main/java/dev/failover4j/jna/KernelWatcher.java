package dev.failover4j.jna;

import dev.failover4j.jna.internal.Errno;
import dev.failover4j.jna.internal.netlink.NetlinkMessages;
import dev.failover4j.jna.internal.netlink.NetlinkSocket;
import dev.failover4j.jna.internal.netlink.Rtnl;
import dev.failover4j.spi.AddressManager;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the kernel for every watched interface of the process: one rtnetlink socket subscribed to
 * link and address notifications (RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR) and one
 * thread, however many groups and interfaces there are. Each notification goes to the listeners of
 * its interface as a link up/down change or an address removal. If the kernel drops notifications
 * (ENOBUFS), every watched link state is read again so no change is lost. The socket and thread start
 * with the first watch and end with the last.
 */
final class KernelWatcher {

    private static final Logger log = LoggerFactory.getLogger(KernelWatcher.class);

    /** The listeners of one interface, and the link state they last heard. */
    private static final class Watched {
        final String ifName;
        final List<AddressManager.NetworkListener> listeners = new CopyOnWriteArrayList<>();
        volatile Boolean lastUp;

        Watched(String ifName) {
            this.ifName = ifName;
        }
    }

    /** The socket and its thread; the thread closes its own socket once told to stop (never under a recv). */
    private final class Monitor {
        final NetlinkSocket socket;
        volatile boolean stop;

        Monitor() throws IOException {
            int groups = (1 << (Rtnl.RTNLGRP_LINK - 1)) | (1 << (Rtnl.RTNLGRP_IPV4_IFADDR - 1))
                    | (1 << (Rtnl.RTNLGRP_IPV6_IFADDR - 1));
            socket = new NetlinkSocket(groups, 250);
            Thread t = new Thread(this::run, "failover4j-netlink");
            t.setDaemon(true);
            try {
                t.start();
            } catch (RuntimeException | Error e) {
                socket.close();
                throw e;
            }
        }

        private void run() {
            try {
                loop(this);
            } finally {
                socket.close();
            }
        }
    }

    private final NetlinkAddressManager reader;
    private final Map<Integer, Watched> byIndex = new ConcurrentHashMap<>();
    private Monitor monitor;

    KernelWatcher(NetlinkAddressManager reader) {
        this.reader = reader;
    }

    /** Reports {@code ifName}'s link changes and address removals to {@code listener} until closed. */
    synchronized Closeable watch(String ifName, AddressManager.NetworkListener listener) throws IOException {
        int ifindex = NetlinkAddressManager.ifindex(ifName);
        boolean up = reader.link(ifName).up();
        if (monitor == null) {
            monitor = new Monitor();
        }
        Watched w = byIndex.computeIfAbsent(ifindex, i -> new Watched(ifName));
        if (w.lastUp == null) {
            w.lastUp = up;
        }
        w.listeners.add(listener);
        return () -> unwatch(ifindex, listener);
    }

    private synchronized void unwatch(int ifindex, AddressManager.NetworkListener listener) {
        Watched w = byIndex.get(ifindex);
        if (w != null && w.listeners.remove(listener) && w.listeners.isEmpty()) {
            byIndex.remove(ifindex);
        }
        if (byIndex.isEmpty() && monitor != null) {
            monitor.stop = true; // its thread ends within the receive timeout and closes the socket
            monitor = null;
        }
    }

    private void loop(Monitor m) {
        while (!m.stop) {
            List<NetlinkMessages.Message> batch;
            try {
                batch = m.socket.poll();
            } catch (Errno.NativeException e) {
                if (e.errno() == Errno.ENOBUFS) {
                    log.warn("kernel notifications were dropped; reading the link states again");
                    resync();
                } else if (!m.stop) {
                    log.warn("netlink notifications: {}", e.getMessage());
                    sleep();
                }
                continue;
            } catch (IOException e) {
                if (!m.stop) {
                    log.warn("netlink notifications: {}", e.getMessage());
                    sleep();
                }
                continue;
            }
            for (NetlinkMessages.Message msg : batch) {
                try {
                    handle(msg);
                } catch (RuntimeException e) {
                    log.warn("handling a kernel notification: {}", e.toString());
                }
            }
        }
    }

    /** One notification, to the listeners of its interface. */
    void handle(NetlinkMessages.Message m) {
        if (m.type() == Rtnl.RTM_NEWLINK || m.type() == Rtnl.RTM_DELLINK) {
            NetlinkMessages.LinkInfo l = NetlinkMessages.parseLink(m);
            Watched w = l == null ? null : byIndex.get(l.ifindex());
            if (w != null) {
                linkState(w, m.type() == Rtnl.RTM_NEWLINK && l.up());
            }
        } else if (m.type() == Rtnl.RTM_DELADDR) {
            NetlinkMessages.AddressInfo a = NetlinkMessages.parseAddress(m);
            Watched w = a == null || a.effective() == null ? null : byIndex.get(a.ifindex());
            if (w != null) {
                for (AddressManager.NetworkListener listener : w.listeners) {
                    listener.onAddressRemoved(a.effective());
                }
            }
        }
    }

    private void linkState(Watched w, boolean up) {
        if (w.lastUp == null || w.lastUp != up) {
            w.lastUp = up;
            log.info("{}: link {}", w.ifName, up ? "up" : "down");
            for (AddressManager.NetworkListener listener : w.listeners) {
                listener.onLinkChange(up);
            }
        }
    }

    private void resync() {
        for (Watched w : byIndex.values()) {
            try {
                linkState(w, reader.link(w.ifName).up());
            } catch (IOException e) {
                log.warn("{}: cannot read the link state: {}", w.ifName, e.getMessage());
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
