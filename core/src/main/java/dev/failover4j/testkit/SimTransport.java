package dev.failover4j.testkit;

import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import dev.failover4j.spi.Transport;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;

/** A simulated node's VRRP channels: adverts go onto the LAN, to the group or to each unicast peer. */
final class SimTransport implements Transport {

    private final SimulatedLan lan;
    private final SimulatedLan.Node node;

    SimTransport(SimulatedLan lan, SimulatedLan.Node node) {
        this.lan = lan;
        this.node = node;
    }

    @Override
    public Channel open(ChannelSpec spec, Receiver receiver) throws IOException {
        if (!SimulatedLan.INTERFACE.equals(spec.interfaceName())) {
            throw new IOException("no interface " + spec.interfaceName() + " on simulated node " + node.name());
        }
        if (node.receivers.putIfAbsent(spec.vrid(), receiver) != null) {
            throw new IOException("VRID " + spec.vrid() + " is already open on " + node.name());
        }
        InetAddress src = spec.unicastSource() != null ? spec.unicastSource() : node.address;
        return new Channel() {
            @Override
            public InetAddress localAddress() {
                return src;
            }

            /** The advert's auth_hmac trailer, once per advert; null without a signer. */
            private byte[] trailer(byte[] message) {
                return spec.signer() == null ? null : spec.signer().trailer(message, src);
            }

            @Override
            public void send(VrrpPacket advert) throws IOException {
                if (node.dead) {
                    return;
                }
                if (!node.linkUp) {
                    throw new IOException("ENETDOWN: link of " + SimulatedLan.INTERFACE + " is down");
                }
                node.advertsSent++;
                if (spec.unicastPeers().isEmpty()) {
                    InetAddress dst = src instanceof Inet6Address ? SimulatedLan.MCAST6 : SimulatedLan.MCAST4;
                    byte[] msg = VrrpCodec.encode(advert, src, dst);
                    lan.transmit(node, ChannelSpec.payload(msg, trailer(msg), src, dst), dst, null);
                    return;
                }
                byte[] trailer = null;
                for (InetAddress peer : spec.unicastPeers()) {
                    for (SimulatedLan.Node target : lan.nodes.values()) {
                        if (target.address.equals(peer)) {
                            byte[] msg = VrrpCodec.encode(advert, src, peer);
                            if (trailer == null) {
                                trailer = trailer(msg);
                            }
                            lan.transmit(node, ChannelSpec.payload(msg, trailer, src, peer), peer, target);
                            break;
                        }
                    }
                }
            }

            @Override
            public void close() {
                node.receivers.remove(spec.vrid(), receiver);
            }
        };
    }
}
