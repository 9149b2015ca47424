package dev.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.agent.conf.KeepalivedConfig;
import dev.failover4j.agent.conf.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived's script security: a script run as root must not be writable by anyone else. */
class ScriptSecurityTest {

    @Test
    void whoTheScriptRunsAsDecidesWhetherItsPermissionsMatter(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("chk.sh");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxrwxrwx")); // anyone may change it
        assertTrue(problems(script, "script_user root", "").stream().anyMatch(p -> p.contains("unsafe permissions")),
                "run as root (script_user root)");
        assertTrue(problems(script, "script_user root root", "").stream().anyMatch(p -> p.contains("unsafe permissions")),
                "run as root (script_user root root: a user and a group)");
        assertFalse(problems(script, "script_user root", "user nobody").stream().anyMatch(p -> p.contains("unsafe permissions")),
                "the script's own user comes before script_user: it runs as nobody");
        assertTrue(ScriptSecurity.asRoot(null), "no user: the agent's own");
        assertFalse(ScriptSecurity.asRoot("rootless"));
    }

    private static List<String> problems(Path script, String global, String scriptUser) {
        KeepalivedConfig c = KeepalivedConfig.parse("k.conf", """
                global_defs {
                  %s
                }
                vrrp_script chk {
                  script "%s"
                  %s
                }
                """.formatted(global, script, scriptUser), "n1");
        return ScriptSecurity.check(c.scripts.get("chk"), c.global).stream().map(Problem::toString).toList();
    }
}
