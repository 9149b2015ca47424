package dev.failover4j.codec;

import dev.failover4j.VrrpVersion;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP advertisement, version 2 (RFC 3768 §5) or 3 (RFC 5798 §5), as values. Immutable.
 *
 * <p>The checksum is not a field: {@link VrrpCodec#encode} computes it and {@link VrrpCodec#parse}
 * verifies it. The v3 reserved nibble is always zero on encode and ignored on parse.
 *
 * @param version        2 or 3
 * @param vrid           virtual router identifier, 0..255 on the wire (1..255 are valid for a group)
 * @param priority       0..255; 0 = the master is leaving, 255 = the address owner
 * @param intervalUnits  the advert interval field: whole seconds (v2, 8 bits) or centiseconds (v3, 12 bits)
 * @param addresses      the virtual addresses, all IPv4 (v2 and v3/IPv4) or all IPv6 (v3/IPv6)
 * @param authType       v2 Auth Type field (0..255 as received; always 0 for v3)
 * @param authData       v2 authentication data, exactly 8 bytes (zeros for v3 and for no auth)
 */
public record VrrpPacket(
        VrrpVersion version,
        int vrid,
        int priority,
        int intervalUnits,
        List<InetAddress> addresses,
        int authType,
        byte[] authData) {

    /** Length of the v2 authentication data field. */
    public static final int AUTH_DATA_LENGTH = 8;
    /** The priority a master sends when it stops (RFC 3768 §6.4.3, RFC 5798 §6.4.3). */
    public static final int PRIORITY_STOP = 0;
    /** The priority of the address owner. */
    public static final int PRIORITY_OWNER = 255;
    /** Largest v3 Max Adver Int (12 bits), in centiseconds. */
    public static final int V3_MAX_INTERVAL_CS = 0xfff;

    /**
     * Validates every field's range and the version's rules (v3: no authentication).
     *
     * @throws IllegalArgumentException naming the field that is out of range
     * @param version 2 or 3
     * @param vrid virtual router identifier, 0..255 on the wire (1..255 are valid for a group)
     * @param priority 0..255; 0 = the master is leaving, 255 = the address owner
     * @param intervalUnits the advert interval field: whole seconds (v2, 8 bits) or centiseconds (v3, 12 bits)
     * @param addresses the virtual addresses, all IPv4 (v2 and v3/IPv4) or all IPv6 (v3/IPv6)
     * @param authType v2 Auth Type field (0..255 as received; always 0 for v3)
     * @param authData v2 authentication data, exactly 8 bytes (zeros for v3 and for no auth)
     */
    public VrrpPacket {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(authData, "authData");
        checkRange("vrid", vrid, 0, 255);
        checkRange("priority", priority, 0, 255);
        checkRange("intervalUnits", intervalUnits, 0, version == VrrpVersion.V2 ? 255 : V3_MAX_INTERVAL_CS);
        checkRange("authType", authType, 0, 255);
        checkRange("address count", addresses.size(), 0, 255);
        if (authData.length != AUTH_DATA_LENGTH) {
            throw new IllegalArgumentException("authData must be " + AUTH_DATA_LENGTH + " bytes, got " + authData.length);
        }
        addresses = List.copyOf(addresses);
        boolean v6 = !addresses.isEmpty() && addresses.get(0) instanceof Inet6Address;
        for (InetAddress a : addresses) {
            if ((a instanceof Inet6Address) != v6) {
                throw new IllegalArgumentException("addresses mix IPv4 and IPv6: " + addresses);
            }
        }
        if (version == VrrpVersion.V2 && v6) {
            throw new IllegalArgumentException("VRRPv2 carries IPv4 addresses only: " + addresses);
        }
        if (version == VrrpVersion.V3 && (authType != 0 || !allZero(authData))) {
            throw new IllegalArgumentException("VRRPv3 has no authentication");
        }
        authData = authData.clone();
    }

    /**
     * A VRRPv2 advertisement; {@code password} is used only with {@link AuthType#SIMPLE_TEXT}.
     *
     * @param vrid the virtual router id, 1..255
     * @param priority 0..255
     * @param intervalSeconds the advert interval, 1..255 s
     * @param auth the authentication type
     * @param password the simple-text password, 1..8 bytes (else unused, may be null)
     * @param addresses the virtual addresses
     * @return the packet
     */
    public static VrrpPacket v2(int vrid, int priority, int intervalSeconds, AuthType auth, String password,
                                List<? extends Inet4Address> addresses) {
        Objects.requireNonNull(auth, "auth");
        byte[] data = auth == AuthType.SIMPLE_TEXT ? passwordBytes(password) : new byte[AUTH_DATA_LENGTH];
        return new VrrpPacket(VrrpVersion.V2, vrid, priority, intervalSeconds, List.copyOf(addresses), auth.code(), data);
    }

    /**
     * A VRRPv3 advertisement (IPv4 or IPv6 addresses, not mixed).
     *
     * @param vrid the virtual router id, 1..255
     * @param priority 0..255
     * @param intervalCentis the advert interval in centiseconds, 1..4095
     * @param addresses the virtual addresses
     * @return the packet
     */
    public static VrrpPacket v3(int vrid, int priority, int intervalCentis, List<? extends InetAddress> addresses) {
        return new VrrpPacket(VrrpVersion.V3, vrid, priority, intervalCentis, List.copyOf(addresses), 0,
                new byte[AUTH_DATA_LENGTH]);
    }

    /**
     * {@return the 8-byte simple-text authentication data for {@code password}: its UTF-8 bytes,
     * NUL-padded (keepalived copies at most 8 bytes of {@code auth_pass})}
     *
     * @throws IllegalArgumentException if the password is empty or longer than 8 bytes
     * @param password the password
     */
    public static byte[] passwordBytes(String password) {
        Objects.requireNonNull(password, "password");
        byte[] raw = password.getBytes(StandardCharsets.UTF_8);
        if (raw.length == 0 || raw.length > AUTH_DATA_LENGTH) {
            throw new IllegalArgumentException("password must be 1.." + AUTH_DATA_LENGTH + " bytes, got " + raw.length);
        }
        return Arrays.copyOf(raw, AUTH_DATA_LENGTH);
    }

    /** {@return true if the addresses are IPv6 (only possible in v3)} */
    public boolean isIpv6() {
        return !addresses.isEmpty() && addresses.get(0) instanceof Inet6Address;
    }

    /** {@return the advert interval as a duration (seconds for v2, centiseconds for v3)} */
    public Duration interval() {
        return version == VrrpVersion.V2 ? Duration.ofSeconds(intervalUnits) : Duration.ofMillis(intervalUnits * 10L);
    }

    /** {@return the authentication data (a copy)} */
    @Override
    public byte[] authData() {
        return authData.clone();
    }

    /**
     * Compares the authentication data without copying.
     *
     * @param other the bytes to compare with
     * @return whether they are equal
     */
    public boolean authDataEquals(byte[] other) {
        return Arrays.equals(authData, other);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkRange(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + v);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VrrpPacket p
                && version == p.version && vrid == p.vrid && priority == p.priority
                && intervalUnits == p.intervalUnits && authType == p.authType
                && addresses.equals(p.addresses) && Arrays.equals(authData, p.authData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, vrid, priority, intervalUnits, addresses, authType) * 31 + Arrays.hashCode(authData);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("VRRP").append(version == VrrpVersion.V2 ? "v2" : "v3")
                .append("{vrid=").append(vrid).append(", prio=").append(priority)
                .append(", int=").append(intervalUnits).append(version == VrrpVersion.V2 ? "s" : "cs")
                .append(", addrs=[");
        for (int i = 0; i < addresses.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(addresses.get(i).getHostAddress());
        }
        sb.append(']');
        if (version == VrrpVersion.V2) {
            // The password is a shared secret: show only the type, never the data.
            sb.append(", auth=").append(authType);
        }
        return sb.append('}').toString();
    }

}
