/**
 * The VRRP wire format: pure functions between bytes and {@link dev.failover4j.codec.VrrpPacket}.
 *
 * <p>Two steps are kept apart. {@link dev.failover4j.codec.VrrpCodec#parse Parsing} looks at bytes
 * only (length, version, type, address count, checksum). {@link dev.failover4j.codec.PacketValidator
 * Validation} checks a parsed packet against one virtual router's configuration and the receive
 * metadata ({@link dev.failover4j.codec.RxMeta}) in the order of RFC 3768 §7.1 and RFC 5798 §7.1.
 * Neither throws on bad input; each rejection is a {@link dev.failover4j.codec.Rejection} value that
 * the engine counts.
 *
 * <p>Nothing here does I/O, keeps state between calls or reads a clock.
 */
package dev.failover4j.codec;
