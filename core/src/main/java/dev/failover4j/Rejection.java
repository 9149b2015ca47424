package dev.failover4j;

/**
 * Why a received packet was dropped. Every value is counted per virtual router (like keepalived's
 * per-instance statistics) and shown in the status snapshot; the names are API.
 *
 * <p>The first group is found by parsing (bytes only: {@code dev.failover4j.codec.VrrpCodec#parse}),
 * the second by the engine's receive checks against the group's configuration and the receive
 * metadata (RFC 3768 §7.1, RFC 5798 §7.1).
 */
public enum Rejection {
    // ---- parse: the bytes themselves are not a well-formed VRRP advertisement ----
    /** Shorter than the fixed VRRP header (8 bytes), or an IP header that is cut short. */
    TOO_SHORT("packet shorter than the VRRP header"),
    /** The IP header is not one we accept (bad version nibble, bad header length, total length beyond the buffer, extension headers). */
    BAD_IP_HEADER("malformed IP header"),
    /** The IP protocol / next header is not 112. */
    NOT_VRRP("IP protocol is not 112 (VRRP)"),
    /** Version field is neither 2 nor 3, or VRRPv2 carried over IPv6. */
    BAD_VERSION("VRRP version is not 2 or 3 (or v2 over IPv6)"),
    /** Type field is not 1 (ADVERTISEMENT). */
    BAD_TYPE("VRRP type is not 1 (ADVERTISEMENT)"),
    /** The length does not equal the header, the addresses announced by Count IP Addrs and (v2) the authentication data. */
    LENGTH_MISMATCH("length does not match the address count"),
    /** Address count zero for a group that has virtual addresses (RFC 5798 §5.2.5: the minimum value is 1); groups without any (election only) take such adverts. */
    NO_ADDRESSES("address count is zero"),
    /**
     * Advert interval of zero. Not in the RFCs' lists; keepalived accepts it, and a v3 backup that
     * adopted it would compute a Master_Down_Interval of zero and take over at once.
     */
    ZERO_INTERVAL("advertisement interval is zero"),
    /** The checksum does not verify (v2: over the VRRP message; v3: with the IPv4/IPv6 pseudo-header). */
    BAD_CHECKSUM("checksum does not verify"),

    // ---- validate: well formed, but not acceptable to this virtual router ----
    /** TTL (IPv4) or hop limit (IPv6) is not 255: the packet was routed. */
    BAD_TTL("TTL / hop limit is not 255"),
    /** Version differs from the group's configured version. */
    VERSION_MISMATCH("VRRP version differs from the configured version"),
    /** The VRID is not this group's. */
    VRID_MISMATCH("VRID is not configured here"),
    /** Address family of the packet differs from the group's (IPv4 group got IPv6 or the reverse). */
    FAMILY_MISMATCH("address family differs from the configured one"),
    /** Received on an interface other than the group's. */
    WRONG_INTERFACE("received on another interface"),
    /** This router is the address owner (priority 255); RFC 3768/5798 §7.1 say it discards adverts for its VRID. */
    LOCAL_OWNER("local router is the address owner (priority 255)"),
    /** v2 Auth Type differs from the configured one. */
    AUTH_TYPE_MISMATCH("authentication type differs"),
    /** v2 simple-text password differs. */
    AUTH_FAILURE("authentication data (password) differs"),
    /** The address list has none of the configured VIPs and the sender is not the owner (a list that overlaps is accepted and counted). */
    ADDRESS_LIST_MISMATCH("virtual addresses differ from the configured ones"),
    /** v2 Adver Int differs from the configured interval. */
    INTERVAL_MISMATCH("advertisement interval differs (v2)"),
    /** Unicast mode: the source is not one of the configured peers. */
    NOT_FROM_PEER("source is not a configured unicast peer"),
    /** auth_hmac in enforce mode and the advert has no trailer (a peer without auth_hmac, or keepalived before 2.4). */
    HMAC_TRAILER_MISSING("no authentication trailer (auth_hmac enforce): a peer that does not sign"),
    /** The trailer's extension type is not 1 or its reserved field is not 0. */
    HMAC_TRAILER_MALFORMED("authentication trailer of an unknown type or with reserved bits set"),
    /** The trailer's timestamp is farther from this node's clock than the window (time anti-replay). */
    HMAC_STALE("authentication timestamp outside the window: an old or replayed advert, or clocks out of sync"),
    /** The trailer names a key id this group does not have. */
    HMAC_UNKNOWN_KEY("authentication key id not configured here"),
    /** The HMAC does not verify: a different key under that id, or a changed advert. */
    HMAC_MISMATCH("authentication HMAC does not verify: wrong key or a changed advert"),
    /** The sequence does not rise over the last one accepted from that sender. */
    HMAC_REPLAY("authentication sequence not newer than the sender's last: a replayed advert");

    private final String description;

    Rejection(String description) {
        this.description = description;
    }

    /** {@return a short human-readable explanation, used in logs and the status page} */
    public String description() {
        return description;
    }
}
