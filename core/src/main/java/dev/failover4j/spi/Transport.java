package dev.failover4j.spi;

import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpPacket;
import dev.failover4j.VrrpVersion;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Sends and receives VRRP advertisements on one interface. Implementations: the raw IP-protocol-112
 * socket in {@code failover4j-jna-net}, and the testkit's simulated LAN.
 */
public interface Transport {

    /**
     * Opens the channel of one virtual router. An implementation may share one socket between all
     * groups of an interface and demultiplex by VRID.
     *
     * @throws IOException with a message that says what is missing (a capability, the interface)
     * @param spec the group's interface, VRID, version, family, unicast settings
     * @param receiver told about every advert for this VRID (on the transport's thread; must not block)
     * @return the channel; closing it releases what it holds
     */
    Channel open(ChannelSpec spec, Receiver receiver) throws IOException;

    /**
     * What a channel is for.
     *
     * @param unicastSource     the source address for unicast mode, or null (then the interface's primary address)
     * @param unicastPeers      send to each of these instead of the multicast group; empty for multicast
     * @param realtimePriority  run the threads that receive for this channel with SCHED_RR at this priority
     *                          (1..99), or 0 for ordinary scheduling
     * @param sourceInterface   the base interface, when {@code interfaceName} is a virtual MAC
     *                          interface: adverts go out on the virtual MAC interface from the base
     *                          interface's address, and arrive on both (a transport must not join a
     *                          multicast group on the virtual MAC interface: a backup would send
     *                          IGMP/MLD reports from the shared MAC); null: no virtual MAC
     * @param signer            makes each advert's authentication trailer ({@code auth_hmac}), or null
     */
    record ChannelSpec(String interfaceName, int vrid, VrrpVersion version, boolean ipv6,
                       InetAddress unicastSource, List<InetAddress> unicastPeers, int realtimePriority,
                       String sourceInterface, Signer signer) {
        /**
         * Validates that the interface and version are given; copies the peers.
         *
         * @param interfaceName the interface adverts go out on
         * @param vrid the virtual router id
         * @param version the VRRP version
         * @param ipv6 whether the group is IPv6
         * @param unicastSource the source address for unicast mode, or null (then the interface's primary address)
         * @param unicastPeers send to each of these instead of the multicast group; empty for multicast
         * @param realtimePriority SCHED_RR priority of the threads that receive for this channel, or 0
         * @param sourceInterface the base interface when {@code interfaceName} is a virtual MAC interface, else null
         * @param signer makes each advert's authentication trailer, or null
         */
        public ChannelSpec {
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(version, "version");
            unicastPeers = List.copyOf(unicastPeers);
        }

        // Written out rather than the record's generated ones: their invokedynamic bootstrap (ObjectMethods)
        // costs 10-30 ms the first time, and the first comparison is a live reconfiguration (the agent's SIGHUP).
        @Override
        public boolean equals(Object o) {
            return o instanceof ChannelSpec c && vrid == c.vrid && ipv6 == c.ipv6 && realtimePriority == c.realtimePriority
                    && interfaceName.equals(c.interfaceName) && version == c.version
                    && Objects.equals(unicastSource, c.unicastSource) && unicastPeers.equals(c.unicastPeers)
                    && Objects.equals(sourceInterface, c.sourceInterface) && Objects.equals(signer, c.signer);
        }

        @Override
        public int hashCode() {
            return Objects.hash(interfaceName, vrid, version, ipv6, unicastSource, unicastPeers, realtimePriority,
                    sourceInterface, signer);
        }

        /**
         * A channel that sends from its own interface's address.
         *
         * @param interfaceName as in the record
         * @param vrid as in the record
         * @param version as in the record
         * @param ipv6 as in the record
         * @param unicastSource as in the record
         * @param unicastPeers as in the record
         * @param realtimePriority as in the record
         */
        public ChannelSpec(String interfaceName, int vrid, VrrpVersion version, boolean ipv6, InetAddress unicastSource,
                           List<InetAddress> unicastPeers, int realtimePriority) {
            this(interfaceName, vrid, version, ipv6, unicastSource, unicastPeers, realtimePriority, null, null);
        }

        /**
         * A channel without a signer.
         *
         * @param interfaceName as in the record
         * @param vrid as in the record
         * @param version as in the record
         * @param ipv6 as in the record
         * @param unicastSource as in the record
         * @param unicastPeers as in the record
         * @param realtimePriority as in the record
         * @param sourceInterface as in the record
         */
        public ChannelSpec(String interfaceName, int vrid, VrrpVersion version, boolean ipv6, InetAddress unicastSource,
                           List<InetAddress> unicastPeers, int realtimePriority, String sourceInterface) {
            this(interfaceName, vrid, version, ipv6, unicastSource, unicastPeers, realtimePriority, sourceInterface, null);
        }

        /**
         * {@return the IP payload for {@code message} (encoded for {@code destination}): the message, and
         * the signer's trailer if there is one ({@code trailer}, made once per advert)}
         *
         * @param message     the encoded VRRP message
         * @param trailer     the advert's trailer (from {@link Signer#trailer}), or null
         * @param source      the IP source address
         * @param destination the IP destination address
         */
        public static byte[] payload(byte[] message, byte[] trailer, InetAddress source, InetAddress destination) {
            return trailer == null ? message : dev.failover4j.codec.VrrpCodec.withTrailer(message, trailer, source, destination);
        }
    }

    /**
     * Makes adverts' authentication trailers (keepalived 2.4's {@code auth_hmac}); the group gives one to
     * its channel. A transport calls it once per advert, with the message encoded for any destination
     * (the checksum is not covered), and appends the trailer to every copy with
     * {@link ChannelSpec#payload}.
     */
    @FunctionalInterface
    interface Signer {
        /**
         * {@return the trailer for this advert, or null to send it unsigned}
         *
         * @param message the encoded VRRP message
         * @param source  the advert's IP source address
         */
        byte[] trailer(byte[] message, InetAddress source);
    }

    /** Receives the VRRP messages of one VRID; may be called on any thread, must not block. */
    @FunctionalInterface
    interface Receiver {
        /**
         * @param vrrpMessage  the IP payload only; the buffer is the receiver's until the call returns (a
         *                     transport may read the next packet into it): a receiver that keeps it, or
         *                     hands it to another thread, copies it
         * @param meta         source, destination, TTL/hop limit and interface
         * @param arrivalNanos when it was read, on the event loop's clock ({@code System.nanoTime()} in
         *                     production): timers restart from the advert's arrival, not from when the
         *                     protocol thread got to it
         */
        void onPacket(ByteBuffer vrrpMessage, RxMeta meta, long arrivalNanos);
    }

    /** One virtual router's open channel. */
    interface Channel extends Closeable {
        /** {@return the address adverts are sent from: the tie-break between equal priorities} */
        InetAddress localAddress();

        /**
         * Reads again which address adverts go from (the interface's own address was removed or
         * added) and sends from it from now on.
         *
         * @throws IOException if the interface has no address to send from now
         * @return the address adverts go from now
         */
        default InetAddress refreshLocalAddress() throws IOException {
            return localAddress();
        }

        /**
         * Encodes and sends {@code advert} to each destination (the multicast group, or every unicast
         * peer: VRRPv3 checksums differ per destination).
         *
         * @param advert the advertisement
         * @throws IOException if it could not be sent (link down, no route); counted, the protocol goes on
         */
        void send(VrrpPacket advert) throws IOException;
    }
}
