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
 * The packages. The .deb as an administrator uses it: {@code dpkg -i}, the agent from its installed path
 * ({@code --version}, {@code -t}), nothing started, {@code dpkg --purge}, nothing left (files, the
 * user). Run by {@code src/test/sh/deb-roundtrip.sh} in a private mount namespace with overlays on
 * /etc, /usr and /var, so the host's own files are never written.
 */
class DebPackageIT {

    /** The tarball, for hosts without dpkg: unpacked anywhere, its launcher finds its jar. */
    @Test
    void theTarballRunsFromWhereverItIsUnpacked(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path tgz = null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("target"), "failover4j-agent-*.tar.gz")) {
            for (Path p : ds) {
                tgz = p;
            }
        }
        assertTrue(tgz != null, "mvn package makes target/failover4j-agent-<version>.tar.gz");
        Process untar = new ProcessBuilder("tar", "xzf", tgz.toAbsolutePath().toString(), "-C", dir.toString()).inheritIO().start();
        assertEquals(0, untar.waitFor());
        Path top;
        try (var s = Files.list(dir)) {
            top = s.findFirst().orElseThrow();
        }
        for (String f : new String[] {"bin/failover4j-agent", "lib/failover4j-agent.jar", "systemd/failover4j-agent.service",
                "systemd/failover4j-agent.default", "examples/keepalived.conf", "README.md"}) {
            assertTrue(Files.exists(top.resolve(f)), f + " in the tarball");
        }
        assertTrue(Files.isExecutable(top.resolve("bin/failover4j-agent")));
        Process p = new ProcessBuilder(top.resolve("bin/failover4j-agent").toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("failover4j-agent "), out);
    }

    @Test
    @Tag("netns")
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
        if (Files.isExecutable(Path.of("/usr/bin/systemctl"))) { // enabled as an administrator would: purged with the package
            assertTrue(out.contains("/etc/systemd/system/multi-user.target.wants/failover4j-agent.service"), out);
        }
        assertTrue(out.contains("== purged: nothing left"), out);
    }

}
