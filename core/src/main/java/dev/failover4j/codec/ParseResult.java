package dev.failover4j.codec;

import dev.failover4j.Rejection;
import java.util.Objects;

/** The outcome of {@link VrrpCodec#parse}: a packet, or the reason it is not one. Never an exception. */
public sealed interface ParseResult permits ParseResult.Parsed, ParseResult.Rejected {

    /** A well-formed advertisement whose checksum verified. */
    record Parsed(VrrpPacket packet) implements ParseResult {
        /**
         * Validates that the packet is not null.
         *
         * @param packet the advertisement
         */
        public Parsed {
            Objects.requireNonNull(packet, "packet");
        }
    }

    /** Bytes that are not a well-formed advertisement, with the first reason found and a detail for logs. */
    record Rejected(Rejection reason, String detail) implements ParseResult {
        /**
         * Validates that neither reason nor detail is null.
         *
         * @param reason the first reason found
         * @param detail the reason in words, for logs
         */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** {@return the packet, or {@code null} if rejected} */
    default VrrpPacket packetOrNull() {
        return this instanceof Parsed p ? p.packet() : null;
    }

    /** {@return the rejection reason, or {@code null} if parsed} */
    default Rejection rejectionOrNull() {
        return this instanceof Rejected r ? r.reason() : null;
    }
}
