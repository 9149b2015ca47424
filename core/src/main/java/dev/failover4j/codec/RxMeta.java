package dev.failover4j.codec;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What the receive path knows about a packet besides its VRRP bytes: the IP source and destination,
 * the TTL (IPv4) or hop limit (IPv6), the name of the interface it arrived on, and the length of an
 * authentication trailer the group has verified ({@link HmacTrailer}: the VRRP message ends that many
 * bytes before the payload does).
 */
public record RxMeta(InetAddress source, InetAddress destination, int ttl, String interfaceName, int trailerLength) {
    /**
     * Validates that no address or name is null.
     *
     * @param source the IP source address
     * @param destination the IP destination address
     * @param ttl the TTL (IPv4) or hop limit (IPv6)
     * @param interfaceName the interface it arrived on
     * @param trailerLength the verified trailer's length, or 0
     */
    public RxMeta {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(interfaceName, "interfaceName");
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("ttl must be in 0..255, got " + ttl);
        }
        if (trailerLength < 0) {
            throw new IllegalArgumentException("trailerLength must not be negative, got " + trailerLength);
        }
    }

    /**
     * A packet without a trailer.
     *
     * @param source the IP source address
     * @param destination the IP destination address
     * @param ttl the TTL (IPv4) or hop limit (IPv6)
     * @param interfaceName the interface it arrived on
     */
    public RxMeta(InetAddress source, InetAddress destination, int ttl, String interfaceName) {
        this(source, destination, ttl, interfaceName, 0);
    }

    /**
     * {@return this packet's metadata with a verified trailer of {@code length} bytes}
     *
     * @param length the trailer's length
     */
    public RxMeta withTrailer(int length) {
        return new RxMeta(source, destination, ttl, interfaceName, length);
    }
}
