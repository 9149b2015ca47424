/**
 * The Linux edge of failover4j, through JNA. Only {@link dev.failover4j.jna.LinuxNetworkProvider}
 * is public (for {@link java.util.ServiceLoader}); the module exports nothing and provides it.
 * Package-private here: {@code RawVrrpTransport} (raw IP protocol 112 sockets, one per interface and
 * family), {@code NetlinkAddressManager} (rtnetlink VIPs with a lease, gratuitous ARP and unsolicited
 * NA), {@code KernelWatcher} (one rtnetlink monitor for the process) and the pure-Java frame builders.
 * Netlink messages are built and parsed in pure Java in {@code internal.netlink}; only the syscalls
 * in {@code internal.LibC} cross JNA.
 */
package dev.failover4j.jna;
