package dev.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A script line into argv as keepalived splits it: quotes group, backslashes escape, no shell. */
class CommandTest {

    @Test
    void quotesGroupAndJoinAndBackslashesEscapeAsInKeepalived() {
        assertEquals(List.of("/x.sh", "a", "b c"), Command.split("/x.sh a 'b c'"));
        assertEquals(List.of("/x.sh", "one two", "it's"), Command.split("/x.sh \"one two\" it\\'s"));
        assertEquals(List.of("--url=http://h/a b"), Command.split("--url='http://h/a b'"));
        assertEquals(List.of("tab\there", "A"), Command.split("tab\\there \\x41"));
        assertEquals(List.of("$HOME", "*.conf", "|", "wc"), Command.split("$HOME *.conf | wc"), "no shell: passed as they are");
        assertEquals(List.of(), Command.split("   "));
    }
}
