package dev.failover4j.testsupport.netns;

import com.sun.jna.LastErrorException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * netem in user space, for kernels without {@code sch_netem} (this project's CI machine has none):
 * run in the lab's switch namespace, it relays Ethernet frames between a host's switch port
 * ({@code v-HOST}, taken off the bridge) and a veth whose peer is on the bridge ({@code i-HOST} /
 * {@code j-HOST}), over AF_PACKET sockets, and on the way loses, delays, jitters (and so reorders)
 * and duplicates them, each direction on its own, with a seeded random. Frames cross real kernel
 * links at both ends; only the impairment is ours. Commands on stdin, one per line, each answered
 * {@code OK} (or {@code ERROR ...}):
 * <pre>
 *   set both|in|out loss=PCT delay=MS jitter=MS dup=PCT    (in: towards the host; out: from it)
 *   clear                                                  (no impairment)
 *   stats                                                  (STATS in|out frames dropped duplicated errors)
 * </pre>
 * Bounded: at most {@link #MAX_QUEUED} frames wait in a direction; more are dropped and counted.
 */
public final class Impairer {

    static final int MAX_QUEUED = 10_000;

    /** One direction's settings. */
    record Spec(double lossPct, long delayMs, long jitterMs, double dupPct) {
        static final Spec NONE = new Spec(0, 0, 0, 0);

        static Spec parse(String[] words, int from) {
            double loss = 0;
            double dup = 0;
            long delay = 0;
            long jitter = 0;
            for (int i = from; i < words.length; i++) {
                String[] kv = words[i].split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("expected key=value, got " + words[i]);
                }
                switch (kv[0]) {
                    case "loss" -> loss = Double.parseDouble(kv[1]);
                    case "dup" -> dup = Double.parseDouble(kv[1]);
                    case "delay" -> delay = Long.parseLong(kv[1]);
                    case "jitter" -> jitter = Long.parseLong(kv[1]);
                    default -> throw new IllegalArgumentException("unknown setting " + kv[0] + " (loss, delay, jitter, dup)");
                }
            }
            if (loss < 0 || loss > 100 || dup < 0 || dup > 100 || delay < 0 || jitter < 0) {
                throw new IllegalArgumentException("loss and dup are 0..100 %, delay and jitter >= 0 ms");
            }
            return new Spec(loss, delay, jitter, dup);
        }
    }

    /** A frame waiting for its time. */
    private record Held(byte[] frame, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(dueNanos, ((Held) o).dueNanos);
        }
    }

    /** Frames read on one socket, impaired, written on the other. */
    private static final class Direction {
        final String name;
        final int from;
        final int to;
        final Random random;
        volatile Spec spec = Spec.NONE;
        final DelayQueue<Held> queue = new DelayQueue<>();
        final AtomicLong frames = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong duplicated = new AtomicLong();
        final AtomicLong errors = new AtomicLong();

        Direction(String name, int from, int to, long seed) {
            this.name = name;
            this.from = from;
            this.to = to;
            this.random = new Random(seed);
        }

        void read() {
            byte[] buf = new byte[65536];
            while (true) {
                int n;
                try {
                    n = (int) PacketSockets.C.I.recv(from, buf, buf.length, 0);
                } catch (LastErrorException e) {
                    errors.incrementAndGet();
                    continue;
                }
                if (n <= 0) {
                    continue;
                }
                frames.incrementAndGet();
                Spec s = spec;
                byte[] frame = Arrays.copyOf(buf, n);
                if (s.lossPct() > 0 && random.nextDouble() * 100 < s.lossPct()) {
                    dropped.incrementAndGet();
                    continue;
                }
                pass(frame, s);
                if (s.dupPct() > 0 && random.nextDouble() * 100 < s.dupPct()) {
                    duplicated.incrementAndGet();
                    pass(frame, s);
                }
            }
        }

        private void pass(byte[] frame, Spec s) {
            if (s.delayMs() == 0 && s.jitterMs() == 0) {
                write(frame);
                return;
            }
            double ms = s.delayMs() + (s.jitterMs() == 0 ? 0 : (random.nextDouble() * 2 - 1) * s.jitterMs());
            if (queue.size() >= MAX_QUEUED) {
                dropped.incrementAndGet();
                return;
            }
            queue.add(new Held(frame, System.nanoTime() + (long) (Math.max(0, ms) * 1_000_000)));
        }

        void sendLater() {
            while (true) {
                try {
                    write(queue.take().frame());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void write(byte[] frame) {
            try {
                PacketSockets.C.I.send(to, frame, frame.length, 0);
            } catch (LastErrorException e) {
                errors.incrementAndGet(); // e.g. a frame larger than the link's MTU (offloads)
            }
        }

        String stats() {
            return "STATS " + name + " " + frames.get() + " " + dropped.get() + " " + duplicated.get() + " " + errors.get();
        }
    }

    /** {@code Impairer HOST_SIDE_IF BRIDGE_SIDE_IF SEED}: relays until killed. */
    public static void main(String[] args) throws Exception {
        int hostSide = PacketSockets.open(args[0]);
        int bridgeSide = PacketSockets.open(args[1]);
        long seed = Long.parseLong(args[2]);
        Direction in = new Direction("in", bridgeSide, hostSide, seed);
        Direction out = new Direction("out", hostSide, bridgeSide, seed * 31 + 7);
        for (Direction d : new Direction[] {in, out}) {
            start(d::read, "read-" + d.name);
            start(d::sendLater, "send-" + d.name);
        }
        System.out.println("READY");
        System.out.flush();
        BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = r.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            try {
                switch (w[0]) {
                    case "set" -> {
                        Spec s = Spec.parse(w, 2);
                        switch (w[1]) {
                            case "both" -> {
                                in.spec = s;
                                out.spec = s;
                            }
                            case "in" -> in.spec = s;
                            case "out" -> out.spec = s;
                            default -> throw new IllegalArgumentException("direction is both, in or out");
                        }
                    }
                    case "clear" -> {
                        in.spec = Spec.NONE;
                        out.spec = Spec.NONE;
                    }
                    case "stats" -> {
                        System.out.println(in.stats());
                        System.out.println(out.stats());
                    }
                    default -> throw new IllegalArgumentException("unknown command " + w[0]);
                }
                System.out.println("OK " + line.trim());
            } catch (RuntimeException e) {
                System.out.println("ERROR " + line.trim() + ": " + e.getMessage());
            }
            System.out.flush();
        }
        System.exit(0); // stdin closed: the lab is done with us
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
