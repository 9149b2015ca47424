package dev.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** journald's priorities for the log levels the agent uses. */
class JournalFormatterTest {

    @Test
    void levelsMapToSyslogPriorities() {
        assertEquals(3, JournalFormatter.priority(Level.SEVERE), "error");
        assertEquals(4, JournalFormatter.priority(Level.WARNING), "warning");
        assertEquals(6, JournalFormatter.priority(Level.INFO), "info");
        assertEquals(7, JournalFormatter.priority(Level.FINE), "debug");
    }
}
