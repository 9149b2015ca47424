package dev.failover4j.engine;

import dev.failover4j.HaConfig;
import dev.failover4j.HaGroup;
import dev.failover4j.StateChange;
import dev.failover4j.VirtualAddress;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    RouterHarness(HaConfig config) {
        this.router = new VirtualRouter(config);
    }

    /**
     * A v2 group on {@value #IF}, VRID 51, VIP 10.0.0.100/24, 1 s adverts, no lease, binding at once on
     * takeover (the RFC's sequence; the settle has tests of its own), as {@code tweak} changes it.
     */
    static HaConfig v2(int priority) {
        return v2(priority, b -> b);
    }

    static HaConfig v2(int priority, UnaryOperator<HaGroup.Builder> tweak) {
        return tweak.apply(base(priority)).buildConfig();
    }

    static HaConfig v3(int priority, Duration interval) {
        return base(priority).vrrpVersion(3).advertInterval(interval).buildConfig();
    }

    static HaGroup.Builder base(int priority) {
        return HaGroup.builder().interfaceName(IF).vrid(51).priority(priority).virtualAddress(VIP)
                .advertInterval(Duration.ofSeconds(1)).vipLease(Duration.ZERO).takeoverSettle(Duration.ZERO);
    }

    /** Feeds {@code input} and, like a driver whose binds succeed, each action's outcome; returns every action. */
    List<Action> feed(Input input) {
        List<Action> all = new ArrayList<>();
        java.util.ArrayDeque<Input> queue = new java.util.ArrayDeque<>(List.of(input));
        for (Input next; (next = queue.poll()) != null; ) {
            List<Action> out = router.handle(next, now);
            log.addAll(out);
            all.addAll(out);
            if (bindsSucceed) {
                out.stream().map(Action::completed).filter(java.util.Objects::nonNull).forEach(queue::add);
            }
        }
        return all;
    }

    /** The deadline of {@code t}, or null if it is not armed. */
    Long deadline(Timer t) {
        java.util.OptionalLong d = router.deadline(t);
        return d.isPresent() ? d.getAsLong() : null;
    }

    /** Whether feed() reports every bind as done (false: the test reports outcomes itself). */
    boolean bindsSucceed = true;

    List<Action> start() {
        return feed(new Input.Start(LOCAL, true));
    }

    /** Moves the clock forward by {@code nanos}, firing every deadline on the way, in order. */
    List<Action> advance(long nanos) {
        long end = now + nanos;
        List<Action> out = new ArrayList<>();
        while (router.nextDeadline().isPresent() && router.nextDeadline().getAsLong() - end <= 0) {
            now = router.nextDeadline().getAsLong();
            out.addAll(feed(Input.Timeout.INSTANCE));
        }
        now = end;
        return out;
    }

    /** Delivers an advert from {@code source} with {@code priority}, built like the router's own. */
    List<Action> advert(int priority, InetAddress source) {
        HaConfig c = router.config();
        return advert(new VrrpPacket(c.version(), c.vrid(), priority, ReceiveChecks.intervalUnits(c),
                c.virtualAddresses().stream().map(VirtualAddress::address).toList(), ReceiveChecks.authType(c).code(),
                ReceiveChecks.authData(c)), source);
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
            out.add(a.accept(NAMES));
        }
        return out;
    }

    private static final Action.Visitor<String, RuntimeException> NAMES = new Action.Visitor<>() {
        @Override
        public String sendAdvert(Action.SendAdvert a) {
            return "advert(" + a.packet().priority() + ")";
        }

        @Override
        public String bindVip(Action.BindVip a) {
            return "bind";
        }

        @Override
        public String refreshVip(Action.RefreshVip a) {
            return "refresh";
        }

        @Override
        public String unbindVip(Action.UnbindVip a) {
            return "unbind";
        }

        @Override
        public String announceVip(Action.AnnounceVip a) {
            return "announce(" + a.count() + ")";
        }

        @Override
        public String notifyStateChange(Action.NotifyStateChange a) {
            return "notify(" + a.change().previous() + "->" + a.change().current() + ")";
        }

        @Override
        public String syncWantsMaster(Action.SyncWantsMaster a) {
            return "syncWantsMaster";
        }

        @Override
        public String notifyLowerPriorityMaster(Action.NotifyLowerPriorityMaster a) {
            return "lowerPriorityMaster(" + a.event().priority() + ")";
        }

        @Override
        public String warn(Action.Warn a) {
            return "warn";
        }
    };

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
