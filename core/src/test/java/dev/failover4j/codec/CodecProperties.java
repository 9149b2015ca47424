package dev.failover4j.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the codec over generated packets and bytes. */
class CodecProperties {

    /** A packet with the addresses it travels between. */
    record OnWire(VrrpPacket packet, InetAddress source, InetAddress destination) {
    }

    @Property(tries = 2000)
    void encodeThenParseGivesThePacketBack(@ForAll("packets") OnWire w) {
        byte[] msg = VrrpCodec.encode(w.packet(), w.source(), w.destination());
        ParseResult r = VrrpCodec.parse(msg, w.source(), w.destination());
        assertEquals(w.packet(), assertInstanceOf(ParseResult.Parsed.class, r, r::toString).packet());
    }

    @Property(tries = 2000)
    void anySingleBitFlipIsRejected(@ForAll("packets") OnWire w, @ForAll @IntRange(min = 0, max = 10_000) int bitSeed) {
        byte[] msg = VrrpCodec.encode(w.packet(), w.source(), w.destination());
        int bit = bitSeed % (msg.length * 8);
        msg[bit / 8] ^= (byte) (1 << (bit % 8));
        ParseResult r = VrrpCodec.parse(msg, w.source(), w.destination());
        assertInstanceOf(ParseResult.Rejected.class, r, () -> "bit " + bit + " flipped, still parsed: " + r);
    }

    @Property(tries = 5000)
    void arbitraryBytesAreParsedOrRejectedAndTheParserKeepsWorking(
            @ForAll @Size(max = 300) byte[] junk, @ForAll boolean ipv6) {
        InetAddress src = ipv6 ? ip("fe80::1") : ip("10.0.0.1");
        InetAddress dst = ipv6 ? ip("ff02::12") : ip("224.0.0.18");
        ParseResult r = VrrpCodec.parse(junk, src, dst);
        assertNotNull(r);
        IpPackets.SplitResult s = IpPackets.split(ByteBuffer.wrap(junk), "eth0");
        assertNotNull(s);
        if (s instanceof IpPackets.Ok ok) {
            assertNotNull(VrrpCodec.parse(ok.split().vrrpMessage(), ok.split().meta().source(),
                    ok.split().meta().destination()));
        }
        // No state is kept between calls: a good packet still parses after the junk.
        VrrpPacket good = VrrpPacket.v2(7, 100, 1, AuthType.NONE, null, List.of((Inet4Address) ip("192.0.2.1")));
        assertEquals(good, VrrpCodec.parse(VrrpCodec.encode(good, src4(), dst4()), src4(), dst4()).packetOrNull());
    }

    @Provide
    Arbitrary<OnWire> packets() {
        Arbitrary<Integer> vrid = Arbitraries.integers().between(1, 255);
        Arbitrary<Integer> prio = Arbitraries.integers().between(0, 255);
        Arbitrary<OnWire> v2 = Combinators.combine(vrid, prio, Arbitraries.integers().between(1, 255),
                Arbitraries.of(AuthType.NONE, AuthType.SIMPLE_TEXT),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8),
                v4Addresses().list().ofMinSize(0).ofMaxSize(20), v4Addresses(), v4Addresses())
                .as((id, p, i, auth, pass, addrs, s, d) -> new OnWire(
                        VrrpPacket.v2(id, p, i, auth, pass, addrs), s, d));
        Arbitrary<OnWire> v3v4 = Combinators.combine(vrid, prio, Arbitraries.integers().between(1, 4095),
                v4Addresses().list().ofMinSize(1).ofMaxSize(20), v4Addresses(), v4Addresses())
                .as((id, p, i, addrs, s, d) -> new OnWire(VrrpPacket.v3(id, p, i, addrs), s, d));
        Arbitrary<OnWire> v3v6 = Combinators.combine(vrid, prio, Arbitraries.integers().between(1, 4095),
                v6Addresses().list().ofMinSize(1).ofMaxSize(10), v6Addresses(), v6Addresses())
                .as((id, p, i, addrs, s, d) -> new OnWire(VrrpPacket.v3(id, p, i, addrs), s, d));
        return Arbitraries.oneOf(v2, v3v4, v3v6);
    }

    static Arbitrary<Inet4Address> v4Addresses() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> (Inet4Address) VrrpCodec.address(b));
    }

    static Arbitrary<Inet6Address> v6Addresses() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> (Inet6Address) VrrpCodec.address(b));
    }

    static InetAddress src4() {
        return ip("10.0.0.1");
    }

    static InetAddress dst4() {
        return ip("224.0.0.18");
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
