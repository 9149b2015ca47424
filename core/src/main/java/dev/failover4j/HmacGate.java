package dev.failover4j;

import dev.failover4j.codec.HmacTrailer;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpCodec;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * keepalived 2.4's {@code auth_hmac} on receive, before the engine sees an advert: a trailer is
 * recognised by length alone; a present trailer is verified in every mode (type, freshness in time
 * mode, key, HMAC in constant time, then the sequence against the sender's high-water mark, which only a
 * verified advert moves); a missing one is dropped in enforce mode only. Per sender: each configured
 * unicast peer, or (multicast) a 4-slot table by source address, least recently used out. Loop-confined.
 */
final class HmacGate {

    /** What happened to one packet. */
    record Verdict(Rejection rejection, String detail, int trailerLength) {
        static final Verdict UNSIGNED = new Verdict(null, null, 0);
        static final Verdict SIGNED = new Verdict(null, null, HmacTrailer.LENGTH);
    }

    static final int MULTICAST_SLOTS = 4;

    private HmacAuth auth;
    /** The anti-replay window in whole seconds, compared with a signed 32-bit difference as keepalived does. */
    private long windowSeconds;
    private final Map<InetAddress, Long> marks;

    HmacGate(HmacAuth auth, HaConfig config) {
        reconfigure(auth, config);
        this.marks = !config.unicastPeers().isEmpty() ? new HashMap<>() : new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Long> eldest) {
                return size() > MULTICAST_SLOTS;
            }
        };
    }

    /** A live reconfiguration: new keys, mode or window; the marks stay (a key rotation is no replay). */
    void reconfigure(HmacAuth next, HaConfig config) {
        this.auth = next;
        this.windowSeconds = next.window(config.advertInterval()).getSeconds();
    }

    Verdict check(ByteBuffer payload, RxMeta meta) {
        ByteBuffer b = payload.slice();
        if (b.remaining() < 8) {
            return Verdict.UNSIGNED; // the engine says TOO_SHORT
        }
        VrrpVersion version = VrrpVersion.ofNumber((b.get(0) & 0xff) >>> 4);
        if (version == null) {
            return Verdict.UNSIGNED;
        }
        int expected = VrrpCodec.messageLength(version, meta.source() instanceof Inet6Address, b.get(3) & 0xff);
        HmacAuth a = auth;
        if (b.remaining() != expected + HmacTrailer.LENGTH) {
            if (a.mode() == HmacAuth.Mode.ENFORCE && b.remaining() == expected) {
                return new Verdict(Rejection.HMAC_TRAILER_MISSING, "from " + meta.source().getHostAddress()
                        + " (auth_hmac enforce: every advert must be signed)", 0);
            }
            return Verdict.UNSIGNED; // permissive, receive-only, or a length the engine rejects
        }
        HmacTrailer.Fields f = HmacTrailer.read(b);
        if (f.extType() != HmacTrailer.EXT_TYPE || f.reserved() != 0) {
            return new Verdict(Rejection.HMAC_TRAILER_MALFORMED, "type " + f.extType() + ", reserved " + f.reserved(), 0);
        }
        Instant now = a.clock().instant();
        if (a.antiReplay() == HmacAuth.AntiReplay.TIME) {
            int skew = (int) (now.getEpochSecond() - f.seconds()); // signed 32-bit difference, as keepalived
            if (Math.abs((long) skew) > windowSeconds) {
                return new Verdict(Rejection.HMAC_STALE, "clock skew " + skew + " s exceeds the window of " + windowSeconds
                        + " s (from " + meta.source().getHostAddress() + ")", 0);
            }
        }
        byte[] key = a.key(f.keyId());
        if (key == null) {
            return new Verdict(Rejection.HMAC_UNKNOWN_KEY, "key id " + f.keyId() + " (configured: " + a.keyIds() + ")", 0);
        }
        if (!HmacTrailer.verify(key, meta.source(), b)) {
            return new Verdict(Rejection.HMAC_MISMATCH, "key id " + f.keyId() + " from " + meta.source().getHostAddress(), 0);
        }
        Long mark = marks.get(meta.source());
        if (mark != null && a.antiReplay() == HmacAuth.AntiReplay.TIME
                && Math.abs(now.getEpochSecond() - (mark >>> 32)) > windowSeconds) {
            mark = null; // older than the window: forgotten, as keepalived does
        }
        if (mark != null && f.sequence() - mark <= 0) { // RFC 1982 serial arithmetic on 64 bits
            return new Verdict(Rejection.HMAC_REPLAY, String.format("sequence %016x, last %016x from %s", f.sequence(), mark,
                    meta.source().getHostAddress()), 0);
        }
        marks.put(meta.source(), f.sequence());
        return Verdict.SIGNED;
    }
}
