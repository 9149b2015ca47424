package dev.failover4j.jna;

import dev.failover4j.codec.Checksums;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Unsolicited IPv6 neighbour advertisements for a VIP, as keepalived sends them: from the VIP to
 * all-nodes (ff02::1), hop limit 255, override flag set, target link-layer address option.
 */
final class NdFrames {

    /** 33:33:00:00:00:01, the Ethernet address of ff02::1. */
    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    private static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final int ICMPV6 = 58;
    private static final int NA_LENGTH = 32;

    private NdFrames() {
    }

    /** 33:33:00:00:00:01, the Ethernet address of ff02::1 (a copy). */
    static byte[] allNodesMac() {
        return ALL_NODES_MAC.clone();
    }

    /** The IPv6 packet (header + ICMPv6), without Ethernet header. */
    static byte[] unsolicitedNa(byte[] mac, Inet6Address vip) {
        Objects.requireNonNull(vip, "vip");
        if (mac == null || mac.length != 6) {
            throw new IllegalArgumentException("an Ethernet MAC has 6 bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(40 + NA_LENGTH);
        b.putInt(0x60000000).putShort((short) NA_LENGTH).put((byte) ICMPV6).put((byte) 255);
        b.put(vip.getAddress()).put(ALL_NODES);
        b.put((byte) 136).put((byte) 0).putShort((short) 0);       // type NA, code 0, checksum
        b.putInt(0x20000000);                                       // R=0 S=0 O=1
        b.put(vip.getAddress());                                    // target
        b.put((byte) 2).put((byte) 1).put(mac);                     // option: target link-layer address
        byte[] out = b.array();
        // ICMPv6 checksum over the IPv6 pseudo-header (RFC 8200 §8.1) and the message.
        ByteBuffer pseudo = ByteBuffer.allocate(40 + NA_LENGTH);
        pseudo.put(vip.getAddress()).put(ALL_NODES).putInt(NA_LENGTH).putInt(ICMPV6);
        pseudo.put(out, 40, NA_LENGTH);
        int sum = Checksums.of(pseudo.array(), 0, pseudo.capacity());
        out[42] = (byte) (sum >>> 8);
        out[43] = (byte) sum;
        return out;
    }

    /** The whole Ethernet frame: to 33:33:00:00:00:01 from {@code mac}, ethertype IPv6. */
    static byte[] unsolicitedNaFrame(byte[] mac, Inet6Address vip) {
        byte[] ip = unsolicitedNa(mac, vip);
        ByteBuffer b = ByteBuffer.allocate(14 + ip.length);
        b.put(ALL_NODES_MAC).put(mac).putShort((short) 0x86dd).put(ip);
        return b.array();
    }
}
