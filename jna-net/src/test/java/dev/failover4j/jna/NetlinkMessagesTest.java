package dev.failover4j.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.jna.internal.Capabilities;
import dev.failover4j.jna.internal.Errno;
import dev.failover4j.jna.internal.netlink.NetlinkMessages;
import dev.failover4j.jna.internal.netlink.Rtnl;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rtnetlink messages built and parsed in pure Java (little-endian hosts), annotated byte by byte. */
class NetlinkMessagesTest {

    static byte[] hex(String... parts) {
        return HexFormat.of().parseHex(String.join("", parts));
    }

    @Test
    void newAddressWithALeaseAndOurProtocolTag() throws Exception {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return; // the expected bytes below are for little-endian hosts (x86_64, aarch64)
        }
        byte[] msg = NetlinkMessages.newAddress(7, 2, InetAddress.getByName("10.77.0.100"), 24, Duration.ofSeconds(5),
                Rtnl.IFAPROT_FAILOVER4J);
        assertEquals(HexFormat.of().formatHex(hex(
                "44000000",                 // nlmsg_len 68
                "1400",                     // RTM_NEWADDR
                "0505",                     // NLM_F_REQUEST|ACK|CREATE|REPLACE = 0x0505
                "07000000", "00000000",     // seq 7, pid 0
                "02", "18", "00", "00",     // AF_INET, /24, flags 0, scope universe
                "02000000",                 // ifindex 2
                "0800", "0200", "0a4d0064", // IFA_LOCAL 10.77.0.100
                "0800", "0100", "0a4d0064", // IFA_ADDRESS 10.77.0.100
                "1400", "0600",             // IFA_CACHEINFO (20 bytes)
                "05000000", "05000000",     //   preferred 5 s, valid 5 s
                "00000000", "00000000",     //   cstamp, tstamp
                "0500", "0b00", "f4000000"  // IFA_PROTO 0xf4, padded to 4
        )), HexFormat.of().formatHex(msg));
    }

    @Test
    void ipv6AddressesAreAddedWithNoDad() throws Exception {
        byte[] msg = NetlinkMessages.newAddress(1, 3, InetAddress.getByName("fd00::100"), 64, null, -1);
        NetlinkMessages.Message m = NetlinkMessages.split(msg, msg.length).get(0);
        NetlinkMessages.AddressInfo a = NetlinkMessages.parseAddress(m);
        assertEquals(10, a.family());
        assertEquals(64, a.prefixLength());
        assertEquals(InetAddress.getByName("fd00::100"), a.effective());
        assertEquals(Rtnl.IFA_F_NODAD, a.flags() & Rtnl.IFA_F_NODAD);
        assertEquals(Rtnl.INFINITY_LIFE_TIME, a.validLifetime(), "no lease: permanent");
    }

    @Test
    void aDumpAnswerParsesIntoAddressesAndAnAckIntoErrnoZero() throws Exception {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return;
        }
        byte[] dump = hex(
                // RTM_NEWADDR for 10.77.0.100/24 secondary, proto 0xf4, valid 3 s
                "44000000", "1400", "0200", "09000000", "00000000",
                "02", "18", "01", "00", "02000000",
                "0800", "0100", "0a4d0064",
                "0800", "0200", "0a4d0064",
                "1400", "0600", "03000000", "03000000", "00000000", "00000000",
                "0500", "0b00", "f4000000",
                // NLMSG_DONE
                "14000000", "0300", "0200", "09000000", "00000000", "00000000",
                // NLMSG_ERROR with error -99 (EADDRNOTAVAIL) echoing a header
                "24000000", "0200", "0000", "0a000000", "00000000", "9dffffff",
                "14000000", "1500", "0500", "0a000000", "00000000");
        List<NetlinkMessages.Message> msgs = NetlinkMessages.split(dump, dump.length);
        assertEquals(3, msgs.size());
        NetlinkMessages.AddressInfo a = NetlinkMessages.parseAddress(msgs.get(0));
        assertEquals(InetAddress.getByName("10.77.0.100"), a.effective());
        assertTrue(a.secondary());
        assertEquals(Rtnl.IFAPROT_FAILOVER4J, a.proto());
        assertEquals(3, a.validLifetime());
        assertEquals(Rtnl.NLMSG_DONE, msgs.get(1).type());
        assertEquals(Errno.EADDRNOTAVAIL, NetlinkMessages.errorCode(msgs.get(2)));
        assertEquals("EADDRNOTAVAIL", Errno.name(NetlinkMessages.errorCode(msgs.get(2))));
    }

    @Test
    void truncatedOrGarbledAnswersAreCutNotThrown() {
        byte[] junk = hex("ff000000", "1400", "0000", "00000000", "00000000", "0102");
        assertEquals(List.of(), NetlinkMessages.split(junk, junk.length));
        byte[] shortPayload = hex("14000000", "1400", "0000", "00000000", "00000000", "01020304");
        assertNull(NetlinkMessages.parseAddress(NetlinkMessages.split(shortPayload, shortPayload.length).get(0)));
    }

    @Test
    void missingCapabilitiesAreNamedWithHowToGrantThem() {
        String status = "Name:\tjava\nCapInh:\t0000000000000000\nCapEff:\t0000000000001000\n";
        long eff = Capabilities.effective(status);
        assertEquals(1L << Capabilities.CAP_NET_ADMIN, eff);
        String msg = Capabilities.missing(eff);
        assertTrue(msg.contains("lacks CAP_NET_RAW"), msg);
        assertTrue(msg.contains("AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW"), msg);
        assertTrue(msg.contains("Do not use setcap on the java binary"), msg);
        assertNull(Capabilities.missing(0x3000L));
        assertTrue(Capabilities.missing(0).contains("CAP_NET_ADMIN and CAP_NET_RAW"));
        assertTrue(Capabilities.missing(1L << Capabilities.CAP_NET_RAW).contains("lacks CAP_NET_ADMIN ("));
    }
}
