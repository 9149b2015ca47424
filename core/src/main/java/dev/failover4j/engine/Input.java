package dev.failover4j.engine;

import dev.failover4j.HaConfig;
import dev.failover4j.codec.RxMeta;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Everything that can happen to a {@link VirtualRouter}: fed with {@link VirtualRouter#handle}.
 * Handled exhaustively through {@link Visitor}: a new kind of input does not compile until every
 * visitor handles it.
 */
public sealed interface Input {

    /** Calls the visitor's method for this kind of input. */
    <R> R accept(Visitor<R> visitor);

    /** One method per kind of input. */
    interface Visitor<R> {
        R start(Start start);

        R stop(Stop stop);

        R timeout(Timeout timeout);

        R packet(PacketReceived packet);

        R health(HealthChanged health);

        R link(LinkChanged link);

        R vipRemoved(VipRemoved removed);

        R sourceChanged(SourceChanged changed);

        R resync(Resync resync);

        R vipBound(VipBound bound);

        R vipBindFailed(VipBindFailed failed);

        R actionFailed(ActionFailed failed);

        R setPriority(SetPriority priority);

        R demote(Demote demote);

        R reconfigure(Reconfigure reconfigure);

        R sync(Sync sync);
    }

    /**
     * Start the router (Initialize, RFC 3768/5798 §6.4.1).
     *
     * @param localAddress the address adverts are sent from: the tie-break for equal priorities
     * @param linkUp       whether the interface has its link now
     */
    record Start(InetAddress localAddress, boolean linkUp) implements Input {
        public Start {
            Objects.requireNonNull(localAddress, "localAddress");
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.start(this);
        }
    }

    /** Stop gracefully: a master sends priority 0 and releases the VIPs (§6.4.3 Shutdown). */
    record Stop() implements Input {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.stop(this);
        }
    }

    /** Time has passed: fire every timer whose deadline is at or before {@code now}. Early is a no-op. */
    record Timeout() implements Input {
        /** The one instance a driver needs. */
        public static final Timeout INSTANCE = new Timeout();

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.timeout(this);
        }
    }

    /**
     * A VRRP message for this VRID arrived (parsed and checked by the router, which counts rejections)
     * at {@code arrivalNanos}: a backup's Master_Down timer restarts from the arrival, not from when the
     * protocol thread got to the packet (the RFC's "receive"). Everything else runs at the time given
     * to {@link VirtualRouter#handle}.
     */
    record PacketReceived(ByteBuffer message, RxMeta meta, long arrivalNanos) implements Input {
        /** Arrival unknown: it counts as the time it is handled. */
        static final long UNKNOWN = Long.MIN_VALUE;

        public PacketReceived {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(meta, "meta");
        }

        /** Arrival unknown: it counts as the time it is handled. */
        public PacketReceived(ByteBuffer message, RxMeta meta) {
            this(message, meta, UNKNOWN);
        }

        /** The arrival time if known and not after {@code now}, else {@code now}. */
        long arrival(long now) {
            return arrival(arrivalNanos, now);
        }

        static long arrival(long arrivalNanos, long now) {
            return arrivalNanos == UNKNOWN || arrivalNanos - now > 0 ? now : arrivalNanos;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.packet(this);
        }
    }

    /**
     * The combined effect of the health checks changed.
     *
     * @param priorityAdjustment sum of the weights in force (negative weights of failing checks,
     *                           positive weights of healthy checks)
     * @param fault              a weight-0 check is failing
     * @param reason             which checks, in words
     */
    record HealthChanged(int priorityAdjustment, boolean fault, String reason) implements Input {
        public HealthChanged {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.health(this);
        }
    }

    /** The interface's link went down or came up. */
    record LinkChanged(boolean up) implements Input {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.link(this);
        }
    }

    /** One of our virtual addresses was removed from the interface by someone else. */
    record VipRemoved(InetAddress address) implements Input {
        public VipRemoved {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.vipRemoved(this);
        }
    }

    /**
     * The address adverts go from changed: the interface's own address was removed or added.
     *
     * @param source the new source, or null if the interface has none (no adverts can be sent)
     */
    record SourceChanged(InetAddress source) implements Input {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.sourceChanged(this);
        }
    }

    /** Kernel events may have been lost: a master binds its addresses again (an idempotent add). */
    record Resync() implements Input {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.resync(this);
        }
    }

    /** The outcome of {@link Action.BindVip} {@code bindId}: the addresses are on the interface. */
    record VipBound(long bindId) implements Input {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.vipBound(this);
        }
    }

    /** The outcome of {@link Action.BindVip} {@code bindId}: adding the addresses failed. */
    record VipBindFailed(long bindId, String error) implements Input {
        public VipBindFailed {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.vipBindFailed(this);
        }
    }

    /** An action other than {@link Action.BindVip} failed (see {@link Action#failed(String)}). */
    record ActionFailed(Action action, String error) implements Input {
        public ActionFailed {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.actionFailed(this);
        }
    }

    /** Set the configured (base) priority at run time: 1..254. */
    record SetPriority(int priority) implements Input {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.setPriority(this);
        }
    }

    /** Give up mastership now and do not preempt until this router is master again on its own. */
    record Demote() implements Input {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.demote(this);
        }
    }

    /**
     * From the router's sync group (keepalived's {@code vrrp_sync_group}), on the same loop.
     *
     * @param kind   FAULT: another member is in FAULT of its own ({@code fault} says whether still);
     *               BACKUP: another member left MASTER for BACKUP, leave MASTER too;
     *               MASTER: every member wants MASTER, take over now
     * @param fault  for FAULT: set or cleared
     * @param reason words for the state change
     */
    record Sync(SyncKind kind, boolean fault, String reason) implements Input {
        public Sync {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.sync(this);
        }
    }

    /** What a {@link Sync} input asks. */
    enum SyncKind { FAULT, BACKUP, MASTER }

    /**
     * A live reconfiguration (keepalived's reload): {@code config} replaces the router's; only what
     * {@link VirtualRouter#unchangeable} allows to differ. No state change, no priority-0 advert.
     */
    record Reconfigure(HaConfig config) implements Input {
        public Reconfigure {
            Objects.requireNonNull(config, "config");
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.reconfigure(this);
        }
    }
}
