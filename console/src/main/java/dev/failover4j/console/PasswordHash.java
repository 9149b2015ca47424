package dev.failover4j.console;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for console users: PBKDF2 with HMAC-SHA256 from the JDK (its maintained
 * implementation, no extra dependency), 600,000 iterations and a 16-byte random salt, as OWASP
 * recommends for PBKDF2-SHA256. Stored as {@code pbkdf2-sha256:<iterations>:<salt>:<hash>} (Base64).
 * {@code failover4j-agent --hash-password} prints one.
 */
public final class PasswordHash {

    /** The iterations of new hashes. */
    public static final int ITERATIONS = 600_000;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /**
     * A new hash of {@code password} with a random salt.
     *
     * @param password the password (at least 8 characters)
     * @return the stored form
     * @throws IllegalArgumentException if the password is shorter than 8 characters
     */
    public static String hash(char[] password) {
        if (password.length < 8) {
            throw new IllegalArgumentException("a console password needs at least 8 characters");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return hash(password, salt, ITERATIONS);
    }

    static String hash(char[] password, byte[] salt, int iterations) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + ":" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(derive(password, salt, iterations));
    }

    /**
     * Whether {@code password} matches {@code stored}, compared in constant time.
     *
     * @param password the password given
     * @param stored   a hash made by {@link #hash}
     * @return true if it matches; false also for a malformed stored hash
     */
    public static boolean verify(char[] password, String stored) {
        String[] p = stored.split(":");
        if (p.length != 4 || !p[0].equals(PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(p[1]);
            byte[] salt = Base64.getDecoder().decode(p[2]);
            byte[] expected = Base64.getDecoder().decode(p[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether {@code stored} has the form of a hash this class makes (checked when users are read).
     *
     * @param stored the text
     * @return whether it is well formed
     */
    public static boolean wellFormed(String stored) {
        String[] p = stored.split(":");
        try {
            return p.length == 4 && p[0].equals(PREFIX) && Integer.parseInt(p[1]) >= 10_000
                    && Base64.getDecoder().decode(p[2]).length >= 16 && Base64.getDecoder().decode(p[3]).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }
}
