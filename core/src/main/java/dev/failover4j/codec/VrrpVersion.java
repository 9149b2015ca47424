package dev.failover4j.codec;

/** The VRRP protocol version carried in the high nibble of the first byte of every advertisement. */
public enum VrrpVersion {
    /** RFC 3768: IPv4 only, advert interval in whole seconds, optional (RFC 2338) simple-text authentication. */
    V2(2),
    /** RFC 5798: IPv4 or IPv6, advert interval in centiseconds (12 bits), no authentication. */
    V3(3);

    private final int number;

    VrrpVersion(int number) {
        this.number = number;
    }

    /** The value of the version field on the wire (2 or 3). */
    public int number() {
        return number;
    }

    /** The version whose wire value is {@code number}, or {@code null} if there is none. */
    public static VrrpVersion ofNumber(int number) {
        return switch (number) {
            case 2 -> V2;
            case 3 -> V3;
            default -> null;
        };
    }
}
