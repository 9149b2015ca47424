package dev.failover4j.jna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.codec.HmacTrailer;
import dev.failover4j.codec.IpPackets;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A signed failover4j pair (auth_hmac, key id 1, enforce; VRRPv3 at 100 ms) on the real network, and an
 * attacker x on the same LAN that sends, as w (10.77.0.10), priority-254 adverts: signed with the wrong
 * key, signed with the right key but 100 s old, unsigned, and w's own advert replayed. l counts each
 * under its own reason, and nothing changes state: w stays MASTER, l BACKUP.
 */
@Tag("netns")
class HmacIT {

    static final String KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    static final String WRONG = "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";
    static Lab lab;

    @RegisterExtension
    static final LabFixture fixture = new LabFixture(l -> lab = l, "w", "l", "x");

    /** A VRRPv3 advert from w with priority 254, signed with {@code key} at {@code at} (or unsigned), as an IPv4 packet. */
    static String forged(String key, Instant at) throws Exception {
        InetAddress w = InetAddress.getByName("10.77.0.10");
        InetAddress group = InetAddress.getByName("224.0.0.18");
        VrrpPacket p = VrrpPacket.v3(51, 254, 10, List.of(InetAddress.getByName("10.77.0.100")));
        byte[] msg = VrrpCodec.encode(p, w, group);
        byte[] payload = key == null ? msg : VrrpCodec.withTrailer(msg, HmacTrailer.sign(HexFormat.of().parseHex(key), 1,
                HmacTrailer.sequence(at.getEpochSecond(), at.getNano()), w, msg), w, group);
        byte[] ip = IpPackets.ipv4Packet(payload, (Inet4Address) w, (Inet4Address) group, 4242);
        return HexFormat.of().formatHex(ip);
    }

    static Map<String, Long> rejections(String host) throws Exception {
        String status = lab.get("x", "http://" + lab.ip(host) + ":8080/status", Duration.ofSeconds(2));
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : status.split("\n")) {
            if (line.startsWith("rejections=") && line.length() > "rejections=".length()) {
                for (String kv : line.substring("rejections=".length()).split(",")) {
                    String[] p = kv.split(":");
                    out.put(p[0], Long.parseLong(p[1]));
                }
            }
        }
        return out;
    }

    static void sendEach(Proc injector, String hex, int times) throws Exception {
        for (int i = 0; i < times; i++) { // bounded: a few adverts, 30 ms apart
            int before = injector.lines().size();
            injector.tell("send " + hex);
            injector.await(l -> injector.lines().size() > before, Duration.ofSeconds(5), "the injector's answer");
            List<String> lines = injector.lines();
            assertEquals("SENT", lines.get(before), lines.toString());
            Lab.sleep(30);
        }
    }

    @Test
    void forgedStaleUnsignedAndReplayedAdvertsAreCountedAndChangeNothing() throws Exception {
        Router w = new Router(lab, "w", false, 101).with("--hmac-key", KEY);
        Router l = new Router(lab, "l", false, 100).with("--hmac-key", KEY);
        w.start();
        w.awaitMasters(1, Duration.ofSeconds(20));
        l.start();
        lab.awaitAddress("w", "10.77.0.100", true, Duration.ofSeconds(10));
        Lab.sleep(1000);
        assertEquals(0, l.masters(), "the signed pair elects as usual:\n" + l.tail());
        assertEquals(Map.of(), rejections("l"), "nothing dropped between the two");

        Proc x = lab.injector("x");
        x.tell("capture 10.77.0.10");
        String captured = x.await(s -> s.startsWith("CAPTURED ") || s.startsWith("ERROR"), Duration.ofSeconds(10), "a capture")
                .substring("CAPTURED ".length());
        Lab.sleep(300); // newer adverts from w move l's mark past the captured one

        sendEach(x, forged(WRONG, Instant.now()), 5);
        sendEach(x, forged(KEY, Instant.now().minusSeconds(100)), 5);
        sendEach(x, forged(null, Instant.now()), 5);
        sendEach(x, captured, 3);
        Lab.sleep(500); // longer than Master_Down_Interval (361 ms): a taken advert would have shown

        Map<String, Long> r = rejections("l");
        assertEquals(5L, r.get("HMAC_MISMATCH"), r.toString());
        assertEquals(5L, r.get("HMAC_STALE"), r.toString());
        assertEquals(5L, r.get("HMAC_TRAILER_MISSING"), r.toString());
        assertEquals(3L, r.get("HMAC_REPLAY"), r.toString());
        assertEquals(0, l.masters(), "l never left BACKUP:\n" + l.tail());
        assertEquals(1, w.masters(), "w stayed MASTER:\n" + w.tail());
        assertTrue(lab.hasAddress("w", "10.77.0.100") && !lab.hasAddress("l", "10.77.0.100"));
        Map<String, Long> onW = rejections("w");
        System.out.println(String.format(Locale.ROOT, "[HmacIT] on l: %s; on w (its own forged address): %s; states unchanged",
                r, onW));
    }
}
