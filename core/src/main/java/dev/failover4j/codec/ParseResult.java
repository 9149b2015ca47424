package dev.failover4j.codec;

import dev.failover4j.Rejection;
import java.util.Objects;

/** The outcome of {@link VrrpCodec#parse}: a packet, or the reason it is not one. Never an exception. */
public sealed interface ParseResult permits ParseResult.Parsed, ParseResult.Rejected {

    /** A well-formed advertisement whose checksum verified. */
    record Parsed(VrrpPacket packet) implements ParseResult {
        public Parsed {
            Objects.requireNonNull(packet, "packet");
        }
    }

    /** Bytes that are not a well-formed advertisement, with the first reason found and a detail for logs. */
    record Rejected(Rejection reason, String detail) implements ParseResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The packet, or {@code null} if rejected. */
    default VrrpPacket packetOrNull() {
        return this instanceof Parsed p ? p.packet() : null;
    }

    /** The rejection reason, or {@code null} if parsed. */
    default Rejection rejectionOrNull() {
        return this instanceof Rejected r ? r.reason() : null;
    }
}
