package dev.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.testkit.SimulatedLan;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signed groups on the simulated LAN: a signed pair elects as usual; forged, unsigned, stale and
 * replayed adverts are dropped for their own reasons and never change a state; the modes of a rollout.
 */
class HmacAuthTest {

    static final String K1 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String WRONG = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";

    final SimulatedLan lan = new SimulatedLan(41).latency(Duration.ofMillis(1));

    static HmacAuth auth(String hex, HmacAuth.Mode mode) {
        return HmacAuth.builder().keyHex(1, hex).activeKey(1).mode(mode).build();
    }

    HaGroup group(String node, String ip, int priority, HmacAuth auth) {
        HaGroup.Builder b = lan.node(node, ip).configure(HaGroup.builder()).vrid(51).priority(priority).vrrpVersion(3)
                .advertInterval(Duration.ofMillis(100)).virtualAddress("10.0.0.100/24");
        if (auth != null) {
            b.hmac(auth);
        }
        return b.build();
    }

    /** a (priority 150) and b (100), a started first; 3 s later a is master and b has heard it for 2 s. */
    HaGroup[] startPair(HmacAuth aAuth, HmacAuth bAuth) {
        HaGroup a = group("a", "10.0.0.1", 150, aAuth);
        HaGroup b = group("b", "10.0.0.2", 100, bAuth);
        a.start();
        lan.clock().advance(Duration.ofSeconds(1));
        b.start();
        lan.clock().advance(Duration.ofSeconds(2));
        return new HaGroup[] {a, b};
    }

    @Test
    void aSignedPairElectsAndAForgerWithTheWrongKeyChangesNothing() {
        HaGroup[] pair = startPair(auth(K1, HmacAuth.Mode.ENFORCE), auth(K1, HmacAuth.Mode.ENFORCE));
        HaGroup a = pair[0];
        HaGroup b = pair[1];
        assertTrue(a.isMaster());
        assertEquals(HaState.BACKUP, b.state());
        assertTrue(b.status().counters().get(Counter.ADVERTS_RECEIVED) > 10);
        assertEquals(0, b.status().counters().rejected());

        HaGroup forger = group("x", "10.0.0.9", 254, auth(WRONG, HmacAuth.Mode.ENFORCE));
        forger.start();
        lan.clock().advance(Duration.ofSeconds(3));
        assertTrue(a.isMaster(), "the forger's priority 254 never counted");
        assertEquals(HaState.BACKUP, b.state());
        assertTrue(b.status().counters().rejected(Rejection.HMAC_MISMATCH) > 5);
        RejectedAdvert r = b.status().recentRejections().get(b.status().recentRejections().size() - 1);
        assertEquals(Rejection.HMAC_MISMATCH, r.reason());
        assertEquals("10.0.0.9", r.source().getHostAddress());
        assertEquals(254, r.priority());
        assertTrue(lan.holders("10.0.0.100").contains("a"), "a still holds the VIP (the forger, deaf to a, takes it on its own host)");
        assertFalse(lan.node("b").holds("10.0.0.100"));
        forger.close();
        a.close();
        b.close();
    }

    @Test
    void aReplayedAdvertAndAStaleOneAreDroppedForTheirOwnReasons() throws Exception {
        HaGroup[] pair = startPair(auth(K1, HmacAuth.Mode.ENFORCE), auth(K1, HmacAuth.Mode.ENFORCE));
        HaGroup a = pair[0];
        HaGroup b = pair[1];
        byte[] captured = lan.node("a").lastSent();
        lan.clock().advance(Duration.ofMillis(350));
        lan.inject(InetAddress.getByName("10.0.0.1"), captured);
        lan.clock().advance(Duration.ofMillis(50));
        assertEquals(1, b.status().counters().rejected(Rejection.HMAC_REPLAY), "an old sequence from a");
        assertEquals(HaState.BACKUP, b.state());

        // A node whose clock is 100 s behind: its adverts are outside the 5 s window.
        HmacAuth late = HmacAuth.builder().keyHex(1, K1).activeKey(1)
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-100))).build();
        HaGroup c = group("c", "10.0.0.3", 254, late);
        c.start();
        lan.clock().advance(Duration.ofSeconds(2));
        assertTrue(b.status().counters().rejected(Rejection.HMAC_STALE) > 5);
        assertTrue(a.isMaster(), "c's priority 254 never counted");
        String detail = b.status().recentRejections().get(b.status().recentRejections().size() - 1).detail();
        assertTrue(detail.startsWith("clock skew 100 s exceeds the window of 5 s"), detail);
        a.close();
        b.close();
        c.close();
    }

    @Test
    void monotonicAntiReplayAcceptsASkewedClockButNotAReplay() throws Exception {
        HmacAuth mono = HmacAuth.builder().keyHex(1, K1).activeKey(1).antiReplay(HmacAuth.AntiReplay.MONOTONIC).build();
        HmacAuth skewed = HmacAuth.builder().keyHex(1, K1).activeKey(1).antiReplay(HmacAuth.AntiReplay.MONOTONIC)
                .clock(Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC)).build();
        HaGroup[] pair = startPair(skewed, mono);
        HaGroup a = pair[0];
        HaGroup b = pair[1];
        assertEquals(HaState.BACKUP, b.state(), "a fixed clock: the counter keeps the sequence rising");
        assertEquals(0, b.status().counters().rejected());
        byte[] captured = lan.node("a").lastSent();
        lan.clock().advance(Duration.ofMillis(250));
        lan.inject(InetAddress.getByName("10.0.0.1"), captured);
        lan.clock().advance(Duration.ofMillis(50));
        assertEquals(1, b.status().counters().rejected(Rejection.HMAC_REPLAY));
        a.close();
        b.close();
    }

    @Test
    void theRolloutModes() {
        // enforce drops an unsigned peer: both become master (as keepalived 2.4 against 2.2.7)
        HaGroup plain = group("p", "10.0.0.5", 150, null);
        HaGroup enforce = group("e", "10.0.0.6", 100, auth(K1, HmacAuth.Mode.ENFORCE));
        plain.start();
        enforce.start();
        lan.clock().advance(Duration.ofSeconds(3));
        assertTrue(plain.isMaster() && enforce.isMaster(), "split brain: each drops the other's adverts");
        assertTrue(enforce.status().counters().rejected(Rejection.HMAC_TRAILER_MISSING) > 5);
        assertTrue(plain.status().counters().rejected(Rejection.LENGTH_MISMATCH) > 5, "the unsigned side finds them too long");
        enforce.close();

        // receive-only sends unsigned adverts: the unsigned peer hears it, one master
        HaGroup ro = group("r", "10.0.0.7", 200, auth(K1, HmacAuth.Mode.RECEIVE_ONLY));
        ro.start();
        lan.clock().advance(Duration.ofSeconds(3));
        assertTrue(ro.isMaster());
        assertEquals(HaState.BACKUP, plain.state(), "receive-only is plain VRRP on the wire");
        ro.close();
        lan.clock().advance(Duration.ofSeconds(1));

        // permissive signs, and accepts the unsigned peer's adverts
        HaGroup perm = group("q", "10.0.0.8", 100, auth(K1, HmacAuth.Mode.PERMISSIVE));
        perm.start();
        lan.clock().advance(Duration.ofSeconds(3));
        assertTrue(plain.isMaster());
        assertEquals(HaState.BACKUP, perm.state(), "it accepts the unsigned master");
        assertEquals(0, perm.status().counters().rejected());
        perm.close();
        plain.close();
    }

    @Test
    void aKeyRotationByLiveReconfigurationKeepsTheBackup() {
        HmacAuth both1 = HmacAuth.builder().keyHex(1, K1).keyHex(2, WRONG).activeKey(1).build();
        HaGroup[] pair = startPair(both1, both1);
        HaGroup a = pair[0];
        HaGroup b = pair[1];
        HaConfig next = HaGroup.builder().interfaceName("eth0").vrid(51).priority(150).vrrpVersion(3)
                .advertInterval(Duration.ofMillis(100)).virtualAddress("10.0.0.100/24")
                .hmac(HmacAuth.builder().keyHex(1, K1).keyHex(2, WRONG).activeKey(2).build()).buildConfig();
        a.reconfigure(next);
        lan.clock().advance(Duration.ofSeconds(2));
        assertTrue(a.isMaster());
        assertEquals(HaState.BACKUP, b.state());
        assertEquals(0, b.status().counters().rejected(), "key 2 is known to b");
        a.close();
        b.close();
    }

    @Test
    void settingsAreValidatedAtOnceAndKeysNeverShow() {
        ConfigException e = assertThrows(ConfigException.class, () -> HmacAuth.builder().key(0, new byte[10]).keyHex(300, "zz")
                .activeKey(7).window(Duration.ofMillis(10)).build());
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("hmac key 0: the id is out of range (allowed 1..255)"), all);
        assertTrue(all.contains("hmac key 0: 10 bytes (allowed 32..64)"), all);
        assertTrue(all.contains("hmac key 300: not hex digits"), all);
        assertTrue(all.contains("hmac activeKey: 7 names no key"), all);
        assertTrue(all.contains("hmac window: PT0.01S is out of range"), all);
        HmacAuth ok = auth(K1, HmacAuth.Mode.ENFORCE);
        assertFalse(ok.toString().contains("0001020304"), ok.toString());
        HaGroup g = group("a", "10.0.0.1", 100, ok);
        assertFalse(g.config().toString().contains("0001020304"), g.config().toString());
        assertTrue(g.config().toString().contains("auth=HMAC ENFORCE key 1"), g.config().toString());
        ConfigException both = assertThrows(ConfigException.class, () -> HaGroup.builder().interfaceName("eth0").vrid(1)
                .virtualAddress("10.0.0.1/24").authPassword("x").hmac(ok).build());
        assertTrue(both.problems().get(0).startsWith("authPassword: not with hmac"), both.problems().toString());
        assertEquals(32, HexFormat.of().parseHex(K1).length);
    }
}
