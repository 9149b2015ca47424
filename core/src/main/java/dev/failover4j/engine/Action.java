package dev.failover4j.engine;

import dev.failover4j.LowerPriorityMaster;
import dev.failover4j.StateChange;
import dev.failover4j.VirtualAddress;
import dev.failover4j.codec.VrrpPacket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link VirtualRouter} asks its driver to do, in order. Timers are not actions: the router
 * keeps them as data and {@link VirtualRouter#nextDeadline()} says when to call it again.
 *
 * <p>The driver's whole contract: carry out every action in order; feed back {@link #completed()}
 * when an action succeeds and {@link #failed(String)} when it throws, if they are not null. Only
 * {@link BindVip} has a completion: the router announces the addresses and tells listeners about
 * MASTER only after it hears the bind succeeded, so no driver needs a rule of its own. Handled
 * exhaustively through {@link Visitor}.
 */
public sealed interface Action {

    /** Calls the visitor's method for this kind of action. */
    <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X;

    /** The input to feed when this action succeeded, or null if the router needs none. */
    default Input completed() {
        return null;
    }

    /** The input to feed when this action failed with {@code error}. */
    default Input failed(String error) {
        return new Input.ActionFailed(this, error);
    }

    /** One method per kind of action; {@code X} is what the methods may throw. */
    interface Visitor<R, X extends Exception> {
        R sendAdvert(SendAdvert a) throws X;

        R bindVip(BindVip a) throws X;

        R refreshVip(RefreshVip a) throws X;

        R unbindVip(UnbindVip a) throws X;

        R announceVip(AnnounceVip a) throws X;

        R notifyStateChange(NotifyStateChange a) throws X;

        R notifyLowerPriorityMaster(NotifyLowerPriorityMaster a) throws X;

        R syncWantsMaster(SyncWantsMaster a) throws X;

        R warn(Warn a) throws X;
    }

    /** Send this advert to every destination (multicast group or each unicast peer). */
    record SendAdvert(VrrpPacket packet) implements Action {
        public SendAdvert {
            Objects.requireNonNull(packet, "packet");
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.sendAdvert(this);
        }
    }

    /**
     * Add the virtual addresses to the interface, then report {@link Input.VipBound} or
     * {@link Input.VipBindFailed} with {@code id} (which {@link #completed()} and {@link #failed}
     * make). The outcome may come later, from another task of the loop: the router keeps sending
     * adverts meanwhile and ignores the outcome of a bind it no longer waits for.
     *
     * @param lease lifetime to give the addresses so the kernel removes them if we die, or null for none
     * @param id    which bind this is, for its outcome
     */
    record BindVip(List<VirtualAddress> vips, Duration lease, long id) implements Action {
        public BindVip {
            vips = List.copyOf(vips);
        }

        @Override
        public Input completed() {
            return new Input.VipBound(id);
        }

        @Override
        public Input failed(String error) {
            return new Input.VipBindFailed(id, error);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.bindVip(this);
        }
    }

    /** Renew the lease of the bound addresses (an address replace with new lifetimes). */
    record RefreshVip(List<VirtualAddress> vips, Duration lease) implements Action {
        public RefreshVip {
            vips = List.copyOf(vips);
            Objects.requireNonNull(lease, "lease");
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.refreshVip(this);
        }
    }

    /** Remove the virtual addresses; removing an absent address is not an error. */
    record UnbindVip(List<VirtualAddress> vips) implements Action {
        public UnbindVip {
            vips = List.copyOf(vips);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.unbindVip(this);
        }
    }

    /** Send {@code count} gratuitous ARPs (IPv4) / unsolicited neighbour advertisements (IPv6) per address. */
    record AnnounceVip(List<VirtualAddress> vips, int count) implements Action {
        public AnnounceVip {
            vips = List.copyOf(vips);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.announceVip(this);
        }
    }

    /** Tell the listeners. MASTER is emitted only after the bind succeeded. */
    /**
     * Tell listeners about {@code change}. {@code takeoverNanos}: for an entry to MASTER because the
     * master went away ({@link dev.failover4j.Cause#MASTER_DOWN}, {@link dev.failover4j.Cause#MASTER_LEFT}),
     * the time from the old master's last advert (or its priority-0 advert) to this change; else -1.
     */
    record NotifyStateChange(StateChange change, long takeoverNanos) implements Action {
        public NotifyStateChange {
            Objects.requireNonNull(change, "change");
        }

        /** A change that is not a takeover. */
        public NotifyStateChange(StateChange change) {
            this(change, -1);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.notifyStateChange(this);
        }
    }

    /** Tell the listeners that a lower-priority master was heard (and answered) while we are MASTER. */
    record NotifyLowerPriorityMaster(LowerPriorityMaster event) implements Action {
        public NotifyLowerPriorityMaster {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.notifyLowerPriorityMaster(this);
        }
    }

    /**
     * Sync group: this router's Master_Down timer ran out (or it would preempt), but a sync group
     * member becomes MASTER only together with every other: ask the group. It answers with
     * {@link Input.Sync} MASTER once every member wants MASTER; meanwhile the timer runs again.
     */
    record SyncWantsMaster() implements Action {
        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.syncWantsMaster(this);
        }
    }

    /** Something an operator should see in the log (a misconfigured peer, a VIP removed behind our back). */
    record Warn(String message) implements Action {
        public Warn {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.warn(this);
        }
    }
}
