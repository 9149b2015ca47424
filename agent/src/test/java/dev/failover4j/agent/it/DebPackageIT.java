package dev.failover4j.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The .deb as an administrator uses it: {@code dpkg -i}, the agent from its installed path
 * ({@code --version}, {@code -t}), nothing started, {@code dpkg --purge}, nothing left (files, the
 * user). Run by {@code src/test/sh/deb-roundtrip.sh} in a private mount namespace with overlays on
 * /etc, /usr and /var, so the host's own files are never written.
 */
@Tag("netns")
class DebPackageIT {

    @Test
    void installRunCheckAndPurgeLeaveNothingBehind() throws Exception {
        Prerequisites.require("the .deb test", "dpkg", "unshare", "adduser");
        Path deb = null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("target"), "failover4j-agent_*_all.deb")) {
            for (Path p : ds) {
                deb = p;
            }
        }
        assertTrue(deb != null, "mvn package makes target/failover4j-agent_<version>_all.deb");
        Process p = new ProcessBuilder("bash", "src/test/sh/deb-roundtrip.sh", deb.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        System.out.println("[DebPackageIT]\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("/usr/bin/failover4j-agent") && out.contains("/lib/systemd/system/failover4j-agent.service"), out);
        assertTrue(out.contains("configuration OK; 1 vrrp_instance(s)"), out);
        assertTrue(out.contains("== purged: nothing left"), out);
    }

}
