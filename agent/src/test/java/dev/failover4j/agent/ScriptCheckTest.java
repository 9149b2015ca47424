package dev.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived runs a vrrp_script once per interval however many instances track it; so does the agent. */
class ScriptCheckTest {

    /** A script that writes one line per run into {@code runs}, takes {@code sleep} seconds, and fails while {@code down} exists. */
    private static String script(Path dir, String sleep) throws IOException {
        Path s = dir.resolve("chk.sh");
        Files.writeString(s, "#!/bin/sh\necho run >> " + dir.resolve("runs") + "\nsleep " + sleep + "\n[ ! -e " + dir.resolve("down")
                + " ]\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s.toString();
    }

    private static long runs(Path dir) throws IOException {
        return Files.exists(dir.resolve("runs")) ? Files.readAllLines(dir.resolve("runs")).size() : 0;
    }

    @Test
    void twoInstancesTrackingOneScriptShareItsRunWithinHalfAnInterval(@TempDir Path dir) throws Exception {
        ScriptRunner runner = new ScriptRunner(null);
        String line = script(dir, "0");
        ScriptCheck lan = new ScriptCheck("chk", line, null, Duration.ofSeconds(2), runner);
        ScriptCheck wan = new ScriptCheck("chk", line, null, Duration.ofSeconds(2), runner);
        assertTrue(lan.check(Duration.ofSeconds(5)));
        assertTrue(wan.check(Duration.ofSeconds(5)));
        assertEquals(1, runs(dir), "the second instance took the first one's result");

        Thread.sleep(1100); // more than half the interval: a run of its own
        Files.createFile(dir.resolve("down"));
        assertFalse(wan.check(Duration.ofSeconds(5)));
        assertFalse(lan.check(Duration.ofSeconds(5)), "the shared result is the failure");
        assertEquals(2, runs(dir));

        ScriptCheck other = new ScriptCheck("chk", line + " --other", null, Duration.ofSeconds(2), runner);
        assertFalse(other.check(Duration.ofSeconds(5)));
        assertEquals(3, runs(dir), "another line is another script");
    }

    @Test
    void aCheckThatComesWhileTheScriptRunsWaitsForThatRun(@TempDir Path dir) throws Exception {
        ScriptRunner runner = new ScriptRunner(null);
        String line = script(dir, "0.5");
        ScriptCheck lan = new ScriptCheck("chk", line, null, Duration.ofSeconds(2), runner);
        ScriptCheck wan = new ScriptCheck("chk", line, null, Duration.ofSeconds(2), runner);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> {
            try {
                return lan.check(Duration.ofSeconds(5));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (runs(dir) == 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertTrue(wan.check(Duration.ofSeconds(5)));
        assertTrue(first.get());
        assertEquals(1, runs(dir), "one run for both: the script never ran twice at once");
    }
}
