package dev.failover4j;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A virtual address with its prefix length, written in CIDR form ({@code 192.168.0.100/24},
 * {@code fd00::100/64}).
 */
public record VirtualAddress(InetAddress address, int prefixLength) {

    /**
     * Validates the prefix length for the address's family.
     *
     * @param address      the address
     * @param prefixLength the prefix length of its subnet
     * @throws IllegalArgumentException if it is outside 1..32 (IPv4) or 1..128 (IPv6)
     */
    public VirtualAddress {
        Objects.requireNonNull(address, "address");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 1 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length of " + address.getHostAddress() + " must be in 1.." + max
                    + ", got " + prefixLength);
        }
    }

    // Written out: the record's generated equals/hashCode bootstrap through invokedynamic (ObjectMethods,
    // 10-30 ms the first time), and the first comparison is often a live reconfiguration (the agent's SIGHUP).
    @Override
    public boolean equals(Object o) {
        return o instanceof VirtualAddress v && prefixLength == v.prefixLength && address.equals(v.address);
    }

    @Override
    public int hashCode() {
        return 31 * address.hashCode() + prefixLength;
    }

    /**
     * Parses {@code a.b.c.d/len} or {@code ipv6/len}. Only literal addresses are accepted (no DNS).
     *
     * @throws IllegalArgumentException with the offending text if it is not a CIDR literal
     * @param cidr the text, e.g. {@code 192.168.0.100/24}
     * @return the address
     */
    public static VirtualAddress parse(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + cidr + "' is not in CIDR form (address/prefix, e.g. 192.168.0.100/24)");
        }
        InetAddress a = literal(cidr.substring(0, slash));
        if (a == null) {
            throw new IllegalArgumentException("'" + cidr + "': '" + cidr.substring(0, slash) + "' is not an IP address literal");
        }
        int len;
        try {
            len = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "': prefix length is not a number");
        }
        return new VirtualAddress(a, len);
    }

    /** {@return true for an IPv6 address} */
    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }

    /** Parses an IPv4 or IPv6 literal without any name lookup; null if it is not one. */
    static InetAddress literal(String s) {
        if (s.isEmpty()) {
            return null;
        }
        boolean v6 = s.indexOf(':') >= 0;
        if (v6) {
            if (!s.matches("[0-9A-Fa-f:.]+")) {
                return null;
            }
        } else if (!s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        if (!v6) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            // A literal: getByName does not query DNS for it.
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
