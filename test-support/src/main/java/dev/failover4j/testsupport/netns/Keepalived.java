package dev.failover4j.testsupport.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A keepalived the lab started in a namespace, with its own config and pid files. */
public final class Keepalived {

    private final Proc proc;
    private final Path vrrpPidFile;

    Keepalived(Proc proc, Path vrrpPidFile) {
        this.proc = proc;
        this.vrrpPidFile = vrrpPidFile;
    }

    /** The keepalived parent process and its output (-l -D: logs to the console). */
    public Proc proc() {
        return proc;
    }

    /** The VRRP child's PID, from its {@code -r} pid file. */
    public long vrrpChildPid() throws IOException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() - end < 0) {
            if (Files.exists(vrrpPidFile)) {
                String s = Files.readString(vrrpPidFile).trim();
                if (!s.isEmpty()) {
                    return Long.parseLong(s);
                }
            }
            Lab.sleep(20);
        }
        throw new IOException("keepalived wrote no VRRP pid file " + vrrpPidFile + ":\n" + proc.tail());
    }

    /** A crash of the VRRP child: SIGKILL, no priority-0 advert, VIPs left behind. */
    public void crashVrrpChild() throws IOException {
        long pid = vrrpChildPid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Whether keepalived logged {@code text}. */
    public boolean saw(String text) {
        return proc.has(l -> l.contains(text));
    }
}
