package dev.failover4j.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.failover4j.codec.KeepalivedVectors.Vector;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every keepalived 2.2.7 advertisement parses to its label and re-encodes to the same bytes. */
class KeepalivedVectorTest {

    static List<Vector> adverts() {
        return KeepalivedVectors.ofKind("adv");
    }

    @Test
    void theVectorFileHoldsAllCapturedPackets() {
        // The header of the file promises 38 packets: 28 adverts, 8 GARPs, 2 unsolicited NAs.
        List<Vector> all = KeepalivedVectors.all();
        assertEquals(38, all.size(), "vectors in " + KeepalivedVectors.RESOURCE);
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

    @Test
    void everyAdvertIsAcceptedByTheLabConfigurationOfItsScenario() throws Exception {
        // The lab: VRID 51, VIP 10.77.0.100 (fd00::100 for v3-ipv6), v2 interval 1 s, v3 100 or 10 cs,
        // password "1111" for v2-auth. A backup configured like keepalived's accepts every advert.
        for (Vector v : adverts()) {
            IpPackets.Split split = split(v);
            VrrpPacket p = VrrpCodec.parse(split.vrrpMessage(), split.meta().source(), split.meta().destination()).packetOrNull();
            String scenario = KeepalivedVectors.labelFields(v).get("scenario");
            boolean v6 = scenario.equals("v3-ipv6");
            PacketValidator validator = new PacketValidator(new PacketValidator.Expectations(
                    scenario.startsWith("v2") ? VrrpVersion.V2 : VrrpVersion.V3, 51, v6, "br0", false,
                    scenario.equals("v2-auth") ? AuthType.SIMPLE_TEXT : AuthType.NONE,
                    scenario.equals("v2-auth") ? VrrpPacket.passwordBytes("1111") : new byte[8],
                    scenario.startsWith("v2") ? 1 : scenario.endsWith("10cs") ? 10 : 100,
                    List.of(InetAddress.getByName(v6 ? "fd00::100" : "10.77.0.100")), Set.of()));
            PacketValidator.Validation result = validator.validate(p, split.meta());
            if (!(result instanceof PacketValidator.Validation.Accepted a) || a.addressListMismatch()) {
                fail(v.label() + " -> " + result);
            }
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
