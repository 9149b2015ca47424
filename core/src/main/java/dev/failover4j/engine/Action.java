package dev.failover4j.engine;

import dev.failover4j.StateChange;
import dev.failover4j.VirtualAddress;
import dev.failover4j.codec.VrrpPacket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link VirtualRouter} asks its driver to do, in order. Timers are not actions: the router
 * keeps them as data and {@link VirtualRouter#nextDeadline()} says when to call it again.
 */
public sealed interface Action {

    /** Send this advert to every destination (multicast group or each unicast peer). */
    record SendAdvert(VrrpPacket packet) implements Action {
        public SendAdvert {
            Objects.requireNonNull(packet, "packet");
        }
    }

    /**
     * Add the virtual addresses to the interface. If it fails, the driver skips the rest of the batch
     * (the announcements and the MASTER notification depend on it) and feeds {@link Input.ActionFailed}.
     *
     * @param lease lifetime to give the addresses so the kernel removes them if we die, or null for none
     */
    record BindVip(List<VirtualAddress> vips, Duration lease) implements Action {
        public BindVip {
            vips = List.copyOf(vips);
        }
    }

    /** Renew the lease of the bound addresses (an address replace with new lifetimes). */
    record RefreshVip(List<VirtualAddress> vips, Duration lease) implements Action {
        public RefreshVip {
            vips = List.copyOf(vips);
            Objects.requireNonNull(lease, "lease");
        }
    }

    /** Remove the virtual addresses; removing an absent address is not an error. */
    record UnbindVip(List<VirtualAddress> vips) implements Action {
        public UnbindVip {
            vips = List.copyOf(vips);
        }
    }

    /** Send {@code count} gratuitous ARPs (IPv4) / unsolicited neighbour advertisements (IPv6) per address. */
    record AnnounceVip(List<VirtualAddress> vips, int count) implements Action {
        public AnnounceVip {
            vips = List.copyOf(vips);
        }
    }

    /** Tell the listeners. For MASTER it comes after the {@link BindVip} of the same batch. */
    record NotifyStateChange(StateChange change) implements Action {
        public NotifyStateChange {
            Objects.requireNonNull(change, "change");
        }
    }

    /** Something an operator should see in the log (a misconfigured peer, a VIP removed behind our back). */
    record Warn(String message) implements Action {
        public Warn {
            Objects.requireNonNull(message, "message");
        }
    }
}
