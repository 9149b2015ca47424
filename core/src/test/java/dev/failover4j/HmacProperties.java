package dev.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.codec.HmacTrailer;
import dev.failover4j.codec.ParseResult;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the signed receive path (auth_hmac check, then the codec): a bit flipped anywhere in a
 * signed advert gets it dropped; an advert delivered again after a newer one is a replay.
 */
class HmacProperties {

    static final byte[] KEY = new byte[32];
    static final Instant NOW = Instant.parse("2026-12-01T13:20:00Z");

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) i;
        }
    }

    static HmacGate gate(boolean ipv6) {
        HmacAuth auth = HmacAuth.builder().key(1, KEY).activeKey(1).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        HaConfig config = HaGroup.builder().interfaceName("eth0").vrid(51).vrrpVersion(3).advertInterval(Duration.ofSeconds(1))
                .virtualAddress(ipv6 ? "fd00::100/64" : "10.0.0.100/24").hmac(auth).buildConfig();
        return new HmacGate(auth, config);
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed advert's IP payload. */
    static byte[] signed(boolean v2, boolean ipv6, int priority, int subsec, InetAddress src, InetAddress dst) {
        VrrpPacket p = v2 ? VrrpPacket.v2(51, priority, 1, dev.failover4j.codec.AuthType.NONE, null, List.of((java.net.Inet4Address) ip("10.0.0.100")))
                : VrrpPacket.v3(51, priority, 100, List.of(ip(ipv6 ? "fd00::100" : "10.0.0.100")));
        byte[] msg = VrrpCodec.encode(p, src, dst);
        long seq = HmacTrailer.sequence(NOW.getEpochSecond(), 0) + ((long) subsec << 16);
        return VrrpCodec.withTrailer(msg, HmacTrailer.sign(KEY, 1, seq, src, msg), src, dst);
    }

    /** Whether the receive path takes it: the auth_hmac check, then the codec with the trailer it found. */
    static boolean accepted(HmacGate gate, byte[] payload, InetAddress src, InetAddress dst) {
        RxMeta meta = new RxMeta(src, dst, 255, "eth0");
        HmacGate.Verdict v = gate.check(ByteBuffer.wrap(payload), meta);
        if (v.rejection() != null) {
            return false;
        }
        ParseResult r = VrrpCodec.parse(ByteBuffer.wrap(payload), src, dst, v.trailerLength());
        return r instanceof ParseResult.Parsed;
    }

    @Property(tries = 300)
    void aBitFlippedAnywhereGetsTheAdvertDropped(@ForAll boolean v2, @ForAll boolean ipv6, @ForAll @IntRange(min = 1, max = 254) int priority,
                                                @ForAll @IntRange(min = 0, max = 2000) int bit) {
        boolean six = ipv6 && !v2;
        InetAddress src = ip(six ? "fe80::1" : "10.0.0.1");
        InetAddress dst = ip(six ? "ff02::12" : "224.0.0.18");
        byte[] payload = signed(v2, six, priority, 1, src, dst);
        assertTrue(accepted(gate(six), payload.clone(), src, dst), "unflipped, it verifies");
        int i = bit % (payload.length * 8);
        payload[i / 8] ^= (byte) (1 << (i % 8));
        assertTrue(!accepted(gate(six), payload, src, dst), "bit " + i + " of " + payload.length * 8 + " flipped, still accepted");
    }

    @Property(tries = 100)
    void anOlderOrTheSameAdvertAfterANewerOneIsAReplay(@ForAll @IntRange(min = 1, max = 50) int older,
                                                        @ForAll @IntRange(min = 0, max = 50) int gap) {
        InetAddress src = ip("10.0.0.1");
        InetAddress dst = ip("224.0.0.18");
        HmacGate g = gate(false);
        byte[] first = signed(false, false, 100, older, src, dst);
        byte[] newer = signed(false, false, 100, older + gap + 1, src, dst);
        assertTrue(accepted(g, first, src, dst));
        assertTrue(accepted(g, newer, src, dst));
        HmacGate.Verdict again = g.check(ByteBuffer.wrap(first), new RxMeta(src, dst, 255, "eth0"));
        assertEquals(Rejection.HMAC_REPLAY, again.rejection());
        HmacGate.Verdict same = g.check(ByteBuffer.wrap(newer), new RxMeta(src, dst, 255, "eth0"));
        assertEquals(Rejection.HMAC_REPLAY, same.rejection(), "the same advert twice");
        assertNull(g.check(ByteBuffer.wrap(signed(false, false, 100, older + gap + 2, src, dst)), new RxMeta(src, dst, 255, "eth0"))
                .rejection(), "the next one is fine");
    }
}
