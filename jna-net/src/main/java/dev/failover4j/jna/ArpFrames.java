package dev.failover4j.jna;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.Objects;

/** Gratuitous ARP frames, byte for byte as keepalived sends them (pure Java). */
final class ArpFrames {

    /** Length of the frame without padding: Ethernet header (14) + ARP for IPv4 over Ethernet (28). */
    static final int GARP_LENGTH = 42;

    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private ArpFrames() {
    }

    /**
     * An ARP request with sender = target = {@code vip}, from {@code mac} to the broadcast address;
     * the target hardware address is the broadcast address too, as in keepalived's frames.
     */
    static byte[] gratuitousArp(byte[] mac, Inet4Address vip) {
        Objects.requireNonNull(vip, "vip");
        if (mac == null || mac.length != 6) {
            throw new IllegalArgumentException("an Ethernet MAC has 6 bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(GARP_LENGTH);
        b.put(BROADCAST).put(mac).putShort((short) 0x0806);       // Ethernet: dst, src, type ARP
        b.putShort((short) 1).putShort((short) 0x0800);           // htype Ethernet, ptype IPv4
        b.put((byte) 6).put((byte) 4).putShort((short) 1);        // hlen, plen, op request
        b.put(mac).put(vip.getAddress());                         // sender MAC, sender IP = VIP
        b.put(BROADCAST).put(vip.getAddress());                   // target MAC, target IP = VIP
        return b.array();
    }
}
