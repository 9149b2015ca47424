/**
 * The Linux edge of failover4j, through JNA: {@link dev.failover4j.jna.RawVrrpTransport} (raw IP
 * protocol 112 socket), {@link dev.failover4j.jna.NetlinkAddressManager} (rtnetlink VIPs with a
 * lease, gratuitous ARP). Found by {@link java.util.ServiceLoader} through
 * {@link dev.failover4j.jna.LinuxNetworkProvider}. Message building and parsing
 * ({@link dev.failover4j.jna.netlink.NetlinkMessages}, {@link dev.failover4j.jna.ArpFrames}) is pure
 * Java; only the syscalls in {@code internal.LibC} cross JNA.
 */
package dev.failover4j.jna;
