package dev.failover4j.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Password hashes, the users file and the masking of secrets. */
class SecurityPartsTest {

    @Test
    void aHashVerifiesItsPasswordOnlyAndIsSaltedEachTime() {
        String h1 = PasswordHash.hash("s3cret-pass".toCharArray());
        String h2 = PasswordHash.hash("s3cret-pass".toCharArray());
        assertTrue(h1.startsWith("pbkdf2-sha256:600000:"), h1);
        assertFalse(h1.equals(h2), "a new salt each time");
        assertTrue(PasswordHash.verify("s3cret-pass".toCharArray(), h1));
        assertFalse(PasswordHash.verify("s3cret-pasS".toCharArray(), h1));
        assertFalse(PasswordHash.verify("x".toCharArray(), "garbage"));
        assertTrue(PasswordHash.wellFormed(h1));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.hash("short".toCharArray()));
    }

    @Test
    void theUsersFileReportsEveryBadLine() {
        String good = PasswordHash.hash("long enough".toCharArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConsoleUsers.parse("users", List.of(
                "# operators", "alice admin " + good, "bob root " + good, "carol viewer nothash", "dave viewer", "alice viewer " + good)));
        assertEquals("console users file:\n"
                + "  users:3: role 'root' is neither admin nor viewer\n"
                + "  users:4: the hash of 'carol' is not a pbkdf2-sha256 hash: make one with failover4j-agent --hash-password\n"
                + "  users:5: expected 'name role hash', got 2 field(s)\n"
                + "  users:6: user 'alice' appears twice", e.getMessage());
        assertEquals(ConsoleUser.Role.VIEWER, ConsoleUsers.parse("u", List.of("eve viewer " + good + "  # read only")).get("eve").role());
        assertFalse(ConsoleUsers.parse("u", List.of("eve viewer " + good)).get("eve").toString().contains("pbkdf2"), "toString hides the hash");
    }

    @Test
    void hmacKeysAreMaskedButNotTheirIds() {
        String file = "auth_hmac {\n    key 1 hex:000102\n    key 2 file:/etc/k2\n    active_key 2\n}\n";
        String masked = Secrets.mask(file);
        assertEquals("auth_hmac {\n    key 1 <secret-1>\n    key 2 <secret-2>\n    active_key 2\n}\n", masked);
        assertEquals(file, Secrets.unmask(masked, file));
    }

    @Test
    void secretsAreMaskedAndComeBackByPosition() {
        String file = "a {\n  auth_pass 1111\n}\nb {\n    auth_pass \"two words\"\n}\n";
        String masked = Secrets.mask(file);
        assertEquals("a {\n  auth_pass <secret-1>\n}\nb {\n    auth_pass <secret-2>\n}\n", masked);
        assertEquals(file, Secrets.unmask(masked, file));
        assertEquals("x {\n  auth_pass \"two words\"\n  auth_pass new1\n}\n",
                Secrets.unmask("x {\n  auth_pass <secret-2>\n  auth_pass new1\n}\n", file), "moved and typed");
    }

    @Test
    void jsonStringsAreEscapedAndNeverCloseAScriptTag() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\\u003c/script>\"", Json.write("a\"b\\c\nd\u0001</script>"));
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("n", 1);
        m.put("l", java.util.Arrays.asList(true, null));
        assertEquals("{\"n\":1,\"l\":[true,null]}", Json.write(m));
    }
}
