package dev.failover4j.jna.internal.netlink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and parses rtnetlink messages in pure Java (host byte order, 4-byte alignment), so they
 * are unit-tested without root; only the socket calls cross JNA.
 */
public final class NetlinkMessages {

    private static final ByteOrder HOST = ByteOrder.nativeOrder();

    private NetlinkMessages() {
    }

    /** One netlink message: header fields and its payload (after the 16-byte header). */
    public record Message(int type, int flags, int seq, int pid, ByteBuffer payload) {
    }

    /** An address as the kernel reports it in RTM_NEWADDR (dump or notification). */
    public record AddressInfo(int family, int prefixLength, int flags, int scope, int ifindex,
                              InetAddress address, InetAddress local, int proto, String label,
                              long preferredLifetime, long validLifetime) {
        /** IFA_LOCAL if present (the interface's own address on point-to-point links), else IFA_ADDRESS. */
        public InetAddress effective() {
            return local != null ? local : address;
        }

        public boolean secondary() {
            return (flags & Rtnl.IFA_F_SECONDARY) != 0;
        }
    }

    /** A link as the kernel reports it in RTM_NEWLINK. */
    public record LinkInfo(int ifindex, String name, int flags, byte[] mac, int operstate) {
        /** Administratively up and carrier present. */
        public boolean up() {
            return (flags & Rtnl.IFF_UP) != 0 && (flags & Rtnl.IFF_LOWER_UP) != 0;
        }
    }

    // ------------------------------------------------------------------ building

    /**
     * RTM_NEWADDR that adds or replaces {@code address/prefix} on {@code ifindex}.
     *
     * @param lease lifetime (valid = preferred, whole seconds), or null for a permanent address
     * @param proto IFA_PROTO value, or -1 to leave it out
     */
    public static byte[] newAddress(int seq, int ifindex, InetAddress address, int prefix, Duration lease, int proto) {
        boolean v6 = address instanceof Inet6Address;
        Builder b = new Builder(Rtnl.RTM_NEWADDR,
                Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_REPLACE, seq);
        ifaddrmsg(b, v6, prefix, 0, ifindex);
        b.attr(Rtnl.IFA_LOCAL, address.getAddress());
        b.attr(Rtnl.IFA_ADDRESS, address.getAddress());
        if (lease != null) {
            long s = lease.toSeconds();
            ByteBuffer ci = ByteBuffer.allocate(16).order(HOST);
            ci.putInt((int) s).putInt((int) s).putInt(0).putInt(0);
            b.attr(Rtnl.IFA_CACHEINFO, ci.array());
        }
        if (v6) {
            // Without NODAD the VIP would be "tentative" for a second and unusable.
            b.attr(Rtnl.IFA_FLAGS, u32(Rtnl.IFA_F_NODAD));
        }
        if (proto >= 0) {
            b.attr(Rtnl.IFA_PROTO, new byte[] {(byte) proto});
        }
        return b.build();
    }

    /** Writes {@code seq} into a message's header (nlmsg_seq, host order), in place. */
    public static void setSeq(byte[] message, int seq) {
        for (int i = 0; i < 4; i++) {
            int shift = HOST == java.nio.ByteOrder.LITTLE_ENDIAN ? 8 * i : 8 * (3 - i);
            message[8 + i] = (byte) (seq >>> shift);
        }
    }

    /** RTM_DELADDR for {@code address/prefix} on {@code ifindex}. */
    public static byte[] deleteAddress(int seq, int ifindex, InetAddress address, int prefix) {
        boolean v6 = address instanceof Inet6Address;
        Builder b = new Builder(Rtnl.RTM_DELADDR, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, seq);
        ifaddrmsg(b, v6, prefix, 0, ifindex);
        b.attr(Rtnl.IFA_LOCAL, address.getAddress());
        b.attr(Rtnl.IFA_ADDRESS, address.getAddress());
        return b.build();
    }

    /** RTM_GETADDR dump of one family (AF_INET 2 or AF_INET6 10). */
    public static byte[] dumpAddresses(int seq, int family) {
        Builder b = new Builder(Rtnl.RTM_GETADDR, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP, seq);
        b.buf.put((byte) family).put((byte) 0).put((byte) 0).put((byte) 0).putInt(0);
        return b.build();
    }

    /** RTM_GETLINK for one interface by index. */
    public static byte[] getLink(int seq, int ifindex) {
        Builder b = new Builder(Rtnl.RTM_GETLINK, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, seq);
        b.buf.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(ifindex).putInt(0).putInt(0);
        return b.build();
    }

    /** RTM_GETLINK for one interface by name (IFLA_IFNAME). */
    public static byte[] getLink(int seq, String name) {
        Builder b = new Builder(Rtnl.RTM_GETLINK, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, seq);
        b.buf.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(0).putInt(0).putInt(0);
        b.attr(Rtnl.IFLA_IFNAME, cName(name));
        return b.build();
    }

    /**
     * RTM_NEWLINK creating a macvlan {@code name} on {@code baseIfindex}, mode private, with MAC
     * {@code mac}, down (keepalived's VMAC: {@code ip link add link BASE NAME address MAC type macvlan mode private}).
     */
    public static byte[] newMacvlan(int seq, String name, int baseIfindex, byte[] mac) {
        Builder b = new Builder(Rtnl.RTM_NEWLINK, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL, seq);
        b.buf.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(0).putInt(0).putInt(0);
        b.attr(Rtnl.IFLA_IFNAME, cName(name));
        b.attr(Rtnl.IFLA_LINK, u32(baseIfindex));
        b.attr(Rtnl.IFLA_ADDRESS, mac);
        int info = b.begin(Rtnl.IFLA_LINKINFO);
        b.attr(Rtnl.IFLA_INFO_KIND, cName("macvlan"));
        int data = b.begin(Rtnl.IFLA_INFO_DATA);
        b.attr(Rtnl.IFLA_MACVLAN_MODE, u32(Rtnl.MACVLAN_MODE_PRIVATE));
        b.end(data);
        b.end(info);
        return b.build();
    }

    /**
     * RTM_NEWLINK setting the IPv6 address generation mode of {@code ifindex} to none ({@code ip link set
     * DEV addrgenmode none}): no link-local address of its own when it comes up. Sent before the link
     * is up; the kernel ignores IFLA_AF_SPEC in the message that creates a link.
     */
    public static byte[] addrGenModeNone(int seq, int ifindex) {
        Builder b = new Builder(Rtnl.RTM_NEWLINK, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, seq);
        b.buf.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(ifindex).putInt(0).putInt(0);
        int spec = b.begin(Rtnl.IFLA_AF_SPEC);
        int inet6 = b.begin(Rtnl.AF_INET6);
        b.attr(Rtnl.IFLA_INET6_ADDR_GEN_MODE, new byte[] {(byte) Rtnl.IN6_ADDR_GEN_MODE_NONE});
        b.end(inet6);
        b.end(spec);
        return b.build();
    }

    /** RTM_NEWLINK setting IFF_UP on {@code ifindex} ({@code ip link set DEV up}). */
    public static byte[] linkUp(int seq, int ifindex) {
        Builder b = new Builder(Rtnl.RTM_NEWLINK, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, seq);
        b.buf.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(ifindex).putInt(Rtnl.IFF_UP).putInt(Rtnl.IFF_UP);
        return b.build();
    }

    /** RTM_DELLINK of {@code ifindex}. */
    public static byte[] deleteLink(int seq, int ifindex) {
        Builder b = new Builder(Rtnl.RTM_DELLINK, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, seq);
        b.buf.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(ifindex).putInt(0).putInt(0);
        return b.build();
    }

    private static byte[] cName(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] z = new byte[n.length + 1];
        System.arraycopy(n, 0, z, 0, n.length);
        return z;
    }

    private static void ifaddrmsg(Builder b, boolean v6, int prefix, int flags, int ifindex) {
        b.buf.put((byte) (v6 ? 10 : 2)).put((byte) prefix).put((byte) flags).put((byte) Rtnl.RT_SCOPE_UNIVERSE)
                .putInt(ifindex);
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(HOST).putInt(v).array();
    }

    /** Appends header, fixed part and attributes; fills in the length. */
    static final class Builder {
        final ByteBuffer buf = ByteBuffer.allocate(512).order(HOST);

        Builder(int type, int flags, int seq) {
            buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        }

        void attr(int type, byte[] value) {
            int len = 4 + value.length;
            buf.putShort((short) len).putShort((short) type).put(value);
            pad();
        }

        /** Opens a nested attribute; returns where it starts, for {@link #end}. */
        int begin(int type) {
            int at = buf.position();
            buf.putShort((short) 0).putShort((short) (type | Rtnl.NLA_F_NESTED));
            return at;
        }

        void end(int at) {
            buf.putShort(at, (short) (buf.position() - at));
        }

        private void pad() {
            while (buf.position() % 4 != 0) {
                buf.put((byte) 0);
            }
        }

        byte[] build() {
            int len = buf.position();
            buf.putInt(0, len);
            byte[] out = new byte[len];
            buf.get(0, out);
            return out;
        }
    }

    // ------------------------------------------------------------------ parsing

    /** Splits a datagram into its messages; a truncated tail is ignored. */
    public static List<Message> split(byte[] data, int length) {
        List<Message> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(data, 0, length).order(HOST);
        int pos = 0;
        while (pos + Rtnl.NLMSG_HDRLEN <= length) {
            int len = b.getInt(pos);
            if (len < Rtnl.NLMSG_HDRLEN || pos + len > length) {
                break;
            }
            int type = b.getShort(pos + 4) & 0xffff;
            int flags = b.getShort(pos + 6) & 0xffff;
            int seq = b.getInt(pos + 8);
            int pid = b.getInt(pos + 12);
            ByteBuffer payload = b.slice(pos + Rtnl.NLMSG_HDRLEN, len - Rtnl.NLMSG_HDRLEN).order(HOST);
            out.add(new Message(type, flags, seq, pid, payload));
            pos += align(len);
        }
        return out;
    }

    /** The (positive) errno of an NLMSG_ERROR message; 0 is an ACK. */
    public static int errorCode(Message m) {
        if (m.type() != Rtnl.NLMSG_ERROR || m.payload().remaining() < 4) {
            throw new IllegalArgumentException("not an NLMSG_ERROR message: type " + m.type());
        }
        return -m.payload().getInt(0);
    }

    /** Parses an RTM_NEWADDR / RTM_DELADDR payload, or null if it is malformed. */
    public static AddressInfo parseAddress(Message m) {
        ByteBuffer p = m.payload();
        if (p.remaining() < 8) {
            return null;
        }
        int family = p.get(0) & 0xff;
        int prefix = p.get(1) & 0xff;
        int flags = p.get(2) & 0xff;
        int scope = p.get(3) & 0xff;
        int ifindex = p.getInt(4);
        AddressAttrs x = new AddressAttrs();
        forEachAttribute(p, 8, (type, v, vlen) -> {
            switch (type) {
                case Rtnl.IFA_ADDRESS -> x.address = addr(p, v, vlen);
                case Rtnl.IFA_LOCAL -> x.local = addr(p, v, vlen);
                case Rtnl.IFA_LABEL -> x.label = cString(p, v, vlen);
                case Rtnl.IFA_FLAGS -> {
                    if (vlen >= 4) {
                        x.flags = p.getInt(v);
                    }
                }
                case Rtnl.IFA_PROTO -> {
                    if (vlen >= 1) {
                        x.proto = p.get(v) & 0xff;
                    }
                }
                case Rtnl.IFA_CACHEINFO -> {
                    if (vlen >= 8) {
                        x.preferred = p.getInt(v) & 0xffffffffL;
                        x.valid = p.getInt(v + 4) & 0xffffffffL;
                    }
                }
                default -> {
                }
            }
        });
        if (x.flags < 0) {
            x.flags = flags;
        }
        return new AddressInfo(family, prefix, x.flags, scope, ifindex, x.address, x.local, x.proto, x.label,
                x.preferred, x.valid);
    }

    /** Parses an RTM_NEWLINK payload, or null if it is malformed. */
    public static LinkInfo parseLink(Message m) {
        ByteBuffer p = m.payload();
        if (p.remaining() < 16) {
            return null;
        }
        int ifindex = p.getInt(4);
        int flags = p.getInt(8);
        LinkAttrs x = new LinkAttrs();
        forEachAttribute(p, 16, (type, v, vlen) -> {
            if (type == Rtnl.IFLA_IFNAME) {
                x.name = cString(p, v, vlen);
            } else if (type == Rtnl.IFLA_ADDRESS) {
                x.mac = new byte[vlen];
                p.get(v, x.mac);
            } else if (type == Rtnl.IFLA_OPERSTATE && vlen >= 1) {
                x.operstate = p.get(v) & 0xff;
            }
        });
        return new LinkInfo(ifindex, x.name, flags, x.mac, x.operstate);
    }

    /** Attributes of an address as they are found. */
    private static final class AddressAttrs {
        InetAddress address;
        InetAddress local;
        int flags = -1;
        int proto;
        String label;
        long preferred = Rtnl.INFINITY_LIFE_TIME;
        long valid = Rtnl.INFINITY_LIFE_TIME;
    }

    /** Attributes of a link as they are found. */
    private static final class LinkAttrs {
        String name;
        byte[] mac;
        int operstate;
    }

    @FunctionalInterface
    private interface AttributeVisitor {
        void visit(int type, int valueOffset, int valueLength);
    }

    /** Walks the rtattr list from {@code start}; stops at the first malformed attribute. */
    private static void forEachAttribute(ByteBuffer p, int start, AttributeVisitor visitor) {
        int pos = start;
        while (pos + 4 <= p.remaining()) {
            int len = p.getShort(pos) & 0xffff;
            int type = p.getShort(pos + 2) & 0x3fff;
            if (len < 4 || pos + len > p.remaining()) {
                return;
            }
            visitor.visit(type, pos + 4, len - 4);
            pos += align(len);
        }
    }

    static int align(int len) {
        return (len + 3) & ~3;
    }

    private static InetAddress addr(ByteBuffer p, int at, int len) {
        if (len != 4 && len != 16) {
            return null;
        }
        byte[] raw = new byte[len];
        p.get(at, raw);
        try {
            return len == 16 ? Inet6Address.getByAddress(null, raw, -1) : Inet4Address.getByAddress(raw);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String cString(ByteBuffer p, int at, int len) {
        int n = 0;
        while (n < len && p.get(at + n) != 0) {
            n++;
        }
        byte[] raw = new byte[n];
        p.get(at, raw);
        return new String(raw, StandardCharsets.US_ASCII);
    }
}
