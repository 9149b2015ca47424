package dev.failover4j.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.testsupport.KeepalivedVectors;
import dev.failover4j.testsupport.KeepalivedVectors.Vector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * keepalived 2.4.3's signed adverts ({@code auth_hmac}, captured; keepalived-2.4-auth-hmac.txt): every
 * trailer verifies with its documented key, every MUST-FAIL line fails, our own encoder and signer
 * rebuild each captured payload byte for byte (IPv4: trailer outside the checksum; IPv6: inside).
 */
public class HmacVectorTest {

    /** The keys of the capture, by id (the vector file's header). */
    public static final Map<Integer, byte[]> KEYS = Map.of(
            1, HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
            2, HexFormat.of().parseHex("404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
                    + "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"),
            3, "hv-ascii-key-for-keepalived-auth-hmac-0123".getBytes(StandardCharsets.US_ASCII));

    static List<Vector> vectors() {
        return KeepalivedVectors.hmac();
    }

    static List<Vector> signed() {
        return vectors().stream().filter(v -> !v.label().contains("/nohmac")).toList();
    }

    static String field(Vector v, String prefix) {
        for (String p : v.labelParts()) {
            if (p.startsWith(prefix)) {
                return p.substring(prefix.length());
            }
        }
        return null;
    }

    static IpPackets.Split split(Vector v) {
        IpPackets.SplitResult r = IpPackets.split(ByteBuffer.wrap(v.bytes()), "eth0");
        return assertInstanceOf(IpPackets.Ok.class, r, v.label()).split();
    }

    @Test
    void theFileHoldsSignedAndUnsignedAdvertsOfEveryShape() {
        List<Vector> all = vectors();
        assertTrue(all.size() >= 70, "vectors: " + all.size());
        assertTrue(signed().stream().anyMatch(v -> v.label().contains("/v2/")), "VRRPv2");
        assertTrue(signed().stream().anyMatch(v -> v.label().contains("/ipv6/ucast/")), "IPv6 unicast");
        assertTrue(all.stream().anyMatch(v -> v.label().endsWith("/MUST-FAIL")), "lines that must fail");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signed")
    void everyTrailerVerifiesWithItsKeyAndEveryMustFailLineFails(Vector v) {
        IpPackets.Split s = split(v);
        ByteBuffer payload = s.vrrpMessage();
        ParseResult parsed = VrrpCodec.parse(payload, s.meta().source(), s.meta().destination(), HmacTrailer.LENGTH);
        VrrpPacket p = assertInstanceOf(ParseResult.Parsed.class, parsed, () -> v.label() + ": " + parsed).packet();
        assertEquals(Integer.parseInt(field(v, "prio")), p.priority());
        assertEquals(HmacTrailer.LENGTH, payload.remaining() - VrrpCodec.messageLength(p.version(), p.isIpv6(), p.addresses().size()),
                "the trailer is recognised by length alone");
        HmacTrailer.Fields f = HmacTrailer.read(payload);
        int keyId = Integer.parseInt(field(v, "key"));
        assertEquals(HmacTrailer.EXT_TYPE, f.extType());
        assertEquals(keyId, f.keyId());
        assertEquals(0, f.reserved());
        assertEquals(Long.parseUnsignedLong(field(v, "seq"), 16), f.sequence());
        boolean mustFail = v.label().endsWith("/MUST-FAIL");
        assertEquals(!mustFail, HmacTrailer.verify(KEYS.get(keyId), s.meta().source(), payload), v.label());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signed")
    void ourEncoderAndSignerRebuildTheCapturedPayloadByteForByte(Vector v) {
        if (v.label().endsWith("/MUST-FAIL")) {
            return; // signed with a key we do not have
        }
        IpPackets.Split s = split(v);
        byte[] payload = new byte[s.vrrpMessage().remaining()];
        s.vrrpMessage().get(s.vrrpMessage().position(), payload);
        VrrpPacket p = VrrpCodec.parse(ByteBuffer.wrap(payload), s.meta().source(), s.meta().destination(), HmacTrailer.LENGTH)
                .packetOrNull();
        byte[] message = VrrpCodec.encode(p, s.meta().source(), s.meta().destination());
        HmacTrailer.Fields f = HmacTrailer.read(ByteBuffer.wrap(payload));
        byte[] trailer = HmacTrailer.sign(KEYS.get(f.keyId()), f.keyId(), f.sequence(), s.meta().source(), message);
        assertArrayEquals(Arrays.copyOfRange(payload, payload.length - HmacTrailer.LENGTH, payload.length), trailer, "the trailer");
        assertArrayEquals(payload, VrrpCodec.withTrailer(message, trailer, s.meta().source(), s.meta().destination()),
                "message, checksum and trailer");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void unsignedAdvertsParseWithoutATrailerAndSignedOnesDoNot(Vector v) {
        IpPackets.Split s = split(v);
        ParseResult plain = VrrpCodec.parse(s.vrrpMessage(), s.meta().source(), s.meta().destination());
        if (v.label().contains("/nohmac")) {
            assertInstanceOf(ParseResult.Parsed.class, plain, v.label());
        } else {
            assertEquals(dev.failover4j.Rejection.LENGTH_MISMATCH, plain.rejectionOrNull(),
                    "without auth_hmac a signed advert is too long, as keepalived 2.2.7 finds it");
        }
    }

    @Test
    void theSequenceIsSecondsSubsecondsAndCounter() {
        assertEquals(0x6b0ec9595c260000L, HmacTrailer.sequence(1796131161L, 359_955_000));
        assertFalse(HmacTrailer.sequence(1, 999_999_999) >= HmacTrailer.sequence(2, 0), "rises with time");
    }
}
