package dev.failover4j.engine;

import dev.failover4j.Counter;
import dev.failover4j.HaConfig;
import dev.failover4j.Rejection;
import dev.failover4j.VirtualAddress;
import dev.failover4j.VrrpVersion;
import dev.failover4j.codec.AuthType;
import dev.failover4j.codec.IpPackets;
import dev.failover4j.codec.ParseResult;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Accepts or drops what a group receives: parses it, then checks it against the group's
 * configuration and the receive metadata in the order of RFC 3768 §7.1 / RFC 5798 §7.1, counting
 * every drop by reason. Never throws on bad input.
 *
 * <p>Where the RFC says a check failure is only logged ("MAY verify ... the address list") and the
 * sender is the address owner, the packet is {@link Verdict#ACCEPTED_OWNER_LIST_MISMATCH accepted}
 * so the caller can count and log it. An address list that differs from ours but shares an address
 * with it is {@link Verdict#ACCEPTED_OVERLAPPING_LIST accepted} and counted too: that is a live
 * reconfiguration that has reached one router and not yet the other, and dropping the master's
 * adverts then would make the backup take over (the reload failover keepalived 2.2.7's users
 * report; later keepalived versions accept any list and log it).
 * A list with no address in common is another group on the same VRID: dropped.
 */
final class ReceiveChecks {

    /** Accepted (possibly with the owner's address-list mismatch), or dropped with a reason. */
    record Verdict(Rejection rejection, String detail) {
        static final Verdict ACCEPTED = new Verdict(null, "");
        static final Verdict ACCEPTED_OWNER_LIST_MISMATCH = new Verdict(null, "owner's address list differs");
        static final Verdict ACCEPTED_OVERLAPPING_LIST = new Verdict(null, "address list differs but overlaps");

        boolean accepted() {
            return rejection == null;
        }
    }

    private static final InetAddress LEGACY_UNICAST_PSEUDO_DESTINATION = address(224, 0, 0, 18);

    private final HaConfig config;
    private final AuthType authType;
    private final byte[] authData;
    private final int intervalUnits;
    private final Set<InetAddress> vips;
    private final Set<InetAddress> peers;
    private boolean legacyChecksumSeen;
    /** The last accepted advert: its bytes, how it came, what it parsed to. */
    private ByteBuffer lastMessage;
    private RxMeta lastMeta;
    private VrrpPacket lastPacket;
    /** What the last accepted advert counted besides acceptance (null: nothing). */
    private Counter lastCounted;
    private boolean overlapWarned;

    ReceiveChecks(HaConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.authType = authType(config);
        this.authData = authData(config);
        this.intervalUnits = intervalUnits(config);
        this.vips = Set.copyOf(config.virtualAddresses().stream().map(VirtualAddress::address).toList());
        this.peers = Set.copyOf(config.unicastPeers());
    }

    /** keepalived {@code auth_type PASS} when a password is configured. */
    static AuthType authType(HaConfig c) {
        return c.authPassword() == null ? AuthType.NONE : AuthType.SIMPLE_TEXT;
    }

    /** The 8 authentication bytes of a v2 advert (zeros without a password). */
    static byte[] authData(HaConfig c) {
        return c.authPassword() == null ? new byte[VrrpPacket.AUTH_DATA_LENGTH] : VrrpPacket.passwordBytes(c.authPassword());
    }

    /** The advert interval in wire units: seconds (v2) or centiseconds (v3). */
    static int intervalUnits(HaConfig c) {
        return (int) (c.advertInterval().toNanos() / c.version().nanosPerIntervalUnit());
    }

    /**
     * Parses and checks one received VRRP message: the packet, or null with the reason counted in
     * {@code tally}. An owner's advert with another address list is accepted and counted.
     */
    VrrpPacket accept(ByteBuffer message, RxMeta meta, Tally tally, List<Action> out, long now) {
        if (lastPacket != null && meta.equals(lastMeta) && message.equals(lastMessage)) {
            // The master's next advert, byte for byte: parsing and checking are pure functions of the
            // bytes, the metadata and the configuration, so the answer is the last one (nothing allocated).
            if (lastCounted != null) {
                tally.add(lastCounted);
            }
            return lastPacket;
        }
        ParseResult parsed = VrrpCodec.parse(message, meta.source(), meta.destination(), meta.trailerLength());
        if (parsed.rejectionOrNull() == Rejection.BAD_CHECKSUM && !peers.isEmpty() && !config.ipv6()) {
            // keepalived up to 1.3.6, and later ones with old_unicast_checksum, put 224.0.0.18 in the v3
            // pseudo-header of unicast adverts. Accept that form too (keepalived itself switches to it).
            ParseResult legacy = VrrpCodec.parse(message, meta.source(), LEGACY_UNICAST_PSEUDO_DESTINATION, meta.trailerLength());
            if (legacy instanceof ParseResult.Parsed && legacy.packetOrNull().version() == VrrpVersion.V3) {
                parsed = legacy;
                if (!legacyChecksumSeen) {
                    legacyChecksumSeen = true;
                    out.add(new Action.Warn("unicast VRRPv3 adverts from " + meta.source().getHostAddress()
                            + " use the pre-1.3.6 keepalived checksum (old_unicast_checksum); accepting them"));
                }
            }
        }
        if (parsed instanceof ParseResult.Rejected r) {
            tally.reject(r.reason());
            tally.rejected(meta.source(), message, r.reason(), r.detail(), now);
            return null;
        }
        VrrpPacket packet = parsed.packetOrNull();
        Verdict v = check(packet, meta);
        if (!v.accepted()) {
            tally.reject(v.rejection());
            tally.rejected(meta.source(), message, v.rejection(), v.detail(), now);
            return null;
        }
        Counter counted = v == Verdict.ACCEPTED_OWNER_LIST_MISMATCH ? Counter.OWNER_ADDRESS_LIST_MISMATCHES
                : v == Verdict.ACCEPTED_OVERLAPPING_LIST ? Counter.ADDRESS_LIST_DIFFERENCES : null;
        if (counted != null) {
            tally.add(counted);
        }
        if (v == Verdict.ACCEPTED_OVERLAPPING_LIST && !overlapWarned) {
            overlapWarned = true;
            out.add(new Action.Warn("adverts from " + meta.source().getHostAddress() + " list "
                    + packet.addresses().stream().map(InetAddress::getHostAddress).toList() + ", ours "
                    + vips.stream().map(InetAddress::getHostAddress).sorted().toList()
                    + ": accepted because they share an address (a reconfiguration not yet everywhere?);"
                    + " give every router the same addresses"));
        }
        byte[] copy = new byte[message.remaining()];
        message.get(message.position(), copy);
        lastMessage = ByteBuffer.wrap(copy);
        lastMeta = meta;
        lastPacket = packet;
        lastCounted = counted;
        return packet;
    }

    /** Checks {@code packet}, received with {@code meta}. */
    Verdict check(VrrpPacket packet, RxMeta meta) {
        if (!meta.interfaceName().equals(config.interfaceName()) && !meta.interfaceName().equals(config.virtualMacInterface())) {
            return reject(Rejection.WRONG_INTERFACE, "on " + meta.interfaceName() + ", expected " + config.interfaceName());
        }
        if ((meta.source() instanceof Inet6Address) != config.ipv6()) {
            return reject(Rejection.FAMILY_MISMATCH, "from " + meta.source().getHostAddress());
        }
        if (!peers.isEmpty() && !peers.contains(meta.source())) {
            return reject(Rejection.NOT_FROM_PEER, "from " + meta.source().getHostAddress());
        }
        // §7.1: MUST verify that the IP TTL / hop limit is 255. In unicast mode keepalived does not
        // (its peers may set unicast_ttl, or be a routed hop away); the peer list guards instead.
        if (peers.isEmpty() && meta.ttl() != IpPackets.VRRP_TTL) {
            return reject(Rejection.BAD_TTL, "TTL " + meta.ttl());
        }
        // §7.1: MUST verify the VRRP version.
        if (packet.version() != config.version()) {
            return reject(Rejection.VERSION_MISMATCH, "version " + packet.version().number()
                    + ", configured " + config.version().number());
        }
        // (complete packet and checksum were verified by the parser)
        // §7.1: MUST verify that the VRID is configured ... and the local router is not the owner.
        if (packet.vrid() != config.vrid()) {
            return reject(Rejection.VRID_MISMATCH, "VRID " + packet.vrid() + ", configured " + config.vrid());
        }
        if (config.owner()) {
            return reject(Rejection.LOCAL_OWNER, "priority " + packet.priority() + " advert for an owned VRID");
        }
        // §7.1 (v2): MUST verify that the Auth Type matches ... and perform that authentication method.
        if (config.version() == VrrpVersion.V2) {
            if (packet.authType() != authType.code()) {
                return reject(Rejection.AUTH_TYPE_MISMATCH, "auth type " + packet.authType()
                        + ", configured " + authType.code());
            }
            if (authType == AuthType.SIMPLE_TEXT && !packet.authDataEquals(authData)) {
                return reject(Rejection.AUTH_FAILURE, "password differs");
            }
        }
        // RFC 5798 §5.2.5: at least one address, except between groups with none (election only).
        if (packet.addresses().isEmpty() && !vips.isEmpty()) {
            return reject(Rejection.NO_ADDRESSES, "count 0");
        }
        // §7.1: MAY verify the address list; drop unless the sender is the owner.
        boolean mismatch = !sameAddresses(packet.addresses());
        boolean overlap = mismatch && packet.addresses().stream().anyMatch(vips::contains);
        if (mismatch && !overlap && packet.priority() != VrrpPacket.PRIORITY_OWNER) {
            return reject(Rejection.ADDRESS_LIST_MISMATCH, "advertised " + packet.addresses().size()
                    + " address(es), none of the configured " + vips.size());
        }
        // RFC 3768 §7.1: MUST verify that the Adver Interval is the locally configured one.
        // RFC 5798 has no such check: a v3 backup adopts the master's interval (§6.4.2).
        if (config.version() == VrrpVersion.V2 && packet.intervalUnits() != intervalUnits) {
            return reject(Rejection.INTERVAL_MISMATCH, "interval " + packet.intervalUnits()
                    + "s, configured " + intervalUnits + "s");
        }
        if (!mismatch) {
            return Verdict.ACCEPTED;
        }
        return packet.priority() == VrrpPacket.PRIORITY_OWNER ? Verdict.ACCEPTED_OWNER_LIST_MISMATCH : Verdict.ACCEPTED_OVERLAPPING_LIST;
    }

    private boolean sameAddresses(List<InetAddress> advertised) {
        if (advertised.size() != vips.size()) {
            return false;
        }
        return vips.equals(new HashSet<>(advertised));
    }

    private static Verdict reject(Rejection reason, String detail) {
        return new Verdict(reason, detail);
    }

    private static InetAddress address(int... octets) {
        byte[] raw = new byte[octets.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) octets[i];
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
