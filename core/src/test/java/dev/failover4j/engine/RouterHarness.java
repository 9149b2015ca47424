package dev.failover4j.engine;

import dev.failover4j.StateChange;
import dev.failover4j.VirtualAddress;
import dev.failover4j.codec.AuthType;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import dev.failover4j.codec.VrrpVersion;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Drives one {@link VirtualRouter} on a virtual clock (nanoseconds from an arbitrary origin). */
final class RouterHarness {

    static final String IF = "eth0";
    static final InetAddress LOCAL = ip("10.0.0.10");
    static final InetAddress MCAST = ip("224.0.0.18");
    static final VirtualAddress VIP = VirtualAddress.parse("10.0.0.100/24");
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;

    final VirtualRouter router;
    /** Starts near Long.MAX_VALUE so every test also crosses the nanoTime overflow. */
    long now = Long.MAX_VALUE - 5 * S;
    final List<Action> log = new ArrayList<>();

    RouterHarness(RouterConfig config) {
        this.router = new VirtualRouter(config);
    }

    static RouterConfig v2(int priority) {
        return v2(priority, c -> c);
    }

    static RouterConfig v2(int priority, UnaryOperator<Builder> tweak) {
        return tweak.apply(new Builder(VrrpVersion.V2, priority, Duration.ofSeconds(1))).build();
    }

    static RouterConfig v3(int priority, Duration interval) {
        return new Builder(VrrpVersion.V3, priority, interval).build();
    }

    /** Mutable knobs for a RouterConfig in tests. */
    static final class Builder {
        VrrpVersion version;
        int priority;
        Duration interval;
        boolean preempt = true;
        Duration preemptDelay = Duration.ZERO;
        int downTimerAdverts = 3;
        Duration garpDelay = Duration.ofSeconds(5);
        Duration garpRefresh = Duration.ZERO;
        Duration lease = Duration.ZERO;
        AuthType auth = AuthType.NONE;
        String password;

        Builder(VrrpVersion version, int priority, Duration interval) {
            this.version = version;
            this.priority = priority;
            this.interval = interval;
        }

        Builder nopreempt() { preempt = false; return this; }
        Builder preemptDelay(Duration d) { preemptDelay = d; return this; }
        Builder downTimerAdverts(int n) { downTimerAdverts = n; return this; }
        Builder garpRefresh(Duration d) { garpRefresh = d; return this; }
        Builder lease(Duration d) { lease = d; return this; }
        Builder password(String p) { auth = AuthType.SIMPLE_TEXT; password = p; return this; }

        RouterConfig build() {
            return new RouterConfig(IF, 51, version, false, priority, interval, List.of(VIP), auth,
                    auth == AuthType.SIMPLE_TEXT ? VrrpPacket.passwordBytes(password) : new byte[8],
                    preempt, preemptDelay, downTimerAdverts, 5, garpDelay, garpRefresh, 1, lease, Set.of());
        }
    }

    List<Action> feed(Input input) {
        List<Action> out = router.handle(input, now);
        log.addAll(out);
        return out;
    }

    List<Action> start() {
        return feed(new Input.Start(LOCAL, true));
    }

    /** Moves the clock forward by {@code nanos}, firing every deadline on the way, in order. */
    List<Action> advance(long nanos) {
        long end = now + nanos;
        List<Action> out = new ArrayList<>();
        while (router.hasDeadline() && router.nextDeadline() - end <= 0) {
            now = router.nextDeadline();
            out.addAll(feed(new Input.Timeout()));
        }
        now = end;
        return out;
    }

    /** Delivers an advert from {@code source} with {@code priority}, built like the router's own. */
    List<Action> advert(int priority, InetAddress source) {
        RouterConfig c = router.config();
        return advert(new VrrpPacket(c.version(), c.vrid(), priority, c.intervalUnits(),
                c.vips().stream().map(VirtualAddress::address).toList(), c.authType().code(), c.authData()), source);
    }

    List<Action> advert(VrrpPacket p, InetAddress source) {
        byte[] bytes = VrrpCodec.encode(p, source, MCAST);
        return feed(new Input.PacketReceived(ByteBuffer.wrap(bytes), new RxMeta(source, MCAST, 255, IF)));
    }

    static List<StateChange> changes(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof Action.NotifyStateChange)
                .map(a -> ((Action.NotifyStateChange) a).change()).toList();
    }

    /** Compact names of the actions, e.g. {@code [advert(100), bind, announce(5), notify(BACKUP->MASTER)]}. */
    static List<String> names(List<Action> actions) {
        List<String> out = new ArrayList<>();
        for (Action a : actions) {
            if (a instanceof Action.SendAdvert s) {
                out.add("advert(" + s.packet().priority() + ")");
            } else if (a instanceof Action.BindVip) {
                out.add("bind");
            } else if (a instanceof Action.RefreshVip) {
                out.add("refresh");
            } else if (a instanceof Action.UnbindVip) {
                out.add("unbind");
            } else if (a instanceof Action.AnnounceVip an) {
                out.add("announce(" + an.count() + ")");
            } else if (a instanceof Action.NotifyStateChange n) {
                out.add("notify(" + n.change().previous() + "->" + n.change().current() + ")");
            } else if (a instanceof Action.Warn) {
                out.add("warn");
            }
        }
        return out;
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
