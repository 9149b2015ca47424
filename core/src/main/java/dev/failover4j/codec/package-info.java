/**
 * The VRRP wire format: pure functions between bytes and {@link dev.failover4j.codec.VrrpPacket}.
 *
 * <p>{@link dev.failover4j.codec.VrrpCodec#parse Parsing} looks at bytes only (length, version,
 * type, address count, checksum) and never throws on bad input: each rejection is a
 * {@link dev.failover4j.Rejection} value. Checking a parsed packet against a group's configuration
 * (RFC 3768 §7.1, RFC 5798 §7.1) is the engine's job. {@link dev.failover4j.codec.IpPackets} splits
 * received IP packets and builds the IPv4 header keepalived sends.
 *
 * <p>Exported because the {@link dev.failover4j.spi.Transport} SPI speaks in these types, and
 * because decoding a capture is useful to tools; nothing here does I/O, keeps state between calls
 * or reads a clock.
 */
package dev.failover4j.codec;
