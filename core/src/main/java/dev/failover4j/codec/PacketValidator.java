package dev.failover4j.codec;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a parsed advertisement against one virtual router's configuration and the receive
 * metadata, in the order of RFC 3768 §7.1 / RFC 5798 §7.1. Never throws on bad input.
 *
 * <p>Where the RFC says a check failure is only logged ("MAY verify ... the address list") and the
 * sender is the address owner, the packet is {@link Validation.Accepted accepted} with
 * {@code addressListMismatch} set so the caller can count and log it.
 */
public final class PacketValidator {

    /** What a virtual router expects of the adverts it accepts. */
    public record Expectations(
            VrrpVersion version,
            int vrid,
            boolean ipv6,
            String interfaceName,
            boolean localOwner,
            AuthType authType,
            byte[] authData,
            int intervalUnits,
            List<InetAddress> virtualAddresses,
            Set<InetAddress> allowedSources) {

        public Expectations {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(authType, "authType");
            Objects.requireNonNull(authData, "authData");
            authData = authData.clone();
            virtualAddresses = List.copyOf(virtualAddresses);
            allowedSources = Set.copyOf(allowedSources);
        }

        @Override
        public byte[] authData() {
            return authData.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Expectations e && version == e.version && vrid == e.vrid && ipv6 == e.ipv6
                    && interfaceName.equals(e.interfaceName) && localOwner == e.localOwner
                    && authType == e.authType && Arrays.equals(authData, e.authData)
                    && intervalUnits == e.intervalUnits && virtualAddresses.equals(e.virtualAddresses)
                    && allowedSources.equals(e.allowedSources);
        }

        @Override
        public int hashCode() {
            return Objects.hash(version, vrid, ipv6, interfaceName, localOwner, authType, intervalUnits,
                    virtualAddresses, allowedSources) * 31 + Arrays.hashCode(authData);
        }

        @Override
        public String toString() {
            return "Expectations{v" + version.number() + ", vrid=" + vrid + ", ipv6=" + ipv6 + ", if=" + interfaceName
                    + ", owner=" + localOwner + ", auth=" + authType + ", int=" + intervalUnits
                    + ", vips=" + virtualAddresses + ", peers=" + allowedSources + '}';
        }
    }

    /** The outcome of validation. */
    public sealed interface Validation permits Validation.Accepted, Validation.Rejected {
        /** Accepted; {@code addressListMismatch} is set when an owner's advert listed other addresses. */
        record Accepted(VrrpPacket packet, boolean addressListMismatch) implements Validation {
        }

        /** Dropped, with the reason to count. */
        record Rejected(Rejection reason, String detail) implements Validation {
        }
    }

    private final Expectations expected;
    private final Set<InetAddress> vipSet;

    public PacketValidator(Expectations expected) {
        this.expected = Objects.requireNonNull(expected, "expected");
        this.vipSet = Set.copyOf(expected.virtualAddresses());
    }

    public Expectations expectations() {
        return expected;
    }

    /** Validates {@code packet}, received with {@code meta}. */
    public Validation validate(VrrpPacket packet, RxMeta meta) {
        if (!meta.interfaceName().equals(expected.interfaceName())) {
            return reject(Rejection.WRONG_INTERFACE, "on " + meta.interfaceName() + ", expected " + expected.interfaceName());
        }
        if ((meta.source() instanceof Inet6Address) != expected.ipv6()) {
            return reject(Rejection.FAMILY_MISMATCH, "from " + meta.source().getHostAddress());
        }
        if (!expected.allowedSources().isEmpty() && !expected.allowedSources().contains(meta.source())) {
            return reject(Rejection.NOT_FROM_PEER, "from " + meta.source().getHostAddress());
        }
        // §7.1: MUST verify that the IP TTL / hop limit is 255. In unicast mode keepalived does not
        // (its peers may set unicast_ttl, or be a routed hop away); the peer list guards instead.
        if (expected.allowedSources().isEmpty() && meta.ttl() != IpPackets.VRRP_TTL) {
            return reject(Rejection.BAD_TTL, "TTL " + meta.ttl());
        }
        // §7.1: MUST verify the VRRP version.
        if (packet.version() != expected.version()) {
            return reject(Rejection.VERSION_MISMATCH, "version " + packet.version().number()
                    + ", configured " + expected.version().number());
        }
        // (complete packet and checksum were verified by the parser)
        // §7.1: MUST verify that the VRID is configured ... and the local router is not the owner.
        if (packet.vrid() != expected.vrid()) {
            return reject(Rejection.VRID_MISMATCH, "VRID " + packet.vrid() + ", configured " + expected.vrid());
        }
        if (expected.localOwner()) {
            return reject(Rejection.LOCAL_OWNER, "priority " + packet.priority() + " advert for an owned VRID");
        }
        // §7.1 (v2): MUST verify that the Auth Type matches ... and perform that authentication method.
        if (expected.version() == VrrpVersion.V2) {
            if (packet.authType() != expected.authType().code()) {
                return reject(Rejection.AUTH_TYPE_MISMATCH, "auth type " + packet.authType()
                        + ", configured " + expected.authType().code());
            }
            if (expected.authType() == AuthType.SIMPLE_TEXT && !packet.authDataEquals(expected.authData)) {
                return reject(Rejection.AUTH_FAILURE, "password differs");
            }
        }
        // §7.1: MAY verify the address list; drop unless the sender is the owner.
        boolean mismatch = !sameAddresses(packet.addresses());
        if (mismatch && packet.priority() != VrrpPacket.PRIORITY_OWNER) {
            return reject(Rejection.ADDRESS_LIST_MISMATCH, "advertised " + packet.addresses().size()
                    + " address(es) differing from the configured " + vipSet.size());
        }
        // RFC 3768 §7.1: MUST verify that the Adver Interval is the locally configured one.
        // RFC 5798 has no such check: a v3 backup adopts the master's interval (§6.4.2).
        if (expected.version() == VrrpVersion.V2 && packet.intervalUnits() != expected.intervalUnits()) {
            return reject(Rejection.INTERVAL_MISMATCH, "interval " + packet.intervalUnits()
                    + "s, configured " + expected.intervalUnits() + "s");
        }
        return new Validation.Accepted(packet, mismatch);
    }

    private boolean sameAddresses(List<InetAddress> advertised) {
        if (advertised.size() != vipSet.size()) {
            return false;
        }
        return vipSet.equals(new HashSet<>(advertised));
    }

    private static Validation reject(Rejection reason, String detail) {
        return new Validation.Rejected(reason, detail);
    }
}
