package dev.failover4j;

import dev.failover4j.codec.HmacTrailer;
import dev.failover4j.spi.Transport;
import java.net.InetAddress;
import java.time.Instant;

/**
 * Signs adverts for a transport: the sequence is the wall clock's {@code sec|subsec|0}, or one more than
 * the last if the clock has not moved on (or stepped back): never going backwards. Receive-only sends
 * no trailer. Called on the protocol thread.
 */
final class HmacSigner implements Transport.Signer {

    private volatile HmacAuth auth;
    private long last;

    HmacSigner(HmacAuth auth) {
        this.auth = auth;
    }

    void reconfigure(HmacAuth next) {
        this.auth = next;
    }

    @Override
    public synchronized byte[] trailer(byte[] message, InetAddress source) {
        HmacAuth a = auth;
        if (a.mode() == HmacAuth.Mode.RECEIVE_ONLY) {
            return null;
        }
        Instant now = a.clock().instant();
        long seq = HmacTrailer.sequence(now.getEpochSecond(), now.getNano());
        if (last != 0 && seq - last <= 0) {
            seq = last + 1;
        }
        last = seq;
        return HmacTrailer.sign(a.key(a.activeKey()), a.activeKey(), seq, source, message);
    }
}
