package dev.failover4j.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches files for every group of the process: one JDK {@link WatchService} (inotify on Linux: no
 * polling) and one daemon thread that hands each event to the callbacks of that file, started with
 * the first watched file and ended with the last. A directory is watched, not the file, so a file
 * that is created, deleted or renamed into place is seen as well as one written in place.
 */
public final class FileWatch {

    private static final Logger log = LoggerFactory.getLogger(FileWatch.class);
    private static FileWatch shared;

    /** A watched file; closing it stops its callback. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private record Entry(Path file, Runnable onChange) {
    }

    private final WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final Map<Path, List<Entry>> byDirectory = new HashMap<>();
    private int registrations;

    private FileWatch() throws IOException {
        service = FileSystems.getDefault().newWatchService();
        Thread t = new Thread(this::run, "failover4j-files");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Calls {@code onChange} (on the watch thread: hand it on, do not block) whenever {@code file} may
     * have changed: written, created, deleted, renamed, or events lost.
     *
     * @throws IOException if its directory cannot be watched (it does not exist, no permission)
     */
    public static synchronized Registration watch(Path file, Runnable onChange) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (shared == null) {
            shared = new FileWatch();
        }
        FileWatch w = shared;
        if (!w.keys.containsKey(dir)) {
            try {
                w.keys.put(dir, dir.register(w.service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
            } catch (IOException | RuntimeException e) {
                if (w.registrations == 0) {
                    w.shutdown();
                }
                throw new IOException("cannot watch " + dir + ": " + e.getMessage(), e);
            }
        }
        Entry entry = new Entry(abs, onChange);
        w.byDirectory.computeIfAbsent(dir, d -> new CopyOnWriteArrayList<>()).add(entry);
        w.registrations++;
        return new Registration() {
            private boolean closed;

            @Override
            public void close() {
                synchronized (FileWatch.class) {
                    if (closed) {
                        return;
                    }
                    closed = true;
                    List<Entry> entries = w.byDirectory.get(dir);
                    entries.remove(entry);
                    if (entries.isEmpty()) {
                        w.byDirectory.remove(dir);
                        WatchKey k = w.keys.remove(dir);
                        if (k != null) {
                            k.cancel();
                        }
                    }
                    if (--w.registrations == 0) {
                        w.shutdown();
                    }
                }
            }
        };
    }

    /** Under the class lock: the last registration is gone. */
    private void shutdown() {
        if (shared == this) {
            shared = null;
        }
        try {
            service.close();
        } catch (IOException e) {
            log.debug("closing the watch service", e);
        }
    }

    private void run() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            }
            Path dir = (Path) key.watchable();
            List<Runnable> due = new ArrayList<>();
            synchronized (FileWatch.class) {
                List<Entry> entries = byDirectory.getOrDefault(dir, List.of());
                for (WatchEvent<?> event : key.pollEvents()) {
                    boolean all = event.kind() == StandardWatchEventKinds.OVERFLOW;
                    Path name = all ? null : dir.resolve((Path) event.context());
                    for (Entry e : entries) {
                        if ((all || e.file().equals(name)) && !due.contains(e.onChange())) {
                            due.add(e.onChange());
                        }
                    }
                }
                key.reset();
            }
            for (Runnable r : due) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.error("file watch callback failed", e);
                }
            }
        }
    }
}
