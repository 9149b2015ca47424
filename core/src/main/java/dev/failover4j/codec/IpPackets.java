package dev.failover4j.codec;

import dev.failover4j.Rejection;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Pure helpers for whole IP packets carrying VRRP: split a received IPv4 packet (a raw socket hands
 * over the header) or a plain IPv6 packet into its {@link RxMeta} and VRRP message, and build the
 * IPv4 header failover4j sends with {@code IP_HDRINCL} (TOS 0xc0, TTL 255, like keepalived).
 */
public final class IpPackets {

    /** IPv4 Type of Service / IPv6 traffic class keepalived sends: DSCP CS6 (network control). */
    public static final int TOS_NETWORK_CONTROL = 0xc0;
    /** The TTL / hop limit every VRRP packet is sent with (RFC 3768/5798 §5.1). */
    public static final int VRRP_TTL = 255;

    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;

    private IpPackets() {
    }

    /** A received IP packet split into its metadata and its (not yet parsed) VRRP message. */
    public record Split(RxMeta meta, ByteBuffer vrrpMessage) {
    }

    /** Either a {@link Split} or a rejection (never an exception). */
    public sealed interface SplitResult permits Ok, Rejected {
    }

    /**
     * The packet was split.
     *
     * @param split the metadata and the VRRP message
     */
    public record Ok(Split split) implements SplitResult {
    }

    /**
     * The packet was dropped.
     *
     * @param reason why, for the counters
     * @param detail why, in words
     */
    public record Rejected(Rejection reason, String detail) implements SplitResult {
    }

    /**
     * Splits an IPv4 or IPv6 packet (chosen by the version nibble). The payload ends at the IP
     * total/payload length, so link-layer padding after it is ignored. IPv6 extension headers are
     * not followed: a packet whose next header is not 112 is {@link Rejection#NOT_VRRP}.
     *
     * @param packet the IP packet as received (its position and limit mark it; not moved)
     * @param interfaceName the interface it arrived on, for the metadata
     * @return the split packet, or why it was rejected
     */
    public static SplitResult split(ByteBuffer packet, String interfaceName) {
        ByteBuffer b = packet.slice();
        if (b.remaining() < 1) {
            return new Rejected(Rejection.TOO_SHORT, "empty packet");
        }
        int version = (b.get(0) & 0xff) >>> 4;
        return switch (version) {
            case 4 -> splitIpv4(b, interfaceName);
            case 6 -> splitIpv6(b, interfaceName);
            default -> new Rejected(Rejection.BAD_IP_HEADER, "IP version " + version);
        };
    }

    private static SplitResult splitIpv4(ByteBuffer b, String ifName) {
        if (b.remaining() < IPV4_MIN_HEADER) {
            return new Rejected(Rejection.TOO_SHORT, "IPv4 header cut at " + b.remaining() + " bytes");
        }
        int ihl = (b.get(0) & 0x0f) * 4;
        int total = b.getShort(2) & 0xffff;
        if (ihl < IPV4_MIN_HEADER || total < ihl || total > b.remaining()) {
            return new Rejected(Rejection.BAD_IP_HEADER,
                    "IHL " + ihl + ", total length " + total + ", captured " + b.remaining());
        }
        int proto = b.get(9) & 0xff;
        if (proto != VrrpCodec.IP_PROTOCOL) {
            return new Rejected(Rejection.NOT_VRRP, "IP protocol " + proto);
        }
        byte[] src = new byte[4];
        byte[] dst = new byte[4];
        b.get(12, src);
        b.get(16, dst);
        RxMeta meta = new RxMeta(VrrpCodec.address(src), VrrpCodec.address(dst), b.get(8) & 0xff, ifName);
        return new Ok(new Split(meta, b.slice(ihl, total - ihl)));
    }

    private static SplitResult splitIpv6(ByteBuffer b, String ifName) {
        if (b.remaining() < IPV6_HEADER) {
            return new Rejected(Rejection.TOO_SHORT, "IPv6 header cut at " + b.remaining() + " bytes");
        }
        int payload = b.getShort(4) & 0xffff;
        if (IPV6_HEADER + payload > b.remaining()) {
            return new Rejected(Rejection.BAD_IP_HEADER, "payload length " + payload + ", captured " + b.remaining());
        }
        int next = b.get(6) & 0xff;
        if (next != VrrpCodec.IP_PROTOCOL) {
            return new Rejected(Rejection.NOT_VRRP, "next header " + next);
        }
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        b.get(8, src);
        b.get(24, dst);
        RxMeta meta = new RxMeta(VrrpCodec.address(src), VrrpCodec.address(dst), b.get(7) & 0xff, ifName);
        return new Ok(new Split(meta, b.slice(IPV6_HEADER, payload)));
    }

    /**
     * Builds an IPv4 packet around a VRRP message: version 4, IHL 5, TOS 0xc0, the given id, DF
     * clear, TTL 255, protocol 112, header checksum.
     *
     * @param vrrpMessage the encoded VRRP message
     * @param source the source address
     * @param destination the destination (224.0.0.18 or a unicast peer)
     * @param id the identification field
     * @return the packet, header and message
     */
    public static byte[] ipv4Packet(byte[] vrrpMessage, Inet4Address source, Inet4Address destination, int id) {
        Objects.requireNonNull(vrrpMessage, "vrrpMessage");
        int total = IPV4_MIN_HEADER + vrrpMessage.length;
        byte[] out = new byte[total];
        ByteBuffer b = ByteBuffer.wrap(out);
        b.put((byte) 0x45).put((byte) TOS_NETWORK_CONTROL).putShort((short) total)
                .putShort((short) id).putShort((short) 0)
                .put((byte) VRRP_TTL).put((byte) VrrpCodec.IP_PROTOCOL).putShort((short) 0)
                .put(source.getAddress()).put(destination.getAddress()).put(vrrpMessage);
        int sum = Checksums.of(out, 0, IPV4_MIN_HEADER);
        out[10] = (byte) (sum >>> 8);
        out[11] = (byte) sum;
        return out;
    }

    /**
     * Gives an IPv4 packet made by {@link #ipv4Packet} a new identification, its header checksum
     * updated in place: a master re-sends the same advert with the next id and allocates nothing.
     *
     * @param packet the packet, changed in place
     * @param id the new identification
     */
    public static void setIpv4Id(byte[] packet, int id) {
        packet[4] = (byte) (id >>> 8);
        packet[5] = (byte) id;
        packet[10] = 0;
        packet[11] = 0;
        int sum = Checksums.of(packet, 0, IPV4_MIN_HEADER);
        packet[10] = (byte) (sum >>> 8);
        packet[11] = (byte) sum;
    }
}
