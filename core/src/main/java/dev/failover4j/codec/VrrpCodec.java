package dev.failover4j.codec;

import dev.failover4j.Rejection;
import dev.failover4j.VrrpVersion;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Pure functions between {@link VrrpPacket} and the bytes of a VRRP message (the IP payload).
 *
 * <p>{@link #parse} never throws on bad input: anything that is not a well-formed advertisement is a
 * {@link ParseResult.Rejected} with a {@link Rejection}. It only looks at bytes (and, for the v3
 * checksum, the pseudo-header addresses); whether the packet is acceptable to a group is
 * the engine's receive checks' business.
 */
public final class VrrpCodec {

    /** IP protocol number of VRRP. */
    public static final int IP_PROTOCOL = 112;
    /** Fixed header length: version/type, VRID, priority, count, auth/rsvd+interval, checksum. */
    public static final int HEADER_LENGTH = 8;

    private static final int TYPE_ADVERTISEMENT = 1;

    private VrrpCodec() {
    }

    /**
     * {@return the length of the VRRP message for {@code count} addresses}
     *
     * @param version the VRRP version (v2 adds the authentication data)
     * @param ipv6 whether the addresses are IPv6
     * @param count how many addresses
     */
    public static int messageLength(VrrpVersion version, boolean ipv6, int count) {
        return HEADER_LENGTH + count * (ipv6 ? 16 : 4) + (version == VrrpVersion.V2 ? VrrpPacket.AUTH_DATA_LENGTH : 0);
    }

    /**
     * Parses one VRRP message.
     *
     * @param message the IP payload, from its position to its limit (the buffer's position is not moved)
     * @param source  the IP source address (the address family of the packet, and the v3 pseudo-header)
     * @param destination the IP destination address (the v3 pseudo-header)
     * @return the packet, or the first reason it is not one
     */
    public static ParseResult parse(ByteBuffer message, InetAddress source, InetAddress destination) {
        return parse(message, source, destination, 0);
    }

    /**
     * Parses the VRRP message at the start of an IP payload that ends with an authentication trailer
     * of {@code trailerLength} bytes (keepalived 2.4's {@code auth_hmac}: {@link HmacTrailer#LENGTH}),
     * which the caller has recognised and verifies. The checksum rules are keepalived's: over IPv4 the
     * trailer is outside the checksum (v2 and v3 alike); over IPv6 the checksum covers the whole payload,
     * its pseudo-header length included the trailer.
     *
     * @param payload       the IP payload, from its position to its limit (not moved)
     * @param source        the IP source address
     * @param destination   the IP destination address
     * @param trailerLength the trailer's length, or 0 for none
     * @return the packet, or the first reason it is not one
     */
    public static ParseResult parse(ByteBuffer payload, InetAddress source, InetAddress destination, int trailerLength) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        ByteBuffer whole = payload.slice();
        if (trailerLength < 0 || trailerLength > whole.remaining()) {
            return reject(Rejection.TOO_SHORT, "length " + whole.remaining() + " < a trailer of " + trailerLength);
        }
        ByteBuffer b = whole.slice(0, whole.remaining() - trailerLength);
        int len = b.remaining();
        if (len < HEADER_LENGTH) {
            return reject(Rejection.TOO_SHORT, "length " + len + " < " + HEADER_LENGTH);
        }
        boolean ipv6 = source instanceof Inet6Address;
        int verType = b.get(0) & 0xff;
        VrrpVersion version = VrrpVersion.ofNumber(verType >>> 4);
        if (version == null) {
            return reject(Rejection.BAD_VERSION, "version " + (verType >>> 4));
        }
        if (version == VrrpVersion.V2 && ipv6) {
            return reject(Rejection.BAD_VERSION, "VRRPv2 over IPv6");
        }
        if ((verType & 0x0f) != TYPE_ADVERTISEMENT) {
            return reject(Rejection.BAD_TYPE, "type " + (verType & 0x0f));
        }
        int vrid = b.get(1) & 0xff;
        int priority = b.get(2) & 0xff;
        int count = b.get(3) & 0xff;
        int expected = messageLength(version, ipv6, count);
        if (len != expected) {
            return reject(Rejection.LENGTH_MISMATCH,
                    "length " + len + " but " + count + (ipv6 ? " IPv6" : " IPv4") + " addresses need " + expected);
        }
        // Count 0 parses (RFC 5798 §5.2.5 says "the minimum value is 1"): whether a group takes it is
        // the receive checks' call, for a group with no VIP (election only) does, every other drops it.
        int authType = 0;
        int interval;
        if (version == VrrpVersion.V2) {
            authType = b.get(4) & 0xff;
            interval = b.get(5) & 0xff;
        } else {
            // High nibble of byte 4 is reserved: ignored on reception (RFC 5798 §5.2.6).
            interval = ((b.get(4) & 0x0f) << 8) | (b.get(5) & 0xff);
        }
        if (interval == 0) {
            return reject(Rejection.ZERO_INTERVAL, "interval 0");
        }
        int covered = ipv6 ? len + trailerLength : len;
        int sum = version == VrrpVersion.V2
                ? Checksums.finish(Checksums.add(0, b, 0, len))
                : Checksums.finish(Checksums.add(pseudoHeaderSum(source, destination, covered), whole, 0, covered));
        if (sum != 0) {
            int wire = b.getShort(6) & 0xffff;
            return reject(Rejection.BAD_CHECKSUM, String.format("checksum 0x%04x does not verify", wire));
        }
        int addrLen = ipv6 ? 16 : 4;
        List<InetAddress> addresses = new ArrayList<>(count);
        byte[] raw = new byte[addrLen];
        for (int i = 0; i < count; i++) {
            b.get(HEADER_LENGTH + i * addrLen, raw);
            addresses.add(address(raw));
        }
        byte[] authData = new byte[VrrpPacket.AUTH_DATA_LENGTH];
        if (version == VrrpVersion.V2) {
            b.get(HEADER_LENGTH + count * addrLen, authData);
        }
        return new ParseResult.Parsed(new VrrpPacket(version, vrid, priority, interval, addresses, authType, authData));
    }

    /**
     * As {@link #parse(ByteBuffer, InetAddress, InetAddress)}, over a whole array.
     *
     * @param message the IP payload
     * @param source the IP source address
     * @param destination the IP destination address
     * @return the packet, or the first reason it is not one
     */
    public static ParseResult parse(byte[] message, InetAddress source, InetAddress destination) {
        return parse(ByteBuffer.wrap(message), source, destination);
    }

    /**
     * Encodes {@code packet} into a new VRRP message with its checksum.
     *
     * @param source      IP source (v3 pseudo-header; for v2 only its family is checked)
     * @param destination IP destination (v3 pseudo-header); v3 checksums differ per destination
     * @throws IllegalArgumentException if the source/destination family does not fit the packet
     * @param packet the advertisement
     * @return the VRRP message (the IP payload)
     */
    public static byte[] encode(VrrpPacket packet, InetAddress source, InetAddress destination) {
        boolean ipv6 = packet.isIpv6();
        if ((source instanceof Inet6Address) != ipv6 || (destination instanceof Inet6Address) != ipv6) {
            throw new IllegalArgumentException("source " + source + " / destination " + destination
                    + " do not match the packet's address family");
        }
        int count = packet.addresses().size();
        byte[] out = new byte[messageLength(packet.version(), ipv6, count)];
        ByteBuffer b = ByteBuffer.wrap(out);
        b.put((byte) ((packet.version().number() << 4) | TYPE_ADVERTISEMENT));
        b.put((byte) packet.vrid());
        b.put((byte) packet.priority());
        b.put((byte) count);
        if (packet.version() == VrrpVersion.V2) {
            b.put((byte) packet.authType());
            b.put((byte) packet.intervalUnits());
        } else {
            b.putShort((short) (packet.intervalUnits() & 0x0fff));
        }
        b.putShort((short) 0); // checksum, filled below
        for (InetAddress a : packet.addresses()) {
            b.put(a.getAddress());
        }
        if (packet.version() == VrrpVersion.V2) {
            b.put(packet.authData());
        }
        int initial = packet.version() == VrrpVersion.V2 ? 0 : pseudoHeaderSum(source, destination, out.length);
        int sum = Checksums.finish(Checksums.add(initial, b, 0, out.length));
        out[6] = (byte) (sum >>> 8);
        out[7] = (byte) sum;
        return out;
    }

    /**
     * Appends an authentication trailer to an encoded message (from {@link #encode}) as keepalived 2.4
     * sends it: over IPv4 the checksum stays the message's own; over IPv6 it is computed again over the
     * message and the trailer, the pseudo-header's length including the trailer.
     *
     * @param message     the encoded VRRP message
     * @param trailer     the trailer (see {@link HmacTrailer#sign})
     * @param source      the IP source address
     * @param destination the IP destination address
     * @return the IP payload: message and trailer
     */
    public static byte[] withTrailer(byte[] message, byte[] trailer, InetAddress source, InetAddress destination) {
        byte[] out = java.util.Arrays.copyOf(message, message.length + trailer.length);
        System.arraycopy(trailer, 0, out, message.length, trailer.length);
        if (source instanceof Inet6Address) {
            out[6] = 0;
            out[7] = 0;
            int sum = Checksums.finish(Checksums.add(pseudoHeaderSum(source, destination, out.length), ByteBuffer.wrap(out), 0,
                    out.length));
            out[6] = (byte) (sum >>> 8);
            out[7] = (byte) sum;
        }
        return out;
    }

    /** {@return the folded-in sum of the IPv4 or IPv6 pseudo-header for a VRRP message of {@code length} bytes} */
    static int pseudoHeaderSum(InetAddress source, InetAddress destination, int length) {
        int sum = Checksums.add(0, ByteBuffer.wrap(source.getAddress()), 0, source.getAddress().length);
        sum = Checksums.add(sum, ByteBuffer.wrap(destination.getAddress()), 0, destination.getAddress().length);
        if (source instanceof Inet4Address) {
            // RFC 768 style: zero, protocol, 16-bit length.
            return sum + IP_PROTOCOL + length;
        }
        // RFC 8200 §8.1: 32-bit upper-layer length, three zero bytes, next header.
        return sum + (length >>> 16) + (length & 0xffff) + IP_PROTOCOL;
    }

    static InetAddress address(byte[] raw) {
        try {
            // 16-byte addresses always make an Inet6Address (an IPv4-mapped one stays IPv6 here).
            return raw.length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of length " + raw.length, e);
        }
    }

    private static ParseResult reject(Rejection reason, String detail) {
        return new ParseResult.Rejected(reason, detail);
    }
}
