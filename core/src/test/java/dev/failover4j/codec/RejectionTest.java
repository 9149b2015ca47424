package dev.failover4j.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.codec.KeepalivedVectors.Vector;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One hand-made packet per {@link Rejection}, annotated byte by byte, each rejected for exactly
 * that reason; and truncation of every captured advert at every length.
 */
class RejectionTest {

    static final InetAddress SRC4 = ip("10.77.0.10");
    static final InetAddress MCAST4 = ip("224.0.0.18");
    static final InetAddress SRC6 = ip("fe80::77:ff:fe00:a");
    static final InetAddress MCAST6 = ip("ff02::12");
    static final InetAddress VIP = ip("10.77.0.100");

    /** The group every validation case is checked against: v2, VRID 51, PASS "1111", 1 s, VIP 10.77.0.100, on br0. */
    static final PacketValidator V2_GROUP = new PacketValidator(new PacketValidator.Expectations(
            VrrpVersion.V2, 51, false, "br0", false, AuthType.SIMPLE_TEXT, VrrpPacket.passwordBytes("1111"), 1,
            List.of(VIP), Set.of()));

    /** A valid VRRPv2 advert, keepalived's v2-auth vector from ha1, as the base for edits. */
    static byte[] validV2() {
        return bytes(
                "21",               // version 2, type 1
                "33",               // VRID 51
                "65",               // priority 101
                "01",               // count 1
                "01",               // auth type 1 (PASS)
                "01",               // advert interval 1 s
                "0bb7",             // checksum
                "0a4d0064",         // 10.77.0.100
                "3131313100000000"  // "1111" NUL-padded
        );
    }

    static final RxMeta META4 = new RxMeta(SRC4, MCAST4, 255, "br0");

    /** What one case does: parse (and validate, if it parsed) and report the first rejection. */
    record Case(String description, Supplier<Rejection> run) {
    }

    static Map<Rejection, Case> cases() {
        Map<Rejection, Case> m = new EnumMap<>(Rejection.class);
        m.put(Rejection.TOO_SHORT, new Case("7 bytes: one short of the fixed header", () -> parse(bytes(
                "21", "33", "65", "01", "01", "01", "0b" /* checksum cut after its first byte */), SRC4, MCAST4)));
        m.put(Rejection.BAD_IP_HEADER, new Case("IPv4 total length 0x0100 beyond the 40 captured bytes", () -> split(String.join("",
                "45", "c0", "0100" /* total length 256, only 40 bytes follow */, "0001", "0000", "ff", "70", "d03b",
                "0a4d000a", "e0000012") + hexOf(validV2()))));
        m.put(Rejection.NOT_VRRP, new Case("IPv4 protocol 17 (UDP) instead of 112", () -> split(String.join("",
                "45", "c0", "0028", "0001", "0000", "ff", "11" /* protocol 17 */, "0000",
                "0a4d000a", "e0000012") + hexOf(validV2()))));
        m.put(Rejection.BAD_VERSION, new Case("version nibble 4", () -> parse(fixChecksum(bytes(
                "41" /* version 4, type 1 */, "33", "65", "01", "01", "01", "0000", "0a4d0064", "3131313100000000")),
                SRC4, MCAST4)));
        m.put(Rejection.BAD_TYPE, new Case("type 2 (not ADVERTISEMENT)", () -> parse(fixChecksum(bytes(
                "22" /* version 2, type 2 */, "33", "65", "01", "01", "01", "0000", "0a4d0064", "3131313100000000")),
                SRC4, MCAST4)));
        m.put(Rejection.LENGTH_MISMATCH, new Case("count 2 but one address and the auth data", () -> parse(fixChecksum(bytes(
                "21", "33", "65", "02" /* count 2: needs 8+8+8 = 24 bytes, 20 present */, "01", "01", "0000",
                "0a4d0064", "3131313100000000")), SRC4, MCAST4)));
        m.put(Rejection.NO_ADDRESSES, new Case("VRRPv3 with count 0", () -> parse(fixV3Checksum(bytes(
                "31" /* version 3, type 1 */, "33", "65", "00" /* count 0 */, "0064" /* rsvd 0, 100 cs */, "0000")),
                SRC4, MCAST4)));
        m.put(Rejection.ZERO_INTERVAL, new Case("VRRPv3 Max Adver Int 0", () -> parse(fixV3Checksum(bytes(
                "31", "33", "65", "01", "0000" /* rsvd 0, interval 0 cs */, "0000", "0a4d0064")), SRC4, MCAST4)));
        m.put(Rejection.BAD_CHECKSUM, new Case("the v2-auth vector with checksum 0x0bb8 instead of 0x0bb7", () -> parse(bytes(
                "21", "33", "65", "01", "01", "01", "0bb8" /* off by one */, "0a4d0064", "3131313100000000"), SRC4, MCAST4)));

        m.put(Rejection.BAD_TTL, new Case("valid advert received with TTL 254 (it crossed a router)",
                () -> validate(validV2(), new RxMeta(SRC4, MCAST4, 254, "br0"))));
        m.put(Rejection.VERSION_MISMATCH, new Case("a valid VRRPv3 advert to a v2 group", () -> validate(
                VrrpCodec.encode(VrrpPacket.v3(51, 101, 100, List.of(VIP)), SRC4, MCAST4), META4)));
        m.put(Rejection.VRID_MISMATCH, new Case("VRID 52 for a VRID 51 group", () -> validate(fixChecksum(bytes(
                "21", "34" /* VRID 52 */, "65", "01", "01", "01", "0000", "0a4d0064", "3131313100000000")), META4)));
        m.put(Rejection.FAMILY_MISMATCH, new Case("a valid VRRPv3 IPv6 advert to an IPv4 group", () -> validate(
                VrrpCodec.encode(VrrpPacket.v3(51, 101, 100, List.of(ip("fd00::100"))), SRC6, MCAST6),
                new RxMeta(SRC6, MCAST6, 255, "br0"))));
        m.put(Rejection.WRONG_INTERFACE, new Case("valid advert received on eth1, group is on br0",
                () -> validate(validV2(), new RxMeta(SRC4, MCAST4, 255, "eth1"))));
        m.put(Rejection.LOCAL_OWNER, new Case("valid advert to a group whose priority is 255", () -> {
            PacketValidator owner = new PacketValidator(new PacketValidator.Expectations(VrrpVersion.V2, 51, false, "br0",
                    true, AuthType.SIMPLE_TEXT, VrrpPacket.passwordBytes("1111"), 1, List.of(VIP), Set.of()));
            return validate(owner, validV2(), META4);
        }));
        m.put(Rejection.AUTH_TYPE_MISMATCH, new Case("auth type 0 to a PASS group", () -> validate(fixChecksum(bytes(
                "21", "33", "65", "01", "00" /* auth type 0 */, "01", "0000", "0a4d0064", "0000000000000000")), META4)));
        m.put(Rejection.AUTH_FAILURE, new Case("password \"1112\"", () -> validate(fixChecksum(bytes(
                "21", "33", "65", "01", "01", "01", "0000", "0a4d0064", "3131313200000000" /* "1112" */)), META4)));
        m.put(Rejection.ADDRESS_LIST_MISMATCH, new Case("VIP 10.77.0.101 instead of 10.77.0.100, priority 101", () -> validate(
                fixChecksum(bytes("21", "33", "65", "01", "01", "01", "0000", "0a4d0065" /* .101 */, "3131313100000000")), META4)));
        m.put(Rejection.INTERVAL_MISMATCH, new Case("advert interval 2 s to a 1 s group", () -> validate(fixChecksum(bytes(
                "21", "33", "65", "01", "01", "02" /* 2 s */, "0000", "0a4d0064", "3131313100000000")), META4)));
        m.put(Rejection.NOT_FROM_PEER, new Case("unicast group with peer 10.77.0.20, advert from 10.77.0.10", () -> {
            PacketValidator unicast = new PacketValidator(new PacketValidator.Expectations(VrrpVersion.V2, 51, false, "br0",
                    false, AuthType.SIMPLE_TEXT, VrrpPacket.passwordBytes("1111"), 1, List.of(VIP), Set.of(ip("10.77.0.20"))));
            return validate(unicast, validV2(), new RxMeta(SRC4, ip("10.77.0.20"), 255, "br0"));
        }));
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Rejection.class)
    void eachReasonHasAHandMadePacketRejectedForExactlyThatReason(Rejection reason) {
        Case c = cases().get(reason);
        assertNotNull(c, "no hand-made packet for " + reason);
        assertEquals(reason, c.run().get(), c.description());
    }

    @Test
    void theBaseAdvertItselfIsAccepted() {
        // Guards the cases above: each differs from a packet that passes.
        assertEquals(null, validate(validV2(), META4));
    }

    @Test
    void anOwnersAdvertWithOtherAddressesIsAcceptedAndFlagged() {
        // RFC 3768 §7.1: "If the packet was not generated by the address owner ... MUST drop,
        // otherwise continue processing." (keepalived drops it at any priority.)
        byte[] owner = fixChecksum(bytes("21", "33", "ff" /* 255 */, "01", "01", "01", "0000", "0a4d0065", "3131313100000000"));
        VrrpPacket p = VrrpCodec.parse(owner, SRC4, MCAST4).packetOrNull();
        var v = assertInstanceOf(PacketValidator.Validation.Accepted.class, V2_GROUP.validate(p, META4));
        assertTrue(v.addressListMismatch());
    }

    @Test
    void inUnicastModeTheTtlIsNotCheckedThePeerListIs() {
        // keepalived skips the TTL check for unicast peers (they may set unicast_ttl or be routed).
        PacketValidator unicast = new PacketValidator(new PacketValidator.Expectations(VrrpVersion.V2, 51, false, "br0",
                false, AuthType.SIMPLE_TEXT, VrrpPacket.passwordBytes("1111"), 1, List.of(VIP), Set.of(SRC4)));
        assertEquals(null, validate(unicast, validV2(), new RxMeta(SRC4, ip("10.77.0.20"), 64, "br0")));
        assertEquals(Rejection.NOT_FROM_PEER, validate(unicast, validV2(), new RxMeta(ip("10.77.0.66"), ip("10.77.0.20"), 255, "br0")));
    }

    @Test
    void v3IntervalIsNotCheckedBackupsAdoptIt() {
        PacketValidator v3 = new PacketValidator(new PacketValidator.Expectations(VrrpVersion.V3, 51, false, "br0",
                false, AuthType.NONE, new byte[8], 100, List.of(VIP), Set.of()));
        VrrpPacket p = VrrpPacket.v3(51, 101, 10, List.of(VIP));
        assertInstanceOf(PacketValidator.Validation.Accepted.class, v3.validate(p, META4));
    }

    static List<Vector> adverts() {
        return KeepalivedVectors.ofKind("adv");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adverts")
    void truncationAtEveryLengthIsRejectedNeverThrown(Vector v) {
        IpPackets.Split whole = KeepalivedVectorTest.split(v);
        byte[] msg = KeepalivedVectorTest.toArray(whole.vrrpMessage());
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

    // ---- helpers ----

    static Rejection parse(byte[] msg, InetAddress src, InetAddress dst) {
        return VrrpCodec.parse(msg, src, dst).rejectionOrNull();
    }

    static Rejection split(String ipPacketHex) {
        IpPackets.SplitResult r = IpPackets.split(ByteBuffer.wrap(bytes(ipPacketHex)), "br0");
        return r instanceof IpPackets.Rejected rej ? rej.reason() : null;
    }

    static Rejection validate(byte[] msg, RxMeta meta) {
        return validate(V2_GROUP, msg, meta);
    }

    static Rejection validate(PacketValidator validator, byte[] msg, RxMeta meta) {
        ParseResult r = VrrpCodec.parse(msg, meta.source(), meta.destination());
        if (r instanceof ParseResult.Rejected rej) {
            throw new AssertionError("case packet does not even parse: " + rej);
        }
        PacketValidator.Validation v = validator.validate(r.packetOrNull(), meta);
        return v instanceof PacketValidator.Validation.Rejected rej ? rej.reason() : null;
    }

    /** Sets the v2 checksum (over the message only) so that only the annotated field is wrong. */
    static byte[] fixChecksum(byte[] msg) {
        msg[6] = 0;
        msg[7] = 0;
        int sum = Checksums.of(msg, 0, msg.length);
        msg[6] = (byte) (sum >>> 8);
        msg[7] = (byte) sum;
        return msg;
    }

    /** Sets the v3 checksum with the IPv4 pseudo-header SRC4 -> 224.0.0.18. */
    static byte[] fixV3Checksum(byte[] msg) {
        msg[6] = 0;
        msg[7] = 0;
        int sum = Checksums.finish(Checksums.add(VrrpCodec.pseudoHeaderSum(SRC4, MCAST4, msg.length),
                ByteBuffer.wrap(msg), 0, msg.length));
        msg[6] = (byte) (sum >>> 8);
        msg[7] = (byte) sum;
        return msg;
    }

    static byte[] bytes(String... hexParts) {
        return java.util.HexFormat.of().parseHex(String.join("", hexParts));
    }

    static String hexOf(byte[] b) {
        return KeepalivedVectors.hex(b);
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
