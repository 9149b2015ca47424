package dev.failover4j.engine;

import dev.failover4j.HaConfig;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Dry runs of a throwaway router through a takeover and back, with no I/O, at start: the classes of
 * the takeover path are loaded and its code compiled, so a backup's first takeover sends its first
 * advert without class loading or the interpreter (it races other backups, keepalived among them,
 * by fractions of a millisecond: VRRPv3's Skew_Time separates priorities by 0.39 ms at 100 ms).
 */
public final class Warmup {

    /** What this JVM has warmed already: compiled code serves every group of a version and family. */
    private static final java.util.Set<String> WARMED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Warmup() {
    }

    /**
     * Runs {@code config}'s engine {@code times} times through start, takeover, bind, an advert, a
     * reconfiguration and stop, once per JVM for its VRRP version and address family.
     */
    public static void run(HaConfig config, InetAddress local, int times) {
        if (!WARMED.add(config.version() + (config.ipv6() ? "/6" : "/4"))) {
            return;
        }
        for (int i = 0; i < times; i++) {
            once(config, local);
        }
    }

    private static void once(HaConfig config, InetAddress local) {
        VirtualRouter r = new VirtualRouter(config);
        long now = System.nanoTime();
        drive(r, new Input.Start(local, true), now);
        now += r.masterDownNanos() + r.config().advertInterval().toNanos();
        drive(r, Input.Timeout.INSTANCE, now);
        now += r.config().advertInterval().toNanos();
        drive(r, Input.Timeout.INSTANCE, now);
        VrrpPacket lower = new VrrpPacket(config.version(), config.vrid(), 1, ReceiveChecks.intervalUnits(config),
                config.virtualAddresses().stream().map(v -> v.address()).toList(),
                ReceiveChecks.authType(config).code(), ReceiveChecks.authData(config));
        InetAddress group = local;
        byte[] bytes = VrrpCodec.encode(lower, local, group);
        drive(r, new Input.PacketReceived(ByteBuffer.wrap(bytes), new RxMeta(local, group, 255, config.interfaceName())), now);
        drive(r, new Input.Reconfigure(config), now); // a reload that changes nothing: the checks of what may change live
        drive(r, new Input.Stop(), now);
    }

    /** Feeds an input and every outcome, as a driver whose actions all succeed. */
    private static void drive(VirtualRouter r, Input input, long now) {
        ArrayDeque<Input> queue = new ArrayDeque<>(List.of(input));
        for (Input next; (next = queue.poll()) != null; ) {
            for (Action a : r.handle(next, now)) {
                Input done = a instanceof Action.SyncWantsMaster
                        ? new Input.Sync(Input.SyncKind.MASTER, false, "warm-up") // a sync group that agrees at once
                        : a.completed();
                if (done != null) {
                    queue.add(done);
                }
            }
        }
    }
}
