package dev.failover4j.jna.internal;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Socket addresses and option values as byte arrays (x86_64/aarch64 Linux layouts). */
public final class Sockaddrs {

    private static final ByteOrder HOST = ByteOrder.nativeOrder();

    private Sockaddrs() {
    }

    /** struct sockaddr_in (16 bytes): family in host order, port and address in network order. */
    public static byte[] in4(InetAddress address) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.order(HOST).putShort((short) LibC.AF_INET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) 0).put(address.getAddress());
        return b.array();
    }

    /** struct sockaddr_in6 (28 bytes): family in host order, port, flow info, address, scope id. */
    public static byte[] in6(InetAddress address, int scopeId) {
        ByteBuffer b = ByteBuffer.allocate(28);
        b.order(HOST).putShort((short) LibC.AF_INET6);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) 0).putInt(0).put(address.getAddress());
        b.order(HOST).putInt(scopeId);
        return b.array();
    }

    /** struct ipv6_mreq (20 bytes): join {@code group} on {@code ifindex}. */
    public static byte[] ipv6Mreq(InetAddress group, int ifindex) {
        ByteBuffer b = ByteBuffer.allocate(20);
        b.put(group.getAddress());
        b.order(HOST).putInt(ifindex);
        return b.array();
    }

    /** struct sockaddr_nl (12 bytes). */
    public static byte[] nl(int pid, int groups) {
        return ByteBuffer.allocate(12).order(HOST).putShort((short) LibC.AF_NETLINK).putShort((short) 0)
                .putInt(pid).putInt(groups).array();
    }

    /** struct sockaddr_ll (20 bytes) for sending to {@code mac} on {@code ifindex}. */
    public static byte[] ll(int protocol, int ifindex, byte[] mac) {
        ByteBuffer b = ByteBuffer.allocate(20).order(HOST);
        b.putShort((short) LibC.AF_PACKET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) protocol);
        b.order(HOST).putInt(ifindex).putShort((short) 1 /* ARPHRD_ETHER */).put((byte) 0).put((byte) mac.length);
        b.put(mac);
        return b.array();
    }

    /** struct ip_mreqn (12 bytes): join {@code group} on {@code ifindex}. */
    public static byte[] ipMreqn(InetAddress group, int ifindex) {
        ByteBuffer b = ByteBuffer.allocate(12);
        b.put(group.getAddress()).putInt(0);
        b.order(HOST).putInt(ifindex);
        return b.array();
    }

    /** A C int. */
    public static byte[] cInt(int v) {
        return ByteBuffer.allocate(4).order(HOST).putInt(v).array();
    }

    /** struct timeval (16 bytes). */
    public static byte[] timeval(long millis) {
        return ByteBuffer.allocate(16).order(HOST).putLong(millis / 1000).putLong((millis % 1000) * 1000).array();
    }
}
