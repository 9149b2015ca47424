package dev.failover4j;

import dev.failover4j.internal.FileWatch;
import dev.failover4j.spi.EventLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link TrackedFile} of one group: read at start and on every change the watch reports, on the
 * group's loop. A file found empty is read again {@value #EMPTY_RECHECK_MS} ms later before it counts
 * as 0: {@code echo 5 > file} truncates before it writes, and keepalived (which reads on close, not
 * on modify) never sees that moment either.
 */
final class FileTracker {

    private static final Logger log = LoggerFactory.getLogger(FileTracker.class);
    static final long EMPTY_RECHECK_MS = 50;

    private final TrackedFile spec;
    private final EventLoop loop;
    private final Runnable changed;
    private FileWatch.Registration watch;
    private boolean closed;
    private long value;
    private String detail = "not read yet";
    private long reads;
    private long nonZero;
    private boolean recheckPending;

    /** @param changed run on the loop after a read that changed the value */
    FileTracker(TrackedFile spec, EventLoop loop, Runnable changed) {
        this.spec = spec;
        this.loop = loop;
        this.changed = changed;
    }

    /** On the loop: watch, then read now (the group's first health verdict includes the file). */
    void start() {
        try {
            watch = FileWatch.watch(spec.file(), () -> loop.execute(() -> read(false, false)));
        } catch (IOException e) {
            log.error("track file {}: {}; its value is read at start only", spec.file(), e.getMessage());
            detail = "not watched: " + e.getMessage();
        }
        read(true, false);
    }

    void close() {
        closed = true;
        if (watch != null) {
            watch.close();
        }
    }

    TrackedFile spec() {
        return spec;
    }

    boolean fault() {
        return spec.fault(value);
    }

    int adjustment() {
        return spec.adjustment(value);
    }

    long reads() {
        return reads;
    }

    HealthStatus status() {
        boolean ok = !fault();
        return new HealthValues("file " + spec.file(), spec.weight(), ok, ok, 1, detail, reads, nonZero);
    }

    /**
     * On the loop. {@code first}: the read at start, which always reports; {@code again}: the second
     * look at a file found empty, which counts whatever it finds.
     */
    private void read(boolean first, boolean again) {
        if (closed) {
            return;
        }
        String text;
        try {
            text = Files.readString(spec.file());
        } catch (NoSuchFileException e) {
            text = "";
        } catch (IOException | RuntimeException e) {
            text = "";
            log.warn("track file {}: cannot read ({}); counts as 0", spec.file(), e.toString());
        }
        if (text.isEmpty() && !first && !again && !recheckPending && Files.exists(spec.file())) {
            // Truncated, maybe about to be written: look again before it counts as 0.
            recheckPending = true;
            loop.schedule(() -> {
                recheckPending = false;
                read(false, true);
            }, loop.nanoTime() + EMPTY_RECHECK_MS * 1_000_000L);
            return;
        }
        Long parsed = parse(text);
        if (parsed == null) {
            log.warn("track file {}: '{}' is outside the 32-bit range; keeping {}", spec.file(), text.strip(), value);
            return;
        }
        apply(parsed, first);
    }

    private void apply(long v, boolean first) {
        reads++;
        if (v != 0) {
            nonZero++;
        }
        boolean moved = v != value || first;
        value = v;
        detail = "value " + v + (spec.weight() == 0 ? (fault() ? " (FAULT)" : "")
                : " * weight " + spec.weight() + (spec.reverse() ? " reversed" : "") + " = "
                + (fault() ? "FAULT" : String.valueOf(adjustment())));
        if (moved) {
            if (!first) {
                log.info("track file {}: {}", spec.file(), detail);
            }
            changed.run();
        }
    }

    /**
     * keepalived's reading ({@code strtol(buf, NULL, 0)}): optional blanks and sign, then {@code 0x}
     * hex, {@code 0} octal or decimal, up to the first other character; no number is 0. Null when
     * the number is outside [-2^31, 2^31] (keepalived ignores such a value).
     */
    static Long parse(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < n && text.charAt(i) == '0' && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                && i + 2 < n && Character.digit(text.charAt(i + 2), 16) >= 0) {
            radix = 16;
            i += 2;
        } else if (i < n && text.charAt(i) == '0') {
            radix = 8;
        }
        long v = 0;
        while (i < n) {
            int d = Character.digit(text.charAt(i), radix);
            if (d < 0) {
                break;
            }
            v = v * radix + d;
            if (v > (1L << 32)) {
                return null;
            }
            i++;
        }
        v = negative ? -v : v;
        return v < Integer.MIN_VALUE || v > (long) Integer.MAX_VALUE + 1 ? null : v;
    }
}
