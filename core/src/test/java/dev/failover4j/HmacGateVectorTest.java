package dev.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.failover4j.codec.HmacTrailer;
import dev.failover4j.codec.IpPackets;
import dev.failover4j.codec.ParseResult;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.testsupport.KeepalivedVectors;
import dev.failover4j.testsupport.KeepalivedVectors.Vector;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * keepalived 2.4.3's captured adverts through the whole receive check of a group configured like the
 * capture's receiver, its clock set to the capture's time (the freshness check passes only then): each
 * signed advert is accepted, each MUST-FAIL one dropped as HMAC_MISMATCH; with the clock a minute later,
 * every signed one is HMAC_STALE.
 */
class HmacGateVectorTest {

    static List<Vector> signed() {
        return KeepalivedVectors.hmac().stream().filter(v -> !v.label().contains("/nohmac")).toList();
    }

    static HmacGate gate(Vector v, Instant clock) {
        HmacAuth.Builder a = HmacAuth.builder().clock(Clock.fixed(clock, ZoneOffset.UTC)).mode(HmacAuth.Mode.PERMISSIVE)
                .antiReplay(HmacAuth.AntiReplay.TIME).activeKey(1);
        for (Map.Entry<Integer, byte[]> k : dev.failover4j.codec.HmacVectorTest.KEYS.entrySet()) {
            a.key(k.getKey(), k.getValue());
        }
        HaConfig config = HaGroup.builder().interfaceName("eth0").vrid(51).vrrpVersion(3).advertInterval(Duration.ofSeconds(1))
                .virtualAddress(v.label().contains("/ipv6/") ? "fd00::100/64" : "10.77.0.100/24").hmac(a.build()).buildConfig();
        return new HmacGate(config.hmac(), config);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signed")
    void eachCapturedAdvertPassesTheGroupsCheckAtItsOwnTimeAndIsStaleAMinuteLater(Vector v) {
        IpPackets.Split s = ((IpPackets.Ok) IpPackets.split(ByteBuffer.wrap(v.bytes()), "eth0")).split();
        HmacTrailer.Fields f = HmacTrailer.read(s.vrrpMessage());
        Instant sent = Instant.ofEpochSecond(f.seconds());
        HmacGate.Verdict at = gate(v, sent).check(s.vrrpMessage(), s.meta());
        if (v.label().endsWith("/MUST-FAIL")) {
            assertEquals(Rejection.HMAC_MISMATCH, at.rejection(), v.label());
            return;
        }
        assertEquals(null, at.rejection(), () -> v.label() + ": " + at.detail());
        assertEquals(HmacTrailer.LENGTH, at.trailerLength());
        ParseResult parsed = VrrpCodec.parse(s.vrrpMessage(), s.meta().source(), s.meta().destination(), at.trailerLength());
        assertEquals(ParseResult.Parsed.class, parsed.getClass(), v.label());
        assertEquals(Rejection.HMAC_STALE, gate(v, sent.plusSeconds(60)).check(s.vrrpMessage(), s.meta()).rejection());
    }
}
