package dev.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.failover4j.codec.HmacTrailer;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each auth_hmac rejection reason has a hand-made packet dropped for exactly that reason (the engine's: RejectionTest). */
class HmacGateTest {

    static final InetAddress SRC = HmacProperties.ip("10.0.0.1");
    static final InetAddress DST = HmacProperties.ip("224.0.0.18");
    static final RxMeta META = new RxMeta(SRC, DST, 255, "eth0");

    static byte[] advert(int keyId, byte[] key, long seconds, int subsec) {
        VrrpPacket p = VrrpPacket.v3(51, 100, 100, List.of(HmacProperties.ip("10.0.0.100")));
        byte[] msg = VrrpCodec.encode(p, SRC, DST);
        long seq = HmacTrailer.sequence(seconds, 0) + ((long) subsec << 16);
        return VrrpCodec.withTrailer(msg, HmacTrailer.sign(key, keyId, seq, SRC, msg), SRC, DST);
    }

    static Rejection check(HmacGate gate, byte[] payload) {
        return gate.check(ByteBuffer.wrap(payload), META).rejection();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Rejection.class, mode = EnumSource.Mode.MATCH_ALL, names = "HMAC_.*")
    void eachAuthReasonHasAHandMadePacket(Rejection reason) {
        long now = HmacProperties.NOW.getEpochSecond();
        HmacGate gate = HmacProperties.gate(false);
        Map<Rejection, Supplier<Rejection>> cases = Map.of(
                Rejection.HMAC_TRAILER_MISSING, () -> check(gate, VrrpCodec.encode(
                        VrrpPacket.v3(51, 100, 100, List.of(HmacProperties.ip("10.0.0.100"))), SRC, DST)),
                Rejection.HMAC_TRAILER_MALFORMED, () -> {
                    byte[] a = advert(1, HmacProperties.KEY, now, 1);
                    a[a.length - HmacTrailer.LENGTH + 2] = 1; // reserved
                    return check(gate, a);
                },
                Rejection.HMAC_STALE, () -> check(gate, advert(1, HmacProperties.KEY, now - 6, 1)),
                Rejection.HMAC_UNKNOWN_KEY, () -> check(gate, advert(9, HmacProperties.KEY, now, 1)),
                Rejection.HMAC_MISMATCH, () -> check(gate, advert(1, new byte[32], now, 1)),
                Rejection.HMAC_REPLAY, () -> {
                    byte[] a = advert(1, HmacProperties.KEY, now, 5);
                    check(gate, a);
                    return check(gate, a);
                });
        Supplier<Rejection> c = cases.get(reason);
        assertNotNull(c, "no hand-made packet for " + reason);
        assertEquals(reason, c.get());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = HmacAuth.Mode.class)
    void aTimestampInsideTheWindowIsFresh(HmacAuth.Mode mode) {
        HmacAuth auth = HmacAuth.builder().key(1, HmacProperties.KEY).activeKey(1).mode(mode)
                .clock(Clock.fixed(HmacProperties.NOW, ZoneOffset.UTC)).build();
        HaConfig config = HaGroup.builder().interfaceName("eth0").vrid(51).vrrpVersion(3).advertInterval(Duration.ofSeconds(1))
                .virtualAddress("10.0.0.100/24").hmac(auth).buildConfig();
        HmacGate gate = new HmacGate(auth, config);
        assertEquals(null, check(gate, advert(1, HmacProperties.KEY, HmacProperties.NOW.getEpochSecond() - 5, 1)),
                "5 s: the default window's edge");
        assertEquals(HmacTrailer.LENGTH, gate.check(ByteBuffer.wrap(advert(1, HmacProperties.KEY,
                HmacProperties.NOW.getEpochSecond() + 5, 1)), META).trailerLength());
    }
}
