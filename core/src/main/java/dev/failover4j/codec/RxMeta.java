package dev.failover4j.codec;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What the receive path knows about a packet besides its VRRP bytes: the IP source and destination,
 * the TTL (IPv4) or hop limit (IPv6), and the name of the interface it arrived on.
 */
public record RxMeta(InetAddress source, InetAddress destination, int ttl, String interfaceName) {
    /**
     * Validates that no address or name is null.
     *
     * @param source the IP source address
     * @param destination the IP destination address
     * @param ttl the TTL (IPv4) or hop limit (IPv6)
     * @param interfaceName the interface it arrived on
     */
    public RxMeta {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(interfaceName, "interfaceName");
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("ttl must be in 0..255, got " + ttl);
        }
    }
}
