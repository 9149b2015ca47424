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
 * its interface: link up/down, an address removed or added. Interfaces are followed by name: one
 * deleted and created again (a new ifindex) is down, then up again, its sockets reopened first, and
 * its listeners are told to read again what they rely on. If the kernel drops notifications
 * (ENOBUFS), every watched interface is read again and its listeners are told the same. The socket
 * and thread start with the first watch and end with the last.
 */
final class KernelWatcher {

    private static final Logger log = LoggerFactory.getLogger(KernelWatcher.class);

    /** The listeners of one interface (by name), its ifindex now, and the link state they last heard. */
    private static final class Watched {
        final String ifName;
        final List<AddressManager.NetworkListener> listeners = new CopyOnWriteArrayList<>();
        volatile int ifindex;
        volatile Boolean lastUp;

        Watched(String ifName, int ifindex) {
            this.ifName = ifName;
            this.ifindex = ifindex;
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
    private final Map<String, Watched> byName = new ConcurrentHashMap<>();
    private final List<java.util.function.ObjIntConsumer<String>> recreationHooks = new CopyOnWriteArrayList<>();
    private Monitor monitor;

    KernelWatcher(NetlinkAddressManager reader) {
        this.reader = reader;
    }

    /** Called with an interface's name and new ifindex when it was deleted and created again, before its listeners. */
    void onRecreated(java.util.function.ObjIntConsumer<String> hook) {
        recreationHooks.add(hook);
    }

    /** Reports {@code ifName}'s link changes and address changes to {@code listener} until closed. */
    synchronized Closeable watch(String ifName, AddressManager.NetworkListener listener) throws IOException {
        int ifindex = NetlinkAddressManager.ifindex(ifName);
        NetlinkMessages.LinkInfo link = reader.link(ifName);
        reader.linkSeen(ifName, link);
        boolean up = link.up();
        if (monitor == null) {
            monitor = new Monitor();
        }
        Watched w = byName.computeIfAbsent(ifName, n -> new Watched(n, ifindex));
        if (w.lastUp == null) {
            w.lastUp = up;
        }
        w.listeners.add(listener);
        return () -> unwatch(ifName, listener);
    }

    private synchronized void unwatch(String ifName, AddressManager.NetworkListener listener) {
        Watched w = byName.get(ifName);
        if (w != null && w.listeners.remove(listener) && w.listeners.isEmpty()) {
            byName.remove(ifName);
            reader.linkForgotten(ifName);
        }
        if (byName.isEmpty() && monitor != null) {
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
                    log.warn("kernel notifications were dropped; reading the watched interfaces again");
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
            if (l == null) {
                return;
            }
            Watched w = l.name() != null ? byName.get(l.name()) : byIndex(l.ifindex());
            if (w == null) {
                return;
            }
            if (m.type() == Rtnl.RTM_DELLINK) {
                if (l.ifindex() == w.ifindex) {
                    reader.linkForgotten(w.ifName);
                    linkState(w, false); // deleted: down until it comes back
                }
                return;
            }
            if (l.mac() != null) {
                reader.linkSeen(w.ifName, l);
            }
            if (l.ifindex() != w.ifindex) {
                recreated(w, l.ifindex(), l.up());
            } else {
                linkState(w, l.up());
            }
        } else if (m.type() == Rtnl.RTM_DELADDR || m.type() == Rtnl.RTM_NEWADDR) {
            NetlinkMessages.AddressInfo a = NetlinkMessages.parseAddress(m);
            Watched w = a == null || a.effective() == null ? null : byIndex(a.ifindex());
            if (w != null) {
                for (AddressManager.NetworkListener listener : w.listeners) {
                    if (m.type() == Rtnl.RTM_DELADDR) {
                        listener.onAddressRemoved(a.effective());
                    } else {
                        listener.onAddressAdded(a.effective());
                    }
                }
            }
        }
    }

    private Watched byIndex(int ifindex) {
        for (Watched w : byName.values()) {
            if (w.ifindex == ifindex) {
                return w;
            }
        }
        return null;
    }

    /** {@code w} was deleted and created again as {@code ifindex}: sockets first, then its listeners. */
    private void recreated(Watched w, int ifindex, boolean up) {
        log.info("{}: created again (ifindex {}, was {})", w.ifName, ifindex, w.ifindex);
        w.ifindex = ifindex;
        for (java.util.function.ObjIntConsumer<String> hook : recreationHooks) {
            hook.accept(w.ifName, ifindex);
        }
        linkState(w, up);
        for (AddressManager.NetworkListener listener : w.listeners) {
            listener.onResync();
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

    /** After lost notifications: each interface read again by name, and its listeners told to do the same. */
    private void resync() {
        for (Watched w : byName.values()) {
            NetlinkMessages.LinkInfo l;
            try {
                l = reader.link(w.ifName);
            } catch (IOException e) {
                linkState(w, false); // gone
                continue;
            }
            reader.linkSeen(w.ifName, l);
            if (l.ifindex() != w.ifindex) {
                recreated(w, l.ifindex(), l.up());
                continue;
            }
            linkState(w, l.up());
            for (AddressManager.NetworkListener listener : w.listeners) {
                listener.onResync();
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
