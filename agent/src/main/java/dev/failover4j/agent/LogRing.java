package dev.failover4j.agent;

import dev.failover4j.console.ConsoleBackend;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** The last {@value #CAPACITY} log records, for the console's log page (live: the page asks for those after its last). */
final class LogRing extends Handler implements ConsoleBackend.LogSource {

    static final int CAPACITY = 1000;
    private final ArrayDeque<ConsoleBackend.LogLine> lines = new ArrayDeque<>();
    private long seq;

    @Override
    public synchronized void publish(LogRecord r) {
        if (!isLoggable(r)) {
            return;
        }
        String message = r.getMessage();
        Object[] params = r.getParameters();
        if (params != null && params.length > 0 && message != null && message.contains("{")) {
            message = java.text.MessageFormat.format(message.replace("'", "''"), params);
        }
        if (r.getThrown() != null) {
            message = message + ": " + r.getThrown();
        }
        if (lines.size() >= CAPACITY) {
            lines.removeFirst();
        }
        lines.addLast(new ConsoleBackend.LogLine(++seq, r.getMillis(), r.getLevel().getName(),
                r.getLoggerName() == null ? "" : r.getLoggerName(), message == null ? "" : message));
    }

    @Override
    public synchronized List<ConsoleBackend.LogLine> after(long afterSeq) {
        List<ConsoleBackend.LogLine> out = new ArrayList<>();
        for (ConsoleBackend.LogLine l : lines) {
            if (l.seq() > afterSeq) {
                out.add(l);
            }
        }
        return out;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
