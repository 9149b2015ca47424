package dev.failover4j.testkit;

import dev.failover4j.HaGroup;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.spi.AddressManager;
import dev.failover4j.spi.EventLoop;
import dev.failover4j.spi.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * An in-memory L2 segment for {@link HaGroup}s on a {@link VirtualClock}: a transport and an
 * address manager per node, with latency, loss, duplication, partitions and node death, all
 * seeded and deterministic. Public so that users' own tests and the examples' non-root demo can
 * run real groups without root or a network.
 *
 * <pre>{@code
 * SimulatedLan lan = new SimulatedLan(42).latency(Duration.ofMillis(1)).loss(0.2);
 * SimulatedLan.Node a = lan.node("a", "10.0.0.1");
 * HaGroup g = a.configure(HaGroup.builder()).vrid(51).priority(101).virtualAddress("10.0.0.100/24").build();
 * g.start();
 * lan.clock().advance(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Every node has one interface, {@value #INTERFACE}. A killed node's host is gone: it sends and
 * receives nothing, its timers stop and its addresses are no longer reachable.
 */
public final class SimulatedLan {

    /** The interface name every simulated node has. */
    public static final String INTERFACE = "eth0";

    static final InetAddress MCAST4 = literal("224.0.0.18");
    static final InetAddress MCAST6 = literal("ff02::12");

    private final VirtualClock clock;
    private final Random random;
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final Map<InetAddress, String> arpOwner = new HashMap<>();
    private final List<Set<String>> partitions = new ArrayList<>();
    private Duration latency = Duration.ofMillis(1);
    private double loss;
    private double duplication;
    private Consumer<String> events = e -> { };

    /**
     * A LAN with its own {@link VirtualClock} and random seed.
     *
     * @param seed the seed of loss and duplication
     */
    public SimulatedLan(long seed) {
        this(new VirtualClock(), seed);
    }

    /**
     * A LAN on {@code clock} (several LANs may share one).
     *
     * @param clock the virtual clock
     * @param seed the seed of loss and duplication
     */
    public SimulatedLan(VirtualClock clock, long seed) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = new Random(seed);
    }

    /** {@return the LAN's clock: advance it to let time pass} */
    public VirtualClock clock() {
        return clock;
    }

    /**
     * One-way delay of every packet (default 1 ms).
     *
     * @param latency the delay
     * @return this LAN
     */
    public SimulatedLan latency(Duration latency) {
        this.latency = Objects.requireNonNull(latency, "latency");
        return this;
    }

    /**
     * Probability that a packet to one receiver is lost (0..1).
     *
     * @param probability the probability
     * @return this LAN
     */
    public SimulatedLan loss(double probability) {
        this.loss = probability(probability);
        return this;
    }

    /**
     * Probability that a packet to one receiver arrives twice (0..1).
     *
     * @param probability the probability
     * @return this LAN
     */
    public SimulatedLan duplication(double probability) {
        this.duplication = probability(probability);
        return this;
    }

    /**
     * Receives a line per network event (bind, unbind, GARP, kill, link, partition) with the virtual time.
     *
     * @param sink where the lines go (called on the clock's thread)
     * @return this LAN
     */
    public SimulatedLan onEvent(Consumer<String> sink) {
        this.events = Objects.requireNonNull(sink, "sink");
        return this;
    }

    /**
     * Adds a node with one address on {@value #INTERFACE}.
     *
     * @param name the node's name, unique on the LAN
     * @param address its IPv4 or IPv6 address
     * @return the node
     */
    public Node node(String name, String address) {
        if (nodes.containsKey(name)) {
            throw new IllegalArgumentException("node " + name + " exists");
        }
        Node n = new Node(name, literal(address));
        nodes.put(name, n);
        return n;
    }

    /**
     * A node added before.
     *
     * @param name its name
     * @return the node
     * @throws IllegalArgumentException if there is none of that name
     */
    public Node node(String name) {
        Node n = nodes.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no node " + name);
        }
        return n;
    }

    /**
     * Splits the LAN: nodes in different sides hear nothing of each other. Nodes not listed form one more side.
     *
     * @param sides node names, a collection per side
     */
    @SafeVarargs
    public final void partition(Collection<String>... sides) {
        partitions.clear();
        Set<String> listed = new HashSet<>();
        for (Collection<String> side : sides) {
            partitions.add(Set.copyOf(side));
            listed.addAll(side);
        }
        Set<String> rest = new HashSet<>(nodes.keySet());
        rest.removeAll(listed);
        if (!rest.isEmpty()) {
            partitions.add(rest);
        }
        event("network", "partitioned " + partitions);
    }

    /** Ends every partition. */
    public void heal() {
        partitions.clear();
        event("network", "healed");
    }

    /**
     * {@return the live nodes whose interface holds {@code vip} now (more than one is a split brain)}
     *
     * @param vip the address
     */
    public List<String> holders(InetAddress vip) {
        List<String> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            if (n.holds(vip)) {
                out.add(n.name);
            }
        }
        return out;
    }

    /**
     * As {@link #holders(InetAddress)}, for an address literal.
     *
     * @param vip the address literal
     * @return the nodes' names
     */
    public List<String> holders(String vip) {
        return holders(literal(vip));
    }

    /**
     * {@return the node a client's ARP cache points at for {@code vip} (the last to announce it), or null}
     *
     * @param vip the address
     */
    public String arpOwner(InetAddress vip) {
        return arpOwner.get(vip);
    }

    /**
     * As {@link #arpOwner(InetAddress)}, for an address literal.
     *
     * @param vip the address literal
     * @return the node's name, or null
     */
    public String arpOwner(String vip) {
        return arpOwner(literal(vip));
    }

    private boolean connected(Node a, Node b) {
        if (partitions.isEmpty()) {
            return true;
        }
        for (Set<String> side : partitions) {
            if (side.contains(a.name)) {
                return side.contains(b.name);
            }
        }
        return false;
    }

    void event(String who, String what) {
        long ms = clock.elapsed().toMillis();
        events.accept(String.format("t=%5d.%03ds %-8s %s", ms / 1000, ms % 1000, who, what));
    }

    void transmit(Node from, byte[] bytes, InetAddress dst, Node onlyTo) {
        from.lastSent = bytes;
        for (Node to : nodes.values()) {
            if (to == from || (onlyTo != null && to != onlyTo)) {
                continue;
            }
            if (!connected(from, to) || random.nextDouble() < loss) {
                continue;
            }
            int copies = random.nextDouble() < duplication ? 2 : 1;
            RxMeta meta = new RxMeta(from.address, dst, 255, INTERFACE);
            for (int i = 0; i < copies; i++) {
                clock.schedule(() -> to.receive(bytes, meta), clock.nanoTime() + latency.toNanos());
            }
        }
    }

    /**
     * An attacker on the LAN: {@code payload} (a VRRP message as a node would send it, with a trailer or
     * not) arrives at every live node but the one at {@code source}, from {@code source}, to the
     * multicast group of its family, after the LAN's latency. For tests of what a group rejects.
     *
     * @param source  the IP source address it claims
     * @param payload the IP payload
     */
    public void inject(InetAddress source, byte[] payload) {
        InetAddress dst = source instanceof java.net.Inet6Address ? MCAST6 : MCAST4;
        RxMeta meta = new RxMeta(source, dst, 255, INTERFACE);
        byte[] copy = payload.clone();
        for (Node to : nodes.values()) {
            if (!to.address.equals(source) && !to.dead) {
                clock.schedule(() -> to.receive(copy, meta), clock.nanoTime() + latency.toNanos());
            }
        }
    }

    /** One simulated host. */
    public final class Node {
        /** The IP payload of this node's last advert (for replay tests), or null. */
        private volatile byte[] lastSent;

        /** {@return a copy of the IP payload of this node's last advert (for replay tests), or null} */
        public byte[] lastSent() {
            byte[] b = lastSent;
            return b == null ? null : b.clone();
        }

        private final String name;
        final InetAddress address;
        final Map<Integer, Transport.Receiver> receivers = new HashMap<>();
        final Map<InetAddress, Long> vips = new HashMap<>();
        final List<AddressManager.NetworkListener> watchers = new ArrayList<>();
        /** The node's other interfaces (up unless a test says otherwise) and who watches them. */
        final java.util.Map<String, Boolean> otherLinks = new java.util.HashMap<>();
        final java.util.Map<String, List<AddressManager.NetworkListener>> otherWatchers = new java.util.HashMap<>();
        private final EventLoop loop = new NodeLoop();
        boolean dead;
        boolean linkUp = true;
        boolean failBinds;
        long advertsSent;
        long strayAnnouncements;
        private boolean paused;
        private long pausedUntil;

        Node(String name, InetAddress address) {
            this.name = name;
            this.address = address;
        }

        /** {@return the node's name} */
        public String name() {
            return name;
        }

        /** {@return the node's address on the LAN} */
        public InetAddress address() {
            return address;
        }

        /**
         * Points the builder at this node: interface, transport, address manager, event loop, check executor.
         *
         * @param b the builder
         * @return the same builder
         */
        public HaGroup.Builder configure(HaGroup.Builder b) {
            return b.interfaceName(INTERFACE).transport(new SimTransport(SimulatedLan.this, this))
                    .addressManager(new SimAddresses(SimulatedLan.this, this))
                    .eventLoop(loop).healthCheckExecutor(checkExecutor());
        }

        /** {@return health checks run on the loop at the instant they are due (they should be quick in-memory lambdas)} */
        private Executor checkExecutor() {
            return task -> loop.execute(task);
        }

        /** The host dies (power off): no more packets, timers stop, its addresses vanish with it. */
        public void kill() {
            dead = true;
            vips.clear();
            event(name, "KILLED");
        }

        /**
         * The process stalls for {@code d} (a long garbage collection, a frozen VM): its timers and the
         * packets it receives wait until it resumes; its addresses stay, the network goes on.
         *
         * @param d how long, in virtual time
         */
        public void pause(Duration d) {
            paused = true;
            pausedUntil = clock.nanoTime() + d.toNanos();
            event(name, "paused for " + d.toMillis() + " ms");
        }

        /**
         * Announcements this node made for an address it did not hold (a node announcing while not master).
         *
         * @return how many
         */
        public long strayAnnouncements() {
            return strayAnnouncements;
        }

        /** {@return whether {@link #kill()} was called} */
        public boolean isDead() {
            return dead;
        }

        /** The cable is pulled: nothing in or out; the group is told (link down). */
        public void linkDown() {
            linkUp = false;
            event(name, "link down");
            for (AddressManager.NetworkListener w : List.copyOf(watchers)) {
                w.onLinkChange(false);
            }
        }

        /** The cable is back: the group is told (link up). */
        public void linkUp() {
            linkUp = true;
            event(name, "link up");
            for (AddressManager.NetworkListener w : List.copyOf(watchers)) {
                w.onLinkChange(true);
            }
        }

        /**
         * Another interface of this node (one a group tracks) loses or regains its link.
         *
         * @param interfaceName the other interface's name
         */
        public void linkDown(String interfaceName) {
            otherLink(interfaceName, false);
        }

        /**
         * The other interface regains its link.
         *
         * @param interfaceName the other interface's name
         */
        public void linkUp(String interfaceName) {
            otherLink(interfaceName, true);
        }

        private void otherLink(String interfaceName, boolean up) {
            otherLinks.put(interfaceName, up);
            event(name, interfaceName + " link " + (up ? "up" : "down"));
            for (AddressManager.NetworkListener w : List.copyOf(otherWatchers.getOrDefault(interfaceName, List.of()))) {
                w.onLinkChange(up);
            }
        }

        /**
         * Someone removes {@code vip} from this node's interface behind the group's back.
         *
         * @param vip the address literal
         */
        public void removeAddress(String vip) {
            InetAddress a = literal(vip);
            if (vips.remove(a) != null) {
                event(name, "address " + vip + " removed from outside");
                for (AddressManager.NetworkListener w : List.copyOf(watchers)) {
                    w.onAddressRemoved(a);
                }
            }
        }

        /**
         * From now on, adding addresses fails (as without CAP_NET_ADMIN).
         *
         * @param fail whether binds fail
         */
        public void failBinds(boolean fail) {
            this.failBinds = fail;
        }

        /**
         * {@return whether this live node's interface holds {@code vip} (an expired lease does not count)}
         *
         * @param vip the address
         */
        public boolean holds(InetAddress vip) {
            Long expiry = vips.get(vip);
            return !dead && expiry != null && expiry - clock.nanoTime() > 0;
        }

        /**
         * As {@link #holds(InetAddress)}, for an address literal.
         *
         * @param vip the address literal
         * @return whether it holds it
         */
        public boolean holds(String vip) {
            return holds(literal(vip));
        }

        /** {@return how many adverts this node's groups sent} */
        public long advertsSent() {
            return advertsSent;
        }

        private void receive(byte[] bytes, RxMeta meta) {
            if (dead || !linkUp || bytes.length < 2) {
                return;
            }
            Transport.Receiver r = receivers.get(bytes[1] & 0xff);
            if (r != null) {
                long arrival = clock.nanoTime();
                // Read on the node's loop, as jna-net's poll loop does (and held while it is paused).
                loop.execute(() -> r.onPacket(ByteBuffer.wrap(bytes.clone()), meta, arrival));
            }
        }

        @Override
        public String toString() {
            return name + "(" + address.getHostAddress() + ")";
        }

        /** The shared clock, seen from this host: nothing runs once it is dead. */
        private final class NodeLoop implements EventLoop {
            /** Packets and tasks that came during a pause, in order. */
            private final java.util.ArrayDeque<Runnable> waitingTasks = new java.util.ArrayDeque<>();
            /** Timers that came due during a pause, in order. */
            private final java.util.ArrayDeque<Runnable> waitingTimers = new java.util.ArrayDeque<>();

            @Override
            public long nanoTime() {
                return clock.nanoTime();
            }

            @Override
            public void execute(Runnable task) {
                clock.execute(() -> runOrWait(task, waitingTasks));
            }

            @Override
            public Timer timer(Runnable task) {
                return clock.timer(() -> runOrWait(task, waitingTimers));
            }

            /** Nothing runs on a dead host; on a paused one, everything waits for the pause to end. */
            private void runOrWait(Runnable task, java.util.ArrayDeque<Runnable> queue) {
                if (dead) {
                    return;
                }
                if (paused && pausedUntil - clock.nanoTime() > 0) {
                    if (waitingTasks.isEmpty() && waitingTimers.isEmpty()) {
                        clock.schedule(this::resume, pausedUntil);
                    }
                    queue.add(task);
                    return;
                }
                task.run();
            }

            /**
             * As the production loop does after a late wake-up: what arrived during the pause first, then
             * the overdue timers (an advert received during the stall restarts Master_Down).
             */
            private void resume() {
                if (paused && pausedUntil - clock.nanoTime() > 0) {
                    clock.schedule(this::resume, pausedUntil); // the pause was extended
                    return;
                }
                for (Runnable t; !dead && (t = waitingTasks.poll()) != null; ) {
                    t.run();
                }
                for (Runnable t; !dead && (t = waitingTimers.poll()) != null; ) {
                    t.run();
                }
                waitingTasks.clear();
                waitingTimers.clear();
            }

            @Override
            public boolean inEventLoop() {
                return clock.inEventLoop();
            }

            @Override
            public <T> T await(CompletableFuture<T> future, Duration timeout) throws TimeoutException, InterruptedException {
                return clock.await(future, timeout);
            }

            @Override
            public void shutdown() {
            }
        }
    }

    private static double probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in 0..1, got " + p);
        }
        return p;
    }

    static InetAddress literal(String s) {
        try {
            return InetAddress.getByName(Objects.requireNonNull(s, "address"));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + s, e);
        }
    }
}
