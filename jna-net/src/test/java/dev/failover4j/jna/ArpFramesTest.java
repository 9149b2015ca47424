package dev.failover4j.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.failover4j.testsupport.KeepalivedVectors;
import dev.failover4j.testsupport.KeepalivedVectors.Vector;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our gratuitous ARP is keepalived 2.2.7's, byte for byte (vectors captured from it). */
class ArpFramesTest {

    @Test
    void everyKeepalivedGarpVectorIsWhatWeBuild() throws IOException {
        List<Vector> garps = KeepalivedVectors.ofKind("garp");
        assertEquals(8, garps.size(), "GARP vectors in the file");
        for (Vector v : garps) {
            byte[] captured = v.bytes();
            byte[] mac = java.util.Arrays.copyOfRange(captured, 6, 12);
            Inet4Address vip = (Inet4Address) InetAddress.getByName(v.label().substring(v.label().lastIndexOf('/') + 1));
            byte[] ours = ArpFrames.gratuitousArp(mac, vip);
            assertArrayEquals(captured, ours, v.label() + "\n expected " + KeepalivedVectors.hex(captured)
                    + "\n actual   " + KeepalivedVectors.hex(ours));
        }
    }
}
