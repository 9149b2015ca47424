package dev.failover4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.HaConfig;
import dev.failover4j.HaGroup;
import dev.failover4j.Rejection;
import dev.failover4j.codec.Checksums;
import dev.failover4j.codec.IpPackets;
import dev.failover4j.codec.ParseResult;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import dev.failover4j.testsupport.KeepalivedVectors;
import dev.failover4j.testsupport.KeepalivedVectors.Vector;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One hand-made packet per {@link Rejection}, annotated byte by byte, each rejected for exactly
 * that reason (parsing and the engine's receive checks), and every captured advert accepted by the
 * configuration it was captured with.
 */
class RejectionTest {

    static final InetAddress SRC4 = ip("10.77.0.10");
    static final InetAddress MCAST4 = ip("224.0.0.18");
    static final InetAddress SRC6 = ip("fe80::77:ff:fe00:a");
    static final InetAddress MCAST6 = ip("ff02::12");
    static final InetAddress VIP = ip("10.77.0.100");

    /** The group every validation case is checked against: v2, VRID 51, PASS "1111", 1 s, VIP 10.77.0.100, on br0. */
    static final ReceiveChecks V2_GROUP = new ReceiveChecks(group().buildConfig());

    /** v2, VRID 51, PASS "1111", 1 s, VIP 10.77.0.100/24, on br0. */
    static HaGroup.Builder group() {
        return HaGroup.builder().interfaceName("br0").vrid(51).authPassword("1111").virtualAddress("10.77.0.100/24");
    }

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
        m.put(Rejection.NO_ADDRESSES, new Case("VRRPv3 with count 0 to a group with a VIP", () -> validate(
                new ReceiveChecks(HaGroup.builder().interfaceName("br0").vrid(51).vrrpVersion(3)
                        .advertInterval(java.time.Duration.ofSeconds(1)).virtualAddress(VIP.getHostAddress() + "/24").buildConfig()),
                fixV3Checksum(bytes("31" /* version 3, type 1 */, "33", "65", "00" /* count 0 */, "0064" /* rsvd 0, 100 cs */,
                        "0000")), META4)));
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
            return validate(new ReceiveChecks(group().priority(255).buildConfig()), validV2(), META4);
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
            ReceiveChecks unicast = new ReceiveChecks(group().unicastPeer("10.77.0.20").buildConfig());
            return validate(unicast, validV2(), new RxMeta(SRC4, ip("10.77.0.20"), 255, "br0"));
        }));
        return m;
    }

    /** The auth_hmac reasons (HMAC_*) are the driver's, before the engine: HmacGateTest has their packets. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Rejection.class, mode = EnumSource.Mode.MATCH_NONE, names = "HMAC_.*")
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
        assertEquals(ReceiveChecks.Verdict.ACCEPTED_OWNER_LIST_MISMATCH, V2_GROUP.check(p, META4));
    }

    @Test
    void inUnicastModeTheTtlIsNotCheckedThePeerListIs() {
        // keepalived skips the TTL check for unicast peers (they may set unicast_ttl or be routed).
        ReceiveChecks unicast = new ReceiveChecks(group().unicastPeer(SRC4.getHostAddress()).buildConfig());
        assertEquals(null, validate(unicast, validV2(), new RxMeta(SRC4, ip("10.77.0.20"), 64, "br0")));
        assertEquals(Rejection.NOT_FROM_PEER, validate(unicast, validV2(), new RxMeta(ip("10.77.0.66"), ip("10.77.0.20"), 255, "br0")));
    }

    @Test
    void v3IntervalIsNotCheckedBackupsAdoptIt() {
        ReceiveChecks v3 = new ReceiveChecks(HaGroup.builder().interfaceName("br0").vrid(51).vrrpVersion(3)
                .advertInterval(java.time.Duration.ofSeconds(1)).virtualAddress("10.77.0.100/24").buildConfig());
        VrrpPacket p = VrrpPacket.v3(51, 101, 10, List.of(VIP));
        assertEquals(ReceiveChecks.Verdict.ACCEPTED, v3.check(p, META4));
    }

    @Test
    void everyCapturedAdvertIsAcceptedByTheLabConfigurationOfItsScenario() throws Exception {
        // The lab: VRID 51, VIP 10.77.0.100 (fd00::100 for v3-ipv6), v2 interval 1 s, v3 100 or 10 cs,
        // password "1111" for v2-auth. A backup configured like keepalived's accepts every advert.
        for (Vector v : KeepalivedVectors.ofKind("adv")) {
            IpPackets.SplitResult r = IpPackets.split(ByteBuffer.wrap(v.bytes()), "br0");
            IpPackets.Split split = assertInstanceOf(IpPackets.Ok.class, r, () -> v.label() + " -> " + r).split();
            VrrpPacket p = VrrpCodec.parse(split.vrrpMessage(), split.meta().source(), split.meta().destination()).packetOrNull();
            String scenario = KeepalivedVectors.labelFields(v).get("scenario");
            boolean v6 = scenario.equals("v3-ipv6");
            HaGroup.Builder b = HaGroup.builder().interfaceName("br0").vrid(51)
                    .virtualAddress(v6 ? "fd00::100/64" : "10.77.0.100/24");
            if (scenario.startsWith("v2")) {
                b.vrrpVersion(2).advertInterval(java.time.Duration.ofSeconds(1));
            } else {
                b.vrrpVersion(3).advertInterval(java.time.Duration.ofMillis(scenario.endsWith("10cs") ? 100 : 1000));
            }
            if (scenario.equals("v2-auth")) {
                b.authPassword("1111");
            }
            ReceiveChecks.Verdict verdict = new ReceiveChecks(b.buildConfig()).check(p, split.meta());
            assertEquals(ReceiveChecks.Verdict.ACCEPTED, verdict, v.label());
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

    static Rejection validate(ReceiveChecks checks, byte[] msg, RxMeta meta) {
        ParseResult r = VrrpCodec.parse(msg, meta.source(), meta.destination());
        if (r instanceof ParseResult.Rejected rej) {
            throw new AssertionError("case packet does not even parse: " + rej);
        }
        return checks.check(r.packetOrNull(), meta).rejection();
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
        ByteBuffer pseudo = ByteBuffer.allocate(12 + msg.length); // RFC 5798 §5.2.8: IPv4 pseudo-header, then the message
        pseudo.put(SRC4.getAddress()).put(MCAST4.getAddress()).put((byte) 0).put((byte) VrrpCodec.IP_PROTOCOL)
                .putShort((short) msg.length).put(msg);
        int sum = Checksums.of(pseudo.array(), 0, pseudo.capacity());
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
