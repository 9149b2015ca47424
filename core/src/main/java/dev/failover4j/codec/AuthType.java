package dev.failover4j.codec;

/**
 * VRRPv2 authentication types (RFC 3768 §5.3.6; the simple-text type comes from RFC 2338 and is
 * what keepalived sends for {@code auth_type PASS}). VRRPv3 has no authentication.
 */
public enum AuthType {
    /** Type 0: no authentication; the 8 bytes of authentication data are zero. */
    NONE(0),
    /** Type 1: an up to 8-byte clear-text password, NUL-padded (keepalived's {@code PASS}). */
    SIMPLE_TEXT(1),
    /** Type 2: IP Authentication Header (RFC 2338); never configured by failover4j, recognised on receive. */
    IP_AH(2);

    private final int code;

    AuthType(int code) {
        this.code = code;
    }

    /** {@return the value of the Auth Type field on the wire} */
    public int code() {
        return code;
    }

    /**
     * {@return the type whose wire value is {@code code}, or {@code null} for an unassigned value}
     *
     * @param code the auth type field's value
     */
    public static AuthType ofCode(int code) {
        for (AuthType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
