package dev.failover4j.codec;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * keepalived 2.4's {@code auth_hmac} trailer: 28 bytes after the VRRP message, inside the IP payload.
 *
 * <pre>
 * off 0  ext_type  1 (HMAC-SHA256 truncated to 128 bits)
 * off 1  key_id    the sender's active key, 1..255
 * off 2  reserved  0 (2 bytes)
 * off 4  sec       UTC Unix seconds mod 2^32 (4 bytes)
 * off 8  subsec    floor(nanoseconds * 65536 / 1e9) (2 bytes)
 * off 10 ctr       0, or what keeps sec|subsec|ctr (the 64-bit sequence) rising (2 bytes)
 * off 12 hmac      the first 16 bytes of HMAC-SHA256(key, input)
 * </pre>
 *
 * The input is a 20-byte pseudo-header ({@code [4|6] [version] [VRID] 0} and the source address, IPv4
 * padded with 12 zero bytes), the VRRP message with its checksum read as zero, the trailer's first 12
 * bytes and 16 zero bytes. Nothing else of the IP header is covered: not the destination (unicast
 * copies carry one trailer), not the TTL. Keys are 32..64 bytes, so this is plain RFC 2104 HMAC.
 * Verified against adverts captured from keepalived 2.4.3.
 */
public final class HmacTrailer {

    /** The trailer's length. */
    public static final int LENGTH = 28;
    /** The only extension type: HMAC-SHA256 truncated to 128 bits. */
    public static final int EXT_TYPE = 1;
    /** The bytes of the truncated HMAC. */
    public static final int MAC_LENGTH = 16;

    private HmacTrailer() {
    }

    /**
     * A trailer's fields.
     *
     * @param extType  the extension type (1)
     * @param keyId    the key id
     * @param reserved the reserved field (0)
     * @param sequence the 64-bit sequence {@code sec|subsec|ctr}
     */
    public record Fields(int extType, int keyId, int reserved, long sequence) {

        /** {@return the sender's UTC seconds (mod 2^32)} */
        public long seconds() {
            return sequence >>> 32;
        }
    }

    /**
     * Reads the fields of the trailer at the end of {@code payload}.
     *
     * @param payload the IP payload, at least {@link #LENGTH} bytes (not moved)
     * @return the fields
     */
    public static Fields read(ByteBuffer payload) {
        int t = payload.limit() - LENGTH;
        return new Fields(payload.get(t) & 0xff, payload.get(t + 1) & 0xff, payload.getShort(t + 2) & 0xffff,
                payload.getLong(t + 4));
    }

    /**
     * The sequence of a wall-clock instant with counter 0: {@code sec|subsec|0}.
     *
     * @param epochSecond UTC seconds
     * @param nanos       nanoseconds of that second, 0..999,999,999
     * @return the sequence
     */
    public static long sequence(long epochSecond, int nanos) {
        long subsec = (long) nanos * 65536L / 1_000_000_000L;
        return ((epochSecond & 0xffffffffL) << 32) | (subsec << 16);
    }

    /**
     * Makes the trailer for {@code message} (an encoded VRRP message; its checksum is not covered).
     *
     * @param key      the key, 32..64 bytes
     * @param keyId    its id, 1..255
     * @param sequence the sequence to send (see {@link #sequence})
     * @param source   the advert's IP source address
     * @param message  the VRRP message
     * @return the 28 bytes
     */
    public static byte[] sign(byte[] key, int keyId, long sequence, InetAddress source, byte[] message) {
        byte[] t = new byte[LENGTH];
        ByteBuffer b = ByteBuffer.wrap(t);
        b.put((byte) EXT_TYPE).put((byte) keyId).putShort((short) 0).putLong(sequence);
        byte[] mac = mac(key, source, ByteBuffer.wrap(message), ByteBuffer.wrap(t, 0, 12).slice());
        System.arraycopy(mac, 0, t, 12, MAC_LENGTH);
        return t;
    }

    /**
     * Whether the trailer at the end of {@code payload} carries the right HMAC for {@code key}
     * (compared in constant time). The fields are not judged here: see {@link #read}.
     *
     * @param key     the key of the trailer's key id
     * @param source  the IP source address
     * @param payload the IP payload: the VRRP message and the trailer (not moved)
     * @return whether the HMAC matches
     */
    public static boolean verify(byte[] key, InetAddress source, ByteBuffer payload) {
        ByteBuffer whole = payload.slice();
        int msgLen = whole.remaining() - LENGTH;
        byte[] expected = mac(key, source, whole.slice(0, msgLen), whole.slice(msgLen, 12));
        byte[] got = new byte[MAC_LENGTH];
        whole.get(msgLen + 12, got);
        return MessageDigest.isEqual(expected, got);
    }

    /** The first 16 bytes of HMAC-SHA256 over pseudo-header, message (checksum zero), trailer head, 16 zeros. */
    static byte[] mac(byte[] key, InetAddress source, ByteBuffer message, ByteBuffer trailerHead) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] pseudo = new byte[20];
            boolean v6 = source instanceof Inet6Address;
            pseudo[0] = (byte) (v6 ? 6 : 4);
            pseudo[1] = (byte) ((message.get(0) & 0xff) >>> 4);
            pseudo[2] = message.get(1);
            byte[] a = source.getAddress();
            System.arraycopy(a, 0, pseudo, 4, a.length);
            mac.update(pseudo);
            byte[] m = new byte[message.remaining()];
            message.get(message.position(), m);
            m[6] = 0;
            m[7] = 0;
            mac.update(m);
            byte[] head = new byte[12];
            trailerHead.get(trailerHead.position(), head);
            mac.update(head);
            mac.update(new byte[MAC_LENGTH]);
            byte[] full = mac.doFinal();
            return java.util.Arrays.copyOf(full, MAC_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
