package dev.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: -t over good and bad files, --version, --help, bad options. */
class MainTest {

    record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A config like the seed's, for this host: loopback's interface and a check script in {@code dir}. */
    static Path goodConfig(Path dir, String extra) throws IOException {
        Path script = dir.resolve("chk.sh");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, """
                global_defs {
                  router_id n1
                  enable_script_security
                  script_user nobody
                }
                vrrp_script chk {
                  script "%s"
                  interval 2
                  weight -5
                  fall 2
                  rise 1
                }
                vrrp_instance VI_1 {
                  state MASTER
                  interface lo
                  virtual_router_id 51
                  priority 101
                  advert_int 1
                  authentication {
                    auth_type PASS
                    auth_pass 1111
                  }
                  virtual_ipaddress {
                    192.168.0.100/24
                  }
                  track_script {
                    chk
                  }
                %s}
                """.formatted(script, extra));
        return conf;
    }

    @Test
    void aGoodConfigurationChecksCleanAndSaysHowManyInstances(@TempDir Path dir) throws IOException {
        Path conf = goodConfig(dir, "");
        Run r = run("-t", "-f", conf.toString());
        assertEquals(0, r.status(), r.out());
        assertEquals(List.of(conf + ": configuration OK; 1 vrrp_instance(s)"), r.lines());
    }

    @Test
    void warningsAloneExitZeroAndErrorsExitOneEachWithFileLineAndHint(@TempDir Path dir) throws IOException {
        Path warned = goodConfig(dir, "  garp_master_refresh 60\n  debug 2\n");
        Run w = run("-t", "-f", warned.toString());
        assertEquals(0, w.status(), w.out());
        assertEquals(List.of(warned + ":30: warning: debug is not supported: ignored",
                warned + ": configuration OK, 1 warning(s); 1 vrrp_instance(s)"), w.lines());

        Path bad = goodConfig(dir, "  virtual_router_id 300\n  interface nosuch0\n  advert_int 0.5\n");
        Run b = run("-t", "-f", bad.toString());
        assertEquals(1, b.status(), b.out());
        assertEquals(List.of(
                bad + ":13: warning: vrrp_instance VI_1: VRRPv2 adverts have whole seconds: advert_int 0.5 is rounded to 1, as"
                        + " keepalived does (write version 3 for sub-second adverts)",
                bad + ":13: error: vrrp_instance VI_1: no interface nosuch0 on this host (check `ip link`)",
                bad + ":29: error: virtual_router_id 300 is out of range (allowed 1..255)",
                bad + ": 2 error(s), 1 warning(s); 1 vrrp_instance(s)"), b.lines());
    }

    @Test
    void aTrackedInterfaceThatDoesNotExistIsAnError(@TempDir Path dir) throws IOException {
        Path conf = goodConfig(dir, "  track_interface {\n    nosuch1\n  }\n");
        Run r = run("-t", "-f", conf.toString());
        assertEquals(1, r.status(), r.out());
        assertEquals(conf + ":30: error: track_interface nosuch1: no such interface on this host (check `ip link`)", r.lines().get(0));
    }

    @Test
    void aMissingNotifyScriptIsAWarning(@TempDir Path dir) throws IOException {
        Path conf = goodConfig(dir, "  notify_master /nonexistent/notify.sh\n");
        Run r = run("-t", "-f", conf.toString());
        assertEquals(0, r.status(), r.out());
        assertEquals(conf + ":13: warning: vrrp_instance VI_1 notify_master: /nonexistent/notify.sh is not found (it will not run)"
                + " (give the script's full path and make it executable)", r.lines().get(0));
    }

    @Test
    void aMissingFileIsOneErrorNamingIt(@TempDir Path dir) {
        Path none = dir.resolve("none.conf");
        Run r = run("-t", "-f", none.toString());
        assertEquals(1, r.status());
        assertEquals(none + ": error: cannot read the file: no such file", r.lines().get(0));
    }

    @Test
    void versionHelpAndBadOptions() {
        Run v = run("--version");
        assertEquals(0, v.status());
        assertTrue(v.out().matches("failover4j-agent \\S+\\n"), v.out());
        Run h = run("--help");
        assertTrue(h.out().contains("-t, --config-test") && h.out().contains("SIGHUP reloads"), h.out());
        Run bad = run("--frobnicate");
        assertEquals(2, bad.status());
        assertEquals("failover4j-agent: unknown option --frobnicate (failover4j-agent --help)\n", bad.err());
        Run status = run("status", "--control-socket", "/nonexistent/control.sock");
        assertEquals(3, status.status());
        assertTrue(status.err().startsWith("failover4j-agent status: cannot reach the agent at /nonexistent/control.sock"), status.err());
    }

    @Test
    void theConsoleNeedsUsersBeyondLoopbackAndSaysWhatIsWrongWithItsAddress(@TempDir Path dir) throws IOException {
        Path conf = goodConfig(dir, "");
        Run open = run("-f", conf.toString(), "--console", "10.77.0.10:8484");
        assertEquals(2, open.status());
        assertTrue(open.err().contains("the console on 10.77.0.10 (not loopback) needs users: give --console-users FILE"), open.err());
        Run port = run("-f", conf.toString(), "--console", "127.0.0.1:http");
        assertEquals(2, port.status());
        assertTrue(port.err().contains("'127.0.0.1:http': the port is not a number"), port.err());
        Path users = dir.resolve("users");
        java.nio.file.Files.writeString(users, "ops root nothash\n");
        Run bad = run("-f", conf.toString(), "--console", "10.77.0.10:8484", "--console-users", users.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains(users + ":1: role 'root' is neither admin nor viewer"), bad.err());
        Run orphan = run("-f", conf.toString(), "--console-users", users.toString());
        assertEquals(2, orphan.status());
        assertTrue(orphan.err().contains("--console-users without --console"), orphan.err());
    }

    @Test
    void hashPasswordReadsALineAndPrintsAHashTheUsersFileAccepts() {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("a long passphrase\n".getBytes(StandardCharsets.UTF_8)));
            Run r = run("--hash-password");
            assertEquals(0, r.status(), r.err());
            String hash = r.out().strip();
            assertTrue(dev.failover4j.console.PasswordHash.verify("a long passphrase".toCharArray(), hash), hash);
            System.setIn(new java.io.ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)));
            Run weak = run("--hash-password");
            assertEquals(1, weak.status());
            assertTrue(weak.err().contains("at least 8 characters"), weak.err());
        } finally {
            System.setIn(stdin);
        }
    }
}
