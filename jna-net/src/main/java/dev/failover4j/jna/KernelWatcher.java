package dev.failover4j.jna;

import dev.failover4j.jna.internal.Errno;
import dev.failover4j.jna.netlink.NetlinkMessages;
import dev.failover4j.jna.netlink.NetlinkSocket;
import dev.failover4j.jna.netlink.Rtnl;
import dev.failover4j.spi.AddressManager;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the kernel for one interface: rtnetlink link and address notifications (RTNLGRP_LINK,
 * RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR) on a thread of its own, reported as link up/down
 * changes and address removals. If the kernel drops notifications (ENOBUFS), the link state is
 * read again so no change is lost.
 */
final class KernelWatcher implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(KernelWatcher.class);

    private final String ifName;
    private final int ifindex;
    private final NetlinkAddressManager reader;
    private final AddressManager.NetworkListener listener;
    private final NetlinkSocket socket;
    private final Thread thread;
    private volatile boolean closed;
    private Boolean lastUp;

    KernelWatcher(String ifName, NetlinkAddressManager reader, AddressManager.NetworkListener listener) throws IOException {
        this.ifName = ifName;
        this.ifindex = NetlinkAddressManager.ifindex(ifName);
        this.reader = reader;
        this.listener = listener;
        int groups = (1 << (Rtnl.RTNLGRP_LINK - 1)) | (1 << (Rtnl.RTNLGRP_IPV4_IFADDR - 1)) | (1 << (Rtnl.RTNLGRP_IPV6_IFADDR - 1));
        this.socket = new NetlinkSocket(groups, 250);
        try {
            this.lastUp = reader.link(ifName).up();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        this.thread = new Thread(this::loop, "failover4j-netlink-" + ifName);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            watch();
        } finally {
            socket.close();
        }
    }

    private void watch() {
        while (!closed) {
            List<NetlinkMessages.Message> batch;
            try {
                batch = socket.poll();
            } catch (Errno.NativeException e) {
                if (e.errno() == Errno.ENOBUFS) {
                    log.warn("{}: kernel notifications were dropped; reading the link state again", ifName);
                    resync();
                    continue;
                }
                if (!closed) {
                    log.warn("{}: netlink notifications: {}", ifName, e.getMessage());
                    sleep();
                }
                continue;
            } catch (IOException e) {
                if (!closed) {
                    log.warn("{}: netlink notifications: {}", ifName, e.getMessage());
                    sleep();
                }
                continue;
            }
            for (NetlinkMessages.Message m : batch) {
                try {
                    handle(m);
                } catch (RuntimeException e) {
                    log.warn("{}: handling a kernel notification: {}", ifName, e.toString());
                }
            }
        }
    }

    void handle(NetlinkMessages.Message m) {
        if (m.type() == Rtnl.RTM_NEWLINK || m.type() == Rtnl.RTM_DELLINK) {
            NetlinkMessages.LinkInfo l = NetlinkMessages.parseLink(m);
            if (l != null && l.ifindex() == ifindex) {
                linkState(m.type() == Rtnl.RTM_NEWLINK && l.up());
            }
        } else if (m.type() == Rtnl.RTM_DELADDR) {
            NetlinkMessages.AddressInfo a = NetlinkMessages.parseAddress(m);
            if (a != null && a.ifindex() == ifindex && a.effective() != null) {
                listener.onAddressRemoved(a.effective());
            }
        }
    }

    private void linkState(boolean up) {
        if (lastUp == null || lastUp != up) {
            lastUp = up;
            log.info("{}: link {}", ifName, up ? "up" : "down");
            listener.onLinkChange(up);
        }
    }

    private void resync() {
        try {
            linkState(reader.link(ifName).up());
        } catch (IOException e) {
            log.warn("{}: cannot read the link state: {}", ifName, e.getMessage());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
