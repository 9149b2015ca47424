package dev.failover4j.codec;

import dev.failover4j.VrrpVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.failover4j.Rejection;
import dev.failover4j.testsupport.KeepalivedVectors;
import dev.failover4j.testsupport.KeepalivedVectors.Vector;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every keepalived 2.2.7 advertisement parses to its label and re-encodes to the same bytes; cut
 * short at any length it is rejected, never thrown.
 */
class KeepalivedVectorTest {

    static List<Vector> adverts() {
        return KeepalivedVectors.ofKind("adv");
    }

    @Test
    void theVectorFileHoldsAllCapturedPackets() {
        // The header of the file promises 38 packets: 28 adverts, 8 GARPs, 2 unsolicited NAs.
        List<Vector> all = KeepalivedVectors.all();
        assertEquals(38, all.size(), "vectors in keepalived-vectors.txt");
        assertEquals(28, adverts().size(), "advert vectors");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adverts")
    void parsesToTheFieldsInItsLabel(Vector v) throws Exception {
        IpPackets.Split split = split(v);
        ParseResult result = VrrpCodec.parse(split.vrrpMessage(), split.meta().source(), split.meta().destination());
        VrrpPacket p = assertInstanceOf(ParseResult.Parsed.class, result, () -> v.label() + " -> " + result).packet();

        Map<String, String> f = KeepalivedVectors.labelFields(v);
        boolean v2 = f.get("scenario").startsWith("v2");
        assertEquals(v2 ? VrrpVersion.V2 : VrrpVersion.V3, p.version());
        assertEquals(Integer.parseInt(f.get("vrid")), p.vrid());
        assertEquals(Integer.parseInt(f.get("prio")), p.priority());
        assertEquals(Integer.parseInt(f.get("int")), p.intervalUnits());
        assertEquals(v2 ? "s" : "cs", f.get("intUnit"));
        if (v2) {
            int auth = Integer.parseInt(f.get("auth"));
            assertEquals(auth, p.authType());
            byte[] expectedData = auth == 1 ? VrrpPacket.passwordBytes("1111") : new byte[8];
            assertTrue(p.authDataEquals(expectedData), "auth data of " + v.label());
        }
        assertEquals(List.of(InetAddress.getByName(v.commentField("vips"))).toString(), p.addresses().toString());
        assertEquals(255, split.meta().ttl(), "keepalived sends TTL / hop limit 255");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adverts")
    void reEncodesToTheIdenticalVrrpMessage(Vector v) {
        IpPackets.Split split = split(v);
        VrrpPacket p = VrrpCodec.parse(split.vrrpMessage(), split.meta().source(), split.meta().destination()).packetOrNull();
        byte[] expected = toArray(split.vrrpMessage());
        byte[] actual = VrrpCodec.encode(p, split.meta().source(), split.meta().destination());
        assertHexEquals(expected, actual, v.label() + " VRRP message");
        // The decode comment's checksum is keepalived's; ours must be the same number.
        assertEquals(v.commentField("cksum").substring(0, 4), KeepalivedVectors.hex(Arrays.copyOfRange(actual, 6, 8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adverts")
    void ourIpHeaderMatchesKeepalivedsInTheFieldsWeControl(Vector v) throws Exception {
        IpPackets.Split split = split(v);
        byte[] msg = toArray(split.vrrpMessage());
        byte[] captured = v.bytes();
        int version = (captured[0] & 0xff) >>> 4;
        if (version == 4) {
            // Same id as captured (the kernel or keepalived picks it), so the header checksum must match too.
            int id = ((captured[4] & 0xff) << 8) | (captured[5] & 0xff);
            byte[] ours = IpPackets.ipv4Packet(msg, (Inet4Address) split.meta().source(),
                    (Inet4Address) split.meta().destination(), id);
            assertHexEquals(captured, ours, v.label() + " IPv4 packet");
        } else {
            // IPv6: the kernel builds the header. What we set through socket options must match:
            // traffic class 0xc0 and hop limit 255. The flow label is the kernel's choice.
            int trafficClass = ((captured[0] & 0x0f) << 4) | ((captured[1] & 0xf0) >>> 4);
            assertEquals(IpPackets.TOS_NETWORK_CONTROL, trafficClass, "traffic class");
            assertEquals(IpPackets.VRRP_TTL, captured[7] & 0xff, "hop limit");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adverts")
    void truncationAtEveryLengthIsRejectedNeverThrown(Vector v) {
        IpPackets.Split whole = split(v);
        byte[] msg = toArray(whole.vrrpMessage());
        for (int len = 0; len < msg.length; len++) {
            ParseResult r = VrrpCodec.parse(ByteBuffer.wrap(msg, 0, len), whole.meta().source(), whole.meta().destination());
            Rejection reason = r.rejectionOrNull();
            assertTrue(reason == Rejection.TOO_SHORT || reason == Rejection.LENGTH_MISMATCH,
                    v.label() + " cut to " + len + " bytes -> " + r);
        }
        byte[] ip = v.bytes();
        for (int len = 0; len < ip.length; len++) {
            int cut = len;
            IpPackets.SplitResult s = IpPackets.split(ByteBuffer.wrap(ip, 0, cut), "br0");
            assertInstanceOf(IpPackets.Rejected.class, s, () -> v.label() + " IP packet cut to " + ip.length);
        }
    }

    static IpPackets.Split split(Vector v) {
        IpPackets.SplitResult r = IpPackets.split(ByteBuffer.wrap(v.bytes()), "br0");
        return assertInstanceOf(IpPackets.Ok.class, r, () -> v.label() + " -> " + r).split();
    }

    static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static void assertHexEquals(byte[] expected, byte[] actual, String what) {
        if (!Arrays.equals(expected, actual)) {
            fail(what + " differs\n  expected: " + KeepalivedVectors.hex(expected)
                    + "\n  actual:   " + KeepalivedVectors.hex(actual)
                    + "\n  first difference at byte " + Arrays.mismatch(expected, actual));
        }
    }
}
