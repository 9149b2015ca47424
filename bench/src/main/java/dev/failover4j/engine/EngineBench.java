package dev.failover4j.engine;

import dev.failover4j.HaConfig;
import dev.failover4j.HaGroup;
import dev.failover4j.VrrpVersion;
import dev.failover4j.codec.ParseResult;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the advert's hot path: the codec's parse and encode, the receive checks
 * (validate: RFC 3768/5798 §7.1 against the group's configuration), and the engine's handling of a
 * received advert (a backup) and of the advert timer (a master). In the engine's package because the
 * receive checks are not public. Run with the GC profiler for bytes per operation:
 *
 * <pre>java -cp bench/target/failover4j-bench.jar org.openjdk.jmh.Main EngineBench -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EngineBench {

    private static final long INTERVAL = Duration.ofMillis(100).toNanos();

    private InetAddress master;
    private InetAddress group;
    private VrrpPacket packet;
    private ByteBuffer advert;
    private RxMeta meta;
    private ReceiveChecks checks;
    private VirtualRouter backupRouter;
    private VirtualRouter masterRouter;
    private long backupNow;
    private long masterNow;
    private final ArrayDeque<Input> outcomes = new ArrayDeque<>();

    @Setup
    public void setUp() throws Exception {
        master = InetAddress.getByName("10.77.0.10");
        InetAddress backup = InetAddress.getByName("10.77.0.20");
        group = InetAddress.getByName("224.0.0.18");
        HaConfig backupConfig = config(100);
        HaConfig masterConfig = config(101);
        packet = new VrrpPacket(VrrpVersion.V3, 51, 101, 10, List.of(InetAddress.getByName("10.77.0.100")), 0,
                new byte[VrrpPacket.AUTH_DATA_LENGTH]);
        advert = ByteBuffer.wrap(VrrpCodec.encode(packet, master, group));
        meta = new RxMeta(master, group, 255, "eth0");
        checks = new ReceiveChecks(backupConfig);

        backupRouter = new VirtualRouter(backupConfig);
        backupNow = 1_000_000_000L;
        feed(backupRouter, new Input.Start(backup, true), backupNow);

        masterRouter = new VirtualRouter(masterConfig);
        masterNow = 1_000_000_000L;
        feed(masterRouter, new Input.Start(master, true), masterNow);
        masterNow = masterRouter.nextDeadlineOr(masterNow);
        feed(masterRouter, Input.Timeout.INSTANCE, masterNow); // Master_Down: takes over, binds
    }

    private static HaConfig config(int priority) {
        return HaGroup.builder().interfaceName("eth0").vrid(51).priority(priority).virtualAddress("10.77.0.100/24")
                .vrrpVersion(VrrpVersion.V3).advertInterval(Duration.ofMillis(100)).buildConfig();
    }

    /**
     * Feeds an input and every outcome, as a driver whose actions all succeed (with a reused queue, as
     * GroupDriver's); returns the number of actions.
     */
    private int feed(VirtualRouter r, Input input, long now) {
        ArrayDeque<Input> queue = outcomes;
        queue.clear();
        int n = 0;
        List<Action> out = r.handle(input, now);
        while (true) {
            for (int i = 0; i < out.size(); i++) {
                n++;
                Input done = out.get(i).completed();
                if (done != null) {
                    queue.add(done);
                }
            }
            Input next = queue.poll();
            if (next == null) {
                return n;
            }
            out = r.handle(next, now);
        }
    }

    @Benchmark
    public ParseResult parse() {
        return VrrpCodec.parse(advert, master, group);
    }

    @Benchmark
    public ReceiveChecks.Verdict validate() {
        return checks.check(packet, meta);
    }

    @Benchmark
    public byte[] encode() {
        return VrrpCodec.encode(packet, master, group);
    }

    /** A backup hears the master's next advert (the steady state of every backup). */
    @Benchmark
    public int handleAdvertReceived() {
        backupNow += INTERVAL;
        return backupRouter.handlePacket(advert, meta, backupNow, backupNow).size();
    }

    /** A master's next timer: mostly the advert (every 100 ms), sometimes a lease refresh or GARP round. */
    @Benchmark
    public int handleAdvertTimer() {
        masterNow = masterRouter.nextDeadlineOr(masterNow + INTERVAL);
        return feed(masterRouter, Input.Timeout.INSTANCE, masterNow);
    }
}
