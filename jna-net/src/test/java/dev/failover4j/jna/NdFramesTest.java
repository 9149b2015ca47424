package dev.failover4j.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.failover4j.jna.internal.Ancillary;
import dev.failover4j.testsupport.KeepalivedVectors;
import dev.failover4j.testsupport.KeepalivedVectors.Vector;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unsolicited NAs byte-compatible with keepalived's; IPv6 receive metadata from control messages. */
class NdFramesTest {

    @Test
    void everyKeepalivedUnsolicitedNaVectorIsWhatWeBuild() throws IOException {
        List<Vector> nas = KeepalivedVectors.ofKind("una");
        assertEquals(2, nas.size(), "unsolicited NA vectors in the file");
        for (Vector v : nas) {
            byte[] captured = v.bytes();
            byte[] mac = Arrays.copyOfRange(captured, captured.length - 6, captured.length); // target link-layer option
            Inet6Address vip = (Inet6Address) InetAddress.getByName(v.label().substring(v.label().lastIndexOf('/') + 1));
            byte[] ours = NdFrames.unsolicitedNa(mac, vip);
            assertArrayEquals(captured, ours, v.label() + "\n expected " + KeepalivedVectors.hex(captured)
                    + "\n actual   " + KeepalivedVectors.hex(ours));
            byte[] frame = NdFrames.unsolicitedNaFrame(mac, vip);
            assertEquals("333300000001" + HexFormat.of().formatHex(mac) + "86dd", HexFormat.of().formatHex(frame, 0, 14));
        }
    }

    @Test
    void hopLimitAndDestinationComeFromTheControlMessages() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        b.putLong(20).putInt(41).putInt(52).putInt(255).putInt(0);          // IPV6_HOPLIMIT 255, padded to 24
        b.putLong(36).putInt(41).putInt(50);                                // IPV6_PKTINFO
        b.put(InetAddress.getByName("ff02::12").getAddress()).putInt(3);    //   ff02::12 on ifindex 3
        Ancillary.Info info = Ancillary.parse(b.array(), 24 + 36);
        assertEquals(255, info.hopLimit());
        assertEquals(InetAddress.getByName("ff02::12"), info.destination());
        assertEquals(3, info.ifindex());
        Ancillary.Info cut = Ancillary.parse(b.array(), 30);
        assertEquals(255, cut.hopLimit());
        assertEquals(null, cut.destination(), "a truncated control message is not read");
    }
}
