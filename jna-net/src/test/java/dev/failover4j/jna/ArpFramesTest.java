package dev.failover4j.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our gratuitous ARP is keepalived 2.2.7's, byte for byte (vectors captured from it). */
class ArpFramesTest {

    @Test
    void everyKeepalivedGarpVectorIsWhatWeBuild() throws IOException {
        List<String[]> garps = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/keepalived-vectors.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#") && line.contains("/garp/")) {
                    garps.add(line.trim().split("\\s+"));
                }
            }
        }
        assertEquals(8, garps.size(), "GARP vectors in the file");
        for (String[] v : garps) {
            byte[] captured = HexFormat.of().parseHex(v[1]);
            byte[] mac = java.util.Arrays.copyOfRange(captured, 6, 12);
            Inet4Address vip = (Inet4Address) InetAddress.getByName(v[0].substring(v[0].lastIndexOf('/') + 1));
            byte[] ours = ArpFrames.gratuitousArp(mac, vip);
            assertArrayEquals(captured, ours, v[0] + "\n expected " + v[1] + "\n actual   " + HexFormat.of().formatHex(ours));
        }
    }
}
