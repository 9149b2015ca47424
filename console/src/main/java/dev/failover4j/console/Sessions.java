package dev.failover4j.console;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Logged-in sessions: a random 256-bit id in an HttpOnly, SameSite=Strict cookie, and a CSRF token per
 * session that every state-changing request must carry. Idle sessions end after {@link #IDLE}.
 */
final class Sessions {

    static final Duration IDLE = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    record Session(String id, String user, ConsoleUser.Role role, String csrf, long[] lastSeen) {
        boolean admin() {
            return role == ConsoleUser.Role.ADMIN;
        }
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    Sessions(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    Session open(String user, ConsoleUser.Role role) {
        Session s = new Session(token(), user, role, token(), new long[] {nanoTime.getAsLong()});
        byId.put(s.id(), s);
        return s;
    }

    /** The live session with this id (its idle time restarts), or null. */
    Session find(String id) {
        if (id == null) {
            return null;
        }
        Session s = byId.get(id);
        if (s == null) {
            return null;
        }
        long now = nanoTime.getAsLong();
        if (now - s.lastSeen()[0] > IDLE.toNanos()) {
            byId.remove(id);
            return null;
        }
        s.lastSeen()[0] = now;
        return s;
    }

    void close(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }
}
