package dev.failover4j.agent;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's {@code notify_fifo}: a named pipe (made with mode 0644 if absent) that gets one line
 * per state change, {@code INSTANCE "VI_1" MASTER 100}. Opened read-write as keepalived does, so
 * opening never waits for a reader; lines are written by a thread of its own from a bounded queue,
 * so a pipe nobody reads never holds up a state change (lines beyond the queue are dropped, and
 * that is logged).
 */
final class NotifyFifo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotifyFifo.class);

    private interface C extends Library {
        C I = Native.load("c", C.class);

        int mkfifo(String path, int mode) throws LastErrorException;
    }

    private final Path path;
    private final RandomAccessFile out;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);
    private final Thread writer;

    /**
     * @param owner "USER [GROUP]" to own a FIFO made here (keepalived's {@code notify_fifo FIFO USER [GROUP]}),
     *              or null: the agent's user
     */
    NotifyFifo(Path path, String owner) throws IOException {
        this.path = path;
        if (!Files.exists(path)) {
            try {
                C.I.mkfifo(path.toString(), 0644);
            } catch (LastErrorException e) {
                throw new IOException("cannot make the notify FIFO " + path + ": errno " + e.getErrorCode());
            }
            if (owner != null) {
                String[] ug = owner.trim().split("\\s+");
                var users = path.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(path, users.lookupPrincipalByName(ug[0]));
                if (ug.length > 1) {
                    Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class)
                            .setGroup(users.lookupPrincipalByGroupName(ug[1]));
                }
            }
        }
        out = new RandomAccessFile(path.toFile(), "rw");
        writer = new Thread(this::write, "notify-fifo");
        writer.setDaemon(true);
        writer.start();
    }

    void send(String line) {
        if (!lines.offer(line)) {
            log.warn("notify FIFO {}: nobody reads it; dropped: {}", path, line.strip());
        }
    }

    private void write() {
        try {
            while (true) {
                out.write(lines.take().getBytes(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException | IOException e) {
            // closed
        }
    }

    @Override
    public void close() {
        writer.interrupt();
        try {
            out.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
