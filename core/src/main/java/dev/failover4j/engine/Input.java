package dev.failover4j.engine;

import dev.failover4j.codec.RxMeta;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/** Everything that can happen to a {@link VirtualRouter}: fed with {@link VirtualRouter#handle}. */
public sealed interface Input {

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
    }

    /** Stop gracefully: a master sends priority 0 and releases the VIPs (§6.4.3 Shutdown). */
    record Stop() implements Input {
    }

    /** Time has passed: fire every timer whose deadline is at or before {@code now}. Early is a no-op. */
    record Timeout() implements Input {
    }

    /** A VRRP message for this VRID arrived (parsed and validated by the router, which counts rejections). */
    record PacketReceived(ByteBuffer message, RxMeta meta) implements Input {
        public PacketReceived {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(meta, "meta");
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
    }

    /** The interface's link went down or came up. */
    record LinkChanged(boolean up) implements Input {
    }

    /** One of our virtual addresses was removed from the interface by someone else. */
    record VipRemoved(InetAddress address) implements Input {
        public VipRemoved {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * An action of the last batch failed. For {@link Action.BindVip} and {@link Action.RefreshVip}
     * the driver must not execute the rest of that batch and must feed this input next.
     */
    record ActionFailed(Action action, String error) implements Input {
        public ActionFailed {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(error, "error");
        }
    }

    /** Set the configured (base) priority at run time: 1..254. */
    record SetPriority(int priority) implements Input {
    }

    /** Give up mastership now and do not preempt until this router is master again on its own. */
    record Demote() implements Input {
    }
}
