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
 * link and address notifications (RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR), read on
 * the poll loop's thread, however many groups and interfaces there are. Each notification goes to
 * the listeners of its interface: link up/down, an address removed or added. Interfaces are followed by name: one
 * deleted and created again (a new ifindex) is down, then up again, its sockets reopened first, and
 * its listeners are told to read again what they rely on. If the kernel drops notifications
 * (ENOBUFS), every watched interface is read again and its listeners are told the same. The socket
 * starts with the first watch and closes with the last.
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

    /**
     * The subscribed socket, registered with the poll loop, which reads it when it is readable; told to
     * stop, it is unregistered and closed on the loop once no longer polled.
     */
    private final class Monitor {
        final NetlinkSocket socket;
        /** Made once: the echo of our own lease refresh is skipped without allocating. */
        private final NetlinkSocket.Skip ownRefresh = reader::ownRefresh;
        final PollLoop poll;
        volatile boolean stop;

        Monitor() throws IOException {
            int groups = (1 << (Rtnl.RTNLGRP_LINK - 1)) | (1 << (Rtnl.RTNLGRP_IPV4_IFADDR - 1))
                    | (1 << (Rtnl.RTNLGRP_IPV6_IFADDR - 1));
            socket = new NetlinkSocket(groups, 250);
            try {
                poll = PollLoop.acquire();
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
            poll.register(socket.fd(), this::readable);
        }

        /** On the loop: every notification waiting, up to a batch. */
        private void readable() {
            for (int i = 0; i < 64 && !stop; i++) {
                List<NetlinkMessages.Message> batch;
                try {
                    batch = socket.receiveNow(ownRefresh);
                } catch (Errno.NativeException e) {
                    if (e.errno() == Errno.ENOBUFS) {
                        log.warn("kernel notifications were dropped; reading the watched interfaces again");
                        resync();
                    } else {
                        log.warn("netlink notifications: {}", e.getMessage());
                    }
                    continue;
                } catch (IOException e) {
                    log.warn("netlink notifications: {}", e.getMessage());
                    return;
                }
                if (batch == null) {
                    return;
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

        void close() {
            stop = true;
            poll.unregister(socket.fd(), () -> {
                socket.close();
                poll.release();
            });
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
            monitor.close();
            monitor = null;
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
            if (a != null && m.type() == Rtnl.RTM_NEWADDR) {
                reader.addressAdded(a);
            }
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

}
