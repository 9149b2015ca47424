package dev.failover4j.agent;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's local control socket: a unix socket (mode 0660, in a directory of mode 0750, so only
 * root and the service's group can open it) that answers one request per connection:
 * {@code status} or {@code status json}. Read only: nothing on it changes state.
 */
final class ControlServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    static final Path DEFAULT = Path.of("/run/failover4j-agent/control.sock");

    private final Path path;
    private final ServerSocketChannel server;
    private final Agent agent;
    private final Thread thread;

    ControlServer(Path path, Agent agent) throws IOException {
        this.path = path;
        this.agent = agent;
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        }
        Files.deleteIfExists(path); // left by an agent that did not stop
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        thread = new Thread(this::serve, "control");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                String request = read(c);
                String answer = switch (request.strip()) {
                    case "status" -> StatusReport.text(agent.instances());
                    case "status json" -> StatusReport.json(agent.instances());
                    default -> "unknown request '" + request.strip() + "': status or status json\n";
                };
                c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException | RuntimeException e) {
                if (server.isOpen()) {
                    log.debug("control socket: {}", e.toString());
                }
            }
        }
    }

    private static String read(SocketChannel c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(256);
        while (b.hasRemaining() && c.read(b) > 0) {
            if (b.get(b.position() - 1) == '\n') {
                break;
            }
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    /** Asks the agent at {@code path}; its answer. */
    static String ask(Path path, String request, Duration timeout) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(path));
            c.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            c.shutdownOutput();
            StringBuilder out = new StringBuilder();
            ByteBuffer b = ByteBuffer.allocate(8192);
            long end = System.nanoTime() + timeout.toNanos();
            while (c.read(b) >= 0 && System.nanoTime() - end < 0) {
                b.flip();
                out.append(StandardCharsets.UTF_8.decode(b));
                b.clear();
            }
            return out.toString();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // stopping
        }
    }
}
