package dev.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keepalived's track_file rules (keepalived.conf(5), "Track files"; its reader is strtol(buf, NULL, 0)). */
class TrackedFileTest {

    @Test
    void theValueIsReadAsKeepalivedsStrtolReadsIt() {
        assertEquals(12L, FileTracker.parse("12\n"));
        assertEquals(-7L, FileTracker.parse("  -7"));
        assertEquals(255L, FileTracker.parse("0xff"));
        assertEquals(8L, FileTracker.parse("010"), "a leading 0 is octal");
        assertEquals(3L, FileTracker.parse("3 apples"), "anything after the number is ignored");
        assertEquals(0L, FileTracker.parse(""), "an empty file is 0");
        assertEquals(0L, FileTracker.parse("down"), "no number is 0");
        assertEquals(2147483648L, FileTracker.parse("2147483648"), "keepalived allows INT32_MAX + 1");
        assertNull(FileTracker.parse("99999999999"), "outside 32 bits: ignored, the old value stays");
        assertNull(FileTracker.parse("-2147483649"));
    }

    @Test
    void weightZeroMeansFaultWhileTheValueIsNotZero() {
        TrackedFile f = new TrackedFile(Path.of("/tmp/x"), 0, false);
        assertFalse(f.fault(0));
        assertTrue(f.fault(1));
        assertTrue(f.fault(-3));
        assertEquals(0, f.adjustment(5));
        TrackedFile reversed = new TrackedFile(Path.of("/tmp/x"), 0, true);
        assertTrue(reversed.fault(0), "reverse: FAULT while 0");
        assertFalse(reversed.fault(1));
    }

    @Test
    void otherwiseValueTimesWeightMovesThePriorityAndBelowMinus253IsFault() {
        TrackedFile f = new TrackedFile(Path.of("/tmp/x"), -10, false);
        assertEquals(-30, f.adjustment(3));
        assertEquals(20, f.adjustment(-2));
        assertEquals(-250, f.adjustment(25));
        assertFalse(f.fault(25));
        assertTrue(f.fault(26), "-260 < -253");
        assertEquals(253, new TrackedFile(Path.of("/tmp/x"), 100, false).adjustment(9), "capped at 253");
        assertEquals(30, new TrackedFile(Path.of("/tmp/x"), -10, true).adjustment(3), "reverse turns the sign");
    }

    @Test
    void everyBadTrackedFileIsReportedAtOnce(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> HaGroup.builder().interfaceName("eth0").vrid(51)
                .virtualAddress("10.0.0.100/24")
                .trackFile(dir.resolve("a"), 300)
                .trackFile(dir.resolve("a"), -5)
                .trackFile(dir.resolve("missing-dir/b"), 1)
                .trackFile(dir, 1)
                .buildConfig());
        String m = e.getMessage();
        assertTrue(m.contains("weight 300 is out of range (allowed -254..254"), m);
        assertTrue(m.contains("tracked twice"), m);
        assertTrue(m.contains("missing-dir does not exist"), m);
        assertTrue(m.contains("is a directory"), m);
    }

    @Test
    void everyBadTrackedInterfaceIsReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> HaGroup.builder().interfaceName("eth0").vrid(51)
                .virtualAddress("10.0.0.100/24")
                .trackInterface("eth0", 0)
                .trackInterface("eth1", 300)
                .trackInterface("eth1", -2)
                .trackInterface("bad name", 0)
                .buildConfig());
        String m = e.getMessage();
        assertTrue(m.contains("trackInterface eth0: is the group's own interface"), m);
        assertTrue(m.contains("trackInterface eth1: weight 300 is out of range"), m);
        assertTrue(m.contains("trackInterface eth1: tracked twice"), m);
        assertTrue(m.contains("trackInterface bad name: not a Linux interface name"), m);
    }

    @Test
    void theFileNeedNotExistOnlyItsDirectory(@TempDir Path dir) throws Exception {
        HaConfig c = HaGroup.builder().interfaceName("eth0").vrid(51).virtualAddress("10.0.0.100/24")
                .trackFile(dir.resolve("not-yet"), -50).buildConfig();
        assertEquals(1, c.trackedFiles().size());
        assertTrue(c.toString().contains("not-yet weight -50"), c.toString());
        assertFalse(Files.exists(dir.resolve("not-yet")));
        assertEquals(Duration.ofSeconds(1), c.advertInterval());
    }
}
