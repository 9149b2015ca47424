package dev.failover4j;

import dev.failover4j.codec.AuthType;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpPacket;
import dev.failover4j.codec.VrrpVersion;
import dev.failover4j.engine.Action;
import dev.failover4j.engine.Input;
import dev.failover4j.engine.RouterConfig;
import dev.failover4j.engine.RouterSnapshot;
import dev.failover4j.engine.VirtualRouter;
import dev.failover4j.internal.HealthMonitor;
import dev.failover4j.internal.SerialExecutor;
import dev.failover4j.internal.ThreadEventLoop;
import dev.failover4j.spi.AddressManager;
import dev.failover4j.spi.EventLoop;
import dev.failover4j.spi.NetworkProvider;
import dev.failover4j.spi.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VRRP virtual router in this JVM: it elects a master with its peers and, while master, holds
 * the virtual addresses.
 *
 * <pre>{@code
 * try (HaGroup group = HaGroup.builder()
 *         .interfaceName("eth0").vrid(51).priority(101)
 *         .virtualAddress("192.168.0.100/24")
 *         .listener(change -> log.info("{}", change))
 *         .build()) {
 *     group.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>All protocol work happens on one event-loop thread that feeds the pure engine
 * ({@link VirtualRouter}) and carries out its actions; listeners run on their own executors and
 * health checks on theirs, so neither can delay an advert. Thread-safe.
 */
public final class HaGroup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HaGroup.class);
    private static final int HISTORY = 64;
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Set while a listener runs, so close() from a listener does not wait for its own delivery. */
    private static final ThreadLocal<HaGroup> IN_LISTENER = new ThreadLocal<>();

    private final HaConfig config;
    private final String name;
    private final EventLoop loop;
    private final boolean ownsLoop;
    private final Transport explicitTransport;
    private final AddressManager explicitAddressManager;
    private final Executor checkExecutor;
    private final ExecutorService ownedCheckExecutor;
    private final List<Registered> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService ownedListenerExecutor;
    private final VirtualRouter router;

    // Loop-confined state.
    private Transport.Channel channel;
    private AddressManager addresses;
    private Closeable watch;
    private boolean engineStarted;
    private final List<HealthMonitor> monitors = new ArrayList<>();
    private final Deque<StateChange> history = new ArrayDeque<>();
    private EventLoop.Cancellable timer;
    private long timerDeadline;
    private boolean loopClosed;

    // Published state.
    private volatile HaStatus status;
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean closing;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final CompletableFuture<Void> finalDelivered = new CompletableFuture<>();

    private record Registered(StateListener listener, Executor executor) {
    }

    private record Waiter(HaState state, CompletableFuture<Boolean> future) {
    }

    private HaGroup(Builder b, HaConfig config) {
        this.config = config;
        this.name = config.interfaceName() + "/vrid" + config.vrid();
        this.loop = b.eventLoop != null ? b.eventLoop : new ThreadEventLoop("failover4j-" + name);
        this.ownsLoop = b.eventLoop == null;
        this.explicitTransport = b.transport;
        this.explicitAddressManager = b.addressManager;
        if (b.checkExecutor != null) {
            this.checkExecutor = b.checkExecutor;
            this.ownedCheckExecutor = null;
        } else {
            AtomicInteger n = new AtomicInteger();
            this.ownedCheckExecutor = Executors.newCachedThreadPool(r -> daemon(r, "failover4j-check-" + name + "-" + n.incrementAndGet()));
            this.checkExecutor = ownedCheckExecutor;
        }
        ExecutorService shared = null;
        for (Builder.PendingListener p : b.listeners) {
            Executor ex = p.executor();
            if (ex == null) {
                if (shared == null) {
                    shared = Executors.newSingleThreadExecutor(r -> daemon(r, "failover4j-listener-" + name));
                }
                ex = shared;
            }
            listeners.add(new Registered(p.listener(), new SerialExecutor(ex)));
        }
        this.ownedListenerExecutor = shared;
        this.router = new VirtualRouter(routerConfig(config));
        this.status = snapshot();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The validated configuration. */
    public HaConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Opens the transport, starts the health checks and the election. May be called once.
     *
     * @throws FailoverException if no network provider is available or the transport cannot be opened
     *                           (the message says what is missing: a capability, an interface)
     * @throws IllegalStateException if called twice or after close
     */
    public void start() {
        synchronized (lifecycle) {
            if (started) {
                throw new IllegalStateException("start() may be called once; " + name + " was already started");
            }
            if (closing) {
                throw new IllegalStateException(name + " is closed");
            }
            started = true;
        }
        Transport transport = explicitTransport;
        AddressManager am = explicitAddressManager;
        if (transport == null || am == null) {
            NetworkProvider provider = findProvider();
            transport = transport != null ? transport : provider.transport();
            am = am != null ? am : provider.addressManager();
        }
        Transport.Channel ch;
        try {
            ch = transport.open(new Transport.ChannelSpec(config.interfaceName(), config.vrid(), config.version(),
                    config.ipv6(), config.unicastSource(), config.unicastPeers()), this::onPacket);
        } catch (IOException e) {
            throw new FailoverException("cannot start " + name + ": " + e.getMessage(), e);
        }
        AddressManager finalAm = am;
        Closeable w;
        try {
            w = am.watch(config.interfaceName(), new AddressManager.NetworkListener() {
                @Override
                public void onLinkChange(boolean up) {
                    post(new Input.LinkChanged(up));
                }

                @Override
                public void onAddressRemoved(InetAddress address) {
                    post(new Input.VipRemoved(address));
                }
            });
        } catch (IOException e) {
            closeQuietly(ch);
            throw new FailoverException("cannot watch " + config.interfaceName() + ": " + e.getMessage(), e);
        }
        log.info("{}: starting {}", name, config);
        synchronized (lifecycle) {
            if (closing) {
                // close() ran while the transport was opening: nothing of this start may outlive it.
                closeQuietly(w);
                closeQuietly(ch);
                throw new IllegalStateException(name + " was closed while starting");
            }
            loop.execute(() -> startOnLoop(ch, finalAm, w));
        }
    }

    /** On the loop: health checks first; the election starts once every check has reported once. */
    private void startOnLoop(Transport.Channel ch, AddressManager am, Closeable w) {
        if (loopClosed) {
            closeQuietly(w);
            closeQuietly(ch);
            return;
        }
        channel = ch;
        addresses = am;
        watch = w;
        for (HealthCheckSpec spec : config.healthChecks()) {
            monitors.add(new HealthMonitor(spec, loop, checkExecutor, this::onHealthResult));
        }
        if (monitors.isEmpty()) {
            feedStart();
        }
        for (HealthMonitor m : monitors) {
            m.start();
        }
    }

    /** On the loop: every check result; the first of each counts (keepalived applies weights from the first result). */
    private void onHealthResult(HealthMonitor monitor, boolean verdictChanged) {
        boolean first = monitor.status().runs() == 1;
        if (verdictChanged || first) {
            healthChanged();
        } else {
            publish(); // the status page shows every result, not only verdict changes
        }
        if (!engineStarted && monitors.stream().allMatch(m -> m.status().runs() > 0)) {
            feedStart();
        }
    }

    private void feedStart() {
        engineStarted = true;
        boolean linkUp;
        try {
            linkUp = addresses.linkUp(config.interfaceName());
        } catch (IOException e) {
            log.warn("{}: cannot read the link state of {} ({}); assuming up", name, config.interfaceName(), e.getMessage());
            linkUp = true;
        }
        drive(new Input.Start(channel.localAddress(), linkUp));
    }

    /** Closes gracefully, waiting at most 5 s. See {@link #close(Duration)}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * Leaves the group gracefully: a master sends a priority-0 advert (backups take over after
     * Skew_Time) and releases its addresses; listeners always receive the final change to
     * INITIALIZE. Idempotent; returns when that is done or {@code timeout} has passed.
     */
    public void close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        synchronized (lifecycle) {
            if (!closing) {
                closing = true;
                if (started) {
                    loop.execute(() -> {
                        drive(new Input.Stop());
                        StateChange last = history.peekLast();
                        if (last == null || last.cause() != Cause.STOPPED) {
                            // The election never started (start() failed or was still checking health).
                            finalDelivered.complete(null);
                        }
                        shutdownOnLoop();
                        stopped.complete(null);
                    });
                } else {
                    stopped.complete(null);
                    finalDelivered.complete(null);
                }
            }
        }
        // Every caller, first or not, waits for the same graceful stop.
        try {
            if (IN_LISTENER.get() == this) {
                // Called from our own listener: its delivery queue is this thread; do not wait on it.
                loop.await(stopped, timeout);
            } else {
                loop.await(CompletableFuture.allOf(stopped, finalDelivered), timeout);
            }
        } catch (TimeoutException e) {
            log.warn("{}: close() did not complete within {}", name, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (stopped.isDone()) {
                releaseExecutors();
            }
        }
    }

    private void releaseExecutors() {
        if (ownsLoop) {
            loop.shutdown();
        }
        if (ownedCheckExecutor != null) {
            ownedCheckExecutor.shutdownNow();
        }
        if (ownedListenerExecutor != null) {
            // Let queued deliveries (the final change among them) run, then let the thread end.
            ownedListenerExecutor.shutdown();
        }
    }

    // ------------------------------------------------------------------ run-time control and state

    /** The current state (INITIALIZE before start and after close). */
    public HaState state() {
        return status.state();
    }

    /** True while this node is master and holds the virtual addresses. */
    public boolean isMaster() {
        return status.state() == HaState.MASTER;
    }

    /** A snapshot of state, priorities, master, history, health and counters. */
    public HaStatus status() {
        return status;
    }

    /**
     * Waits until the group is in {@code state}.
     *
     * @return true if it is (or got there in time), false on timeout
     */
    public boolean awaitState(HaState state, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(state, "state");
        if (status.state() == state) {
            return true;
        }
        Waiter w = new Waiter(state, new CompletableFuture<>());
        waiters.add(w);
        try {
            if (status.state() == state) {
                return true;
            }
            return loop.await(w.future(), timeout);
        } catch (TimeoutException e) {
            return status.state() == state;
        } finally {
            waiters.remove(w);
        }
    }

    /**
     * Sets the configured priority at run time (1..254); adverts carry it at once. Not allowed for an
     * address owner (255), whose role is fixed by configuration.
     */
    public void setPriority(int priority) {
        if (priority < 1 || priority > 254) {
            throw new IllegalArgumentException("priority must be in 1..254, got " + priority);
        }
        if (config.priority() == 255) {
            throw new IllegalStateException("the address owner (priority 255) cannot change its priority");
        }
        post(new Input.SetPriority(priority));
    }

    /**
     * Gives up mastership now: a priority-0 advert, the addresses released, BACKUP. This node then
     * does not preempt the new master; it becomes master again only if no master is heard for
     * Master_Down_Interval. Does nothing unless master; not allowed for the address owner (255).
     */
    public void demote() {
        if (config.priority() == 255) {
            throw new IllegalStateException("the address owner (priority 255) cannot demote itself");
        }
        post(new Input.Demote());
    }

    /** Adds a listener after build; deliveries to it stay in order on {@code executor}. */
    public void addListener(StateListener listener, Executor executor) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(executor, "executor");
        listeners.add(new Registered(listener, new SerialExecutor(executor)));
    }

    // ------------------------------------------------------------------ the loop

    private void post(Input input) {
        loop.execute(() -> drive(input));
    }

    private void onPacket(ByteBuffer message, RxMeta meta) {
        post(new Input.PacketReceived(message, meta));
    }

    /** On the loop: feed one input and carry out the actions (the batch contract of {@link Action.BindVip}). */
    private void drive(Input input) {
        if (loopClosed) {
            return;
        }
        try {
            List<Action> actions = router.handle(input, loop.nanoTime());
            List<Input> failures = new ArrayList<>();
            for (Action a : actions) {
                Input failed = perform(a);
                if (failed != null) {
                    if (a instanceof Action.BindVip || a instanceof Action.RefreshVip) {
                        failures.add(0, failed);
                        break;
                    }
                    failures.add(failed);
                }
            }
            for (Input f : failures) {
                drive(f);
            }
        } catch (RuntimeException e) {
            log.error("{}: failed handling {}", name, input.getClass().getSimpleName(), e);
        } finally {
            rearm();
            publish();
        }
    }

    /** Carries out one action; returns the failure to feed back, or null. */
    private Input perform(Action a) {
        try {
            if (a instanceof Action.SendAdvert s) {
                channel.send(s.packet());
            } else if (a instanceof Action.BindVip b) {
                addresses.add(config.interfaceName(), b.vips(), b.lease());
                log.info("{}: bound {}", name, b.vips());
            } else if (a instanceof Action.RefreshVip r) {
                addresses.add(config.interfaceName(), r.vips(), r.lease());
            } else if (a instanceof Action.UnbindVip u) {
                addresses.remove(config.interfaceName(), u.vips());
            } else if (a instanceof Action.AnnounceVip an) {
                addresses.announce(config.interfaceName(), an.vips(), an.count());
            } else if (a instanceof Action.NotifyStateChange n) {
                deliver(n.change().withAtMillis(System.currentTimeMillis()));
            } else if (a instanceof Action.Warn w) {
                log.warn("{}: {}", name, w.message());
            }
            return null;
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() != null ? e.getMessage() : e.toString();
            if (a instanceof Action.SendAdvert) {
                log.debug("{}: advert not sent: {}", name, msg);
            } else {
                log.warn("{}: {} failed: {}", name, a.getClass().getSimpleName(), msg);
            }
            return new Input.ActionFailed(a, msg);
        }
    }

    private void deliver(StateChange change) {
        log.info("{}: {}", name, change);
        history.addLast(change);
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
        boolean last = change.current() == HaState.INITIALIZE && change.cause() == Cause.STOPPED;
        AtomicInteger pending = new AtomicInteger(listeners.size());
        if (last && listeners.isEmpty()) {
            finalDelivered.complete(null);
        }
        for (Registered r : listeners) {
            Runnable task = () -> {
                IN_LISTENER.set(this);
                try {
                    r.listener().onStateChange(change);
                } catch (Throwable t) {
                    log.error("{}: listener {} threw on {}", name, r.listener(), change, t);
                } finally {
                    IN_LISTENER.remove();
                    if (last && pending.decrementAndGet() == 0) {
                        finalDelivered.complete(null);
                    }
                }
            };
            try {
                r.executor().execute(task);
            } catch (RuntimeException e) {
                log.error("{}: listener executor rejected {}", name, change, e);
                if (last && pending.decrementAndGet() == 0) {
                    finalDelivered.complete(null);
                }
            }
        }
    }

    private void rearm() {
        long next = router.nextDeadline();
        boolean want = router.hasDeadline();
        if (timer != null && (!want || next != timerDeadline)) {
            timer.cancel();
            timer = null;
        }
        if (want && timer == null && !loopClosed) {
            timerDeadline = next;
            timer = loop.schedule(() -> {
                timer = null;
                drive(new Input.Timeout());
            }, next);
        }
    }

    private void healthChanged() {
        int adjustment = 0;
        boolean fault = false;
        List<String> failing = new ArrayList<>();
        for (HealthMonitor m : monitors) {
            HealthCheckSpec s = m.spec();
            if (m.status().runs() == 0) {
                continue; // no result yet: no weight either way (the election waits for the first results)
            }
            if (m.healthy()) {
                adjustment += Math.max(0, s.weight());
            } else {
                failing.add(s.name() + " (" + m.status().lastDetail() + ")");
                if (s.weight() == 0) {
                    fault = true;
                } else if (s.weight() < 0) {
                    adjustment += s.weight();
                }
            }
        }
        String reason = failing.isEmpty() ? "all health checks healthy" : "failing: " + String.join(", ", failing);
        drive(new Input.HealthChanged(adjustment, fault, reason));
    }

    private void shutdownOnLoop() {
        for (HealthMonitor m : monitors) {
            m.close();
        }
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        closeQuietly(watch);
        closeQuietly(channel);
        loopClosed = true;
        publish();
    }

    private void publish() {
        HaStatus s = snapshot();
        status = s;
        for (Waiter w : waiters) {
            if (w.state() == s.state()) {
                w.future().complete(true);
            }
        }
    }

    private HaStatus snapshot() {
        RouterSnapshot r = router.snapshot();
        List<HealthStatus> health = new ArrayList<>();
        for (HealthMonitor m : monitors) {
            health.add(m.status());
        }
        List<StateChange> hist = new ArrayList<>(history);
        return new HaStatus(config.interfaceName(), config.vrid(), config.version().number(), config.virtualAddresses(),
                r.state(), r.basePriority(), r.effectivePriority(), r.masterAddress(), r.masterPriority(),
                r.masterAdverInterval(), r.epoch(), hist.isEmpty() ? null : hist.get(hist.size() - 1), hist, health,
                r.advertsSent(), r.advertsReceived(), r.priorityZeroSent(), r.priorityZeroReceived(), r.becameMaster(),
                r.sendErrors(), r.rejections());
    }

    private static NetworkProvider findProvider() {
        List<String> unavailable = new ArrayList<>();
        Iterator<NetworkProvider> it = ServiceLoader.load(NetworkProvider.class).iterator();
        while (true) {
            NetworkProvider p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (java.util.ServiceConfigurationError e) {
                unavailable.add(e.getMessage());
                continue;
            }
            if (p.isAvailable()) {
                return p;
            }
            unavailable.add(p.name() + ": " + p.unavailableReason());
        }
        throw new FailoverException("no failover4j network provider is available"
                + (unavailable.isEmpty() ? "" : " (" + String.join("; ", unavailable) + ")")
                + ": add the dev.failover4j:failover4j-jna-net dependency (Linux) to the class path,"
                + " or give the builder a transport and an address manager (the testkit has in-memory ones)");
    }

    private static RouterConfig routerConfig(HaConfig c) {
        AuthType auth = c.authPassword() == null ? AuthType.NONE : AuthType.SIMPLE_TEXT;
        byte[] data = c.authPassword() == null ? new byte[VrrpPacket.AUTH_DATA_LENGTH] : VrrpPacket.passwordBytes(c.authPassword());
        return new RouterConfig(c.interfaceName(), c.vrid(), c.version(), c.ipv6(), c.priority(), c.advertInterval(),
                c.virtualAddresses(), auth, data, c.preempt(), c.preemptDelay(), c.downTimerAdverts(), c.garpMasterRepeat(),
                c.garpMasterDelay(), c.garpMasterRefresh(), c.garpMasterRefreshRepeat(), c.vipLease(),
                new HashSet<>(c.unicastPeers()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            log.debug("close failed", e);
        }
    }

    @Override
    public String toString() {
        return "HaGroup{" + name + ", " + status.state() + "}";
    }

    // ================================================================== builder

    /**
     * Collects settings; {@link #build()} validates them all at once and reports every bad field with
     * its allowed range. Defaults follow keepalived: VRRPv2, priority 100, advert interval 1 s,
     * preempt on, three adverts before a master is presumed down, 5 GARPs now and 5 after 5 s.
     */
    public static final class Builder {
        private String interfaceName;
        private Integer vrid;
        private int priority = 100;
        private final List<String> vipTexts = new ArrayList<>();
        private final List<VirtualAddress> vips = new ArrayList<>();
        private int version = 2;
        private Duration advertInterval = Duration.ofSeconds(1);
        private String authPassword;
        private String unicastSource;
        private final List<String> unicastPeers = new ArrayList<>();
        private boolean preempt = true;
        private Duration preemptDelay = Duration.ZERO;
        private int downTimerAdverts = 3;
        private int garpMasterRepeat = 5;
        private Duration garpMasterDelay = Duration.ofSeconds(5);
        private Duration garpMasterRefresh = Duration.ZERO;
        private int garpMasterRefreshRepeat = 1;
        private Duration vipLease;
        private final List<HealthCheckSpec> healthChecks = new ArrayList<>();
        private final List<PendingListener> listeners = new ArrayList<>();
        private Transport transport;
        private AddressManager addressManager;
        private EventLoop eventLoop;
        private Executor checkExecutor;

        private record PendingListener(StateListener listener, Executor executor) {
        }

        Builder() {
        }

        /** The interface the VIPs go on and adverts are sent from, e.g. {@code eth0}. Required. */
        public Builder interfaceName(String name) {
            this.interfaceName = name;
            return this;
        }

        /** Virtual router id, 1..255, shared by all nodes of the group. Required. */
        public Builder vrid(int vrid) {
            this.vrid = vrid;
            return this;
        }

        /** 1..255 (default 100). The highest wins; 255 means this node owns the addresses. */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /** A virtual address in CIDR form, e.g. {@code 192.168.0.100/24}. At least one. */
        public Builder virtualAddress(String cidr) {
            this.vipTexts.add(cidr);
            return this;
        }

        public Builder virtualAddress(VirtualAddress vip) {
            this.vips.add(vip);
            return this;
        }

        /** 2 (RFC 3768, IPv4 only, default, as keepalived) or 3 (RFC 5798, IPv4 or IPv6). */
        public Builder vrrpVersion(int version) {
            this.version = version;
            return this;
        }

        /** Advert interval: whole seconds 1..255 s for v2; multiples of 10 ms from 10 ms to 40.95 s for v3. */
        public Builder advertInterval(Duration interval) {
            this.advertInterval = interval;
            return this;
        }

        /** VRRPv2 simple-text password (keepalived {@code auth_type PASS}), 1..8 bytes. */
        public Builder authPassword(String password) {
            this.authPassword = password;
            return this;
        }

        /** Unicast mode: the source address of adverts (keepalived {@code unicast_src_ip}). */
        public Builder unicastSource(String address) {
            this.unicastSource = address;
            return this;
        }

        /** Unicast mode: a peer to send adverts to instead of the multicast group (repeatable). */
        public Builder unicastPeer(String address) {
            this.unicastPeers.add(address);
            return this;
        }

        /** Whether a higher-priority backup takes over from a lower-priority master (default true). */
        public Builder preempt(boolean preempt) {
            this.preempt = preempt;
            return this;
        }

        /** How long lower-priority adverts are still accepted before preempting (0..1000 s, default 0). */
        public Builder preemptDelay(Duration delay) {
            this.preemptDelay = delay;
            return this;
        }

        /** Adverts missed before the master is presumed down (1..100, default 3 as in the RFCs). */
        public Builder downTimerAdverts(int n) {
            this.downTimerAdverts = n;
            return this;
        }

        /** GARPs per burst on becoming master (1..100, default 5). */
        public Builder garpMasterRepeat(int n) {
            this.garpMasterRepeat = n;
            return this;
        }

        /** Delay of the second GARP burst (default 5 s; ZERO for none). */
        public Builder garpMasterDelay(Duration d) {
            this.garpMasterDelay = d;
            return this;
        }

        /** Period of GARP refreshes while master (default ZERO: off), and GARPs per refresh. */
        public Builder garpMasterRefresh(Duration period, int repeat) {
            this.garpMasterRefresh = period;
            this.garpMasterRefreshRepeat = repeat;
            return this;
        }

        /**
         * Lifetime of the VIPs while master, renewed every third of it, so the kernel removes them if
         * this JVM dies. Whole seconds, at least 1 s; ZERO for permanent addresses (as keepalived).
         * Default: Master_Down_Interval rounded up to a second, plus 1 s.
         */
        public Builder vipLease(Duration lease) {
            this.vipLease = lease;
            return this;
        }

        /** A health check with keepalived's defaults (interval 1 s, fall 1, rise 1, weight 0). */
        public Builder healthCheck(String name, HealthCheck check) {
            return healthCheck(HealthCheckSpec.builder(name, check).build());
        }

        public Builder healthCheck(HealthCheckSpec spec) {
            this.healthChecks.add(spec);
            return this;
        }

        /** A listener on a single-thread executor owned by the group. */
        public Builder listener(StateListener listener) {
            this.listeners.add(new PendingListener(Objects.requireNonNull(listener, "listener"), null));
            return this;
        }

        /** A listener on {@code executor} (deliveries stay in order even on a multi-threaded executor). */
        public Builder listener(StateListener listener, Executor executor) {
            this.listeners.add(new PendingListener(Objects.requireNonNull(listener, "listener"),
                    Objects.requireNonNull(executor, "executor")));
            return this;
        }

        /** The transport; default: the one of the {@link NetworkProvider} found with ServiceLoader. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /** The address manager; default: the one of the {@link NetworkProvider} found with ServiceLoader. */
        public Builder addressManager(AddressManager addressManager) {
            this.addressManager = addressManager;
            return this;
        }

        /** The event loop (the testkit's virtual clock); default: a dedicated daemon thread. */
        public Builder eventLoop(EventLoop loop) {
            this.eventLoop = loop;
            return this;
        }

        /** Where health checks run; default: a cached daemon pool owned by the group. */
        public Builder healthCheckExecutor(Executor executor) {
            this.checkExecutor = executor;
            return this;
        }

        /**
         * Validates every setting and builds the group (not started).
         *
         * @throws ConfigException listing every bad field with its allowed range
         */
        public HaGroup build() {
            List<String> problems = new ArrayList<>();
            if (interfaceName == null || interfaceName.isBlank()) {
                problems.add("interfaceName: required (e.g. eth0)");
            } else if (interfaceName.length() > 15 || !interfaceName.matches("[^\\s/:]+")) {
                problems.add("interfaceName: '" + interfaceName + "' is not a Linux interface name (1..15 characters, no spaces, '/' or ':')");
            }
            if (vrid == null) {
                problems.add("vrid: required (1..255)");
            } else if (vrid < 1 || vrid > 255) {
                problems.add("vrid: " + vrid + " is out of range (allowed 1..255)");
            }
            if (priority < 1 || priority > 255) {
                problems.add("priority: " + priority + " is out of range (allowed 1..255; 255 = address owner)");
            }
            VrrpVersion v = VrrpVersion.ofNumber(version);
            if (v == null) {
                problems.add("vrrpVersion: " + version + " is not supported (allowed 2 or 3)");
            }
            List<VirtualAddress> allVips = new ArrayList<>(vips);
            for (String text : vipTexts) {
                try {
                    allVips.add(VirtualAddress.parse(text));
                } catch (IllegalArgumentException e) {
                    problems.add("virtualAddress: " + e.getMessage());
                }
            }
            boolean ipv6 = !allVips.isEmpty() && allVips.get(0).isIpv6();
            if (allVips.isEmpty() && vipTexts.isEmpty()) {
                problems.add("virtualAddress: at least one is required (CIDR form, e.g. 192.168.0.100/24)");
            }
            if (allVips.stream().map(VirtualAddress::isIpv6).distinct().count() > 1) {
                problems.add("virtualAddress: IPv4 and IPv6 addresses cannot be mixed in one group (use two groups)");
            }
            if (new HashSet<>(allVips.stream().map(VirtualAddress::address).toList()).size() != allVips.size()) {
                problems.add("virtualAddress: the same address is listed twice");
            }
            int maxVips = ipv6 ? 90 : 255;
            if (allVips.size() > maxVips) {
                problems.add("virtualAddress: " + allVips.size() + " addresses do not fit one advert (allowed 1.." + maxVips + ")");
            }
            for (VirtualAddress a : allVips) {
                InetAddress x = a.address();
                if (x.isMulticastAddress() || x.isAnyLocalAddress() || x.isLoopbackAddress()) {
                    problems.add("virtualAddress: " + a + " is not a unicast address");
                }
            }
            if (v == VrrpVersion.V2 && ipv6) {
                problems.add("vrrpVersion: IPv6 virtual addresses need VRRPv3 (vrrpVersion(3))");
            }
            if (advertInterval == null) {
                problems.add("advertInterval: required");
            } else if (v == VrrpVersion.V2) {
                if (advertInterval.toNanos() % 1_000_000_000L != 0 || advertInterval.toSeconds() < 1 || advertInterval.toSeconds() > 255) {
                    problems.add("advertInterval: " + advertInterval + " is not allowed in VRRPv2 (whole seconds 1..255 s; use vrrpVersion(3) for less)");
                }
            } else if (v == VrrpVersion.V3) {
                long ms = advertInterval.toMillis();
                if (advertInterval.toNanos() % 10_000_000L != 0 || ms < 10 || ms > 40_950) {
                    problems.add("advertInterval: " + advertInterval + " is not allowed in VRRPv3 (multiples of 10 ms from 10 ms to 40.95 s)");
                }
            }
            if (authPassword != null) {
                int len = authPassword.getBytes(StandardCharsets.UTF_8).length;
                if (v == VrrpVersion.V3) {
                    problems.add("authPassword: VRRPv3 has no authentication (RFC 5798); remove it or use vrrpVersion(2)");
                } else if (len < 1 || len > 8) {
                    problems.add("authPassword: " + len + " bytes (allowed 1..8 bytes)");
                }
            }
            InetAddress src = null;
            if (unicastSource != null) {
                src = VirtualAddress.literal(unicastSource);
                if (src == null) {
                    problems.add("unicastSource: '" + unicastSource + "' is not an IP address literal");
                } else if (!allVips.isEmpty() && (src instanceof Inet6Address) != ipv6) {
                    problems.add("unicastSource: " + unicastSource + " is not of the virtual addresses' family");
                }
                if (unicastPeers.isEmpty()) {
                    problems.add("unicastPeer: unicastSource is set but no unicastPeer is given");
                }
            }
            List<InetAddress> peers = new ArrayList<>();
            for (String p : unicastPeers) {
                InetAddress a = VirtualAddress.literal(p);
                if (a == null) {
                    problems.add("unicastPeer: '" + p + "' is not an IP address literal");
                } else if (a.isMulticastAddress()) {
                    problems.add("unicastPeer: " + p + " is a multicast address");
                } else if (!allVips.isEmpty() && (a instanceof Inet6Address) != ipv6) {
                    problems.add("unicastPeer: " + p + " is not of the virtual addresses' family");
                } else if (a.equals(src)) {
                    problems.add("unicastPeer: " + p + " is the unicastSource itself");
                } else if (peers.contains(a)) {
                    problems.add("unicastPeer: " + p + " is listed twice");
                } else {
                    peers.add(a);
                }
            }
            if (preemptDelay == null || preemptDelay.isNegative() || preemptDelay.compareTo(Duration.ofSeconds(1000)) > 0) {
                problems.add("preemptDelay: " + preemptDelay + " is out of range (allowed 0..1000 s)");
            } else if (!preempt && !preemptDelay.isZero()) {
                problems.add("preemptDelay: has no effect with preempt(false); remove one of them");
            }
            if (!preempt && priority == 255) {
                problems.add("preempt: the address owner (priority 255) always preempts; preempt(false) cannot apply");
            }
            if (downTimerAdverts < 1 || downTimerAdverts > 100) {
                problems.add("downTimerAdverts: " + downTimerAdverts + " is out of range (allowed 1..100; the RFCs use 3)");
            }
            if (garpMasterRepeat < 1 || garpMasterRepeat > 100) {
                problems.add("garpMasterRepeat: " + garpMasterRepeat + " is out of range (allowed 1..100)");
            }
            checkNonNegative(problems, "garpMasterDelay", garpMasterDelay);
            checkNonNegative(problems, "garpMasterRefresh", garpMasterRefresh);
            if (garpMasterRefreshRepeat < 1 || garpMasterRefreshRepeat > 100) {
                problems.add("garpMasterRefresh: repeat " + garpMasterRefreshRepeat + " is out of range (allowed 1..100)");
            }
            if (vipLease != null && !vipLease.isZero()
                    && (vipLease.isNegative() || vipLease.toNanos() % 1_000_000_000L != 0 || vipLease.toSeconds() > 86_400)) {
                problems.add("vipLease: " + vipLease + " is not allowed (whole seconds 1..86400 s, or ZERO for no lease)");
            }
            Set<String> names = new HashSet<>();
            for (HealthCheckSpec h : healthChecks) {
                String n = h.name();
                if (n.isBlank()) {
                    problems.add("healthCheck: a check has a blank name");
                } else if (!names.add(n)) {
                    problems.add("healthCheck '" + n + "': the name is used twice");
                }
                if (h.interval().isNegative() || h.interval().isZero()) {
                    problems.add("healthCheck '" + n + "': interval " + h.interval() + " must be positive");
                }
                if (h.timeout().isNegative() || h.timeout().isZero()) {
                    problems.add("healthCheck '" + n + "': timeout " + h.timeout() + " must be positive");
                }
                if (h.fall() < 1 || h.fall() > 1000) {
                    problems.add("healthCheck '" + n + "': fall " + h.fall() + " is out of range (allowed 1..1000)");
                }
                if (h.rise() < 1 || h.rise() > 1000) {
                    problems.add("healthCheck '" + n + "': rise " + h.rise() + " is out of range (allowed 1..1000)");
                }
                if (h.weight() < -253 || h.weight() > 253) {
                    problems.add("healthCheck '" + n + "': weight " + h.weight() + " is out of range (allowed -253..253)");
                }
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            HaConfig c = new HaConfig(interfaceName, vrid, priority, allVips, v, advertInterval, authPassword, src, peers,
                    preempt, preemptDelay, downTimerAdverts, garpMasterRepeat, garpMasterDelay, garpMasterRefresh,
                    garpMasterRefreshRepeat, Duration.ZERO, healthChecks);
            Duration lease = vipLease != null ? vipLease : defaultLease(c);
            c = new HaConfig(interfaceName, vrid, priority, allVips, v, advertInterval, authPassword, src, peers,
                    preempt, preemptDelay, downTimerAdverts, garpMasterRepeat, garpMasterDelay, garpMasterRefresh,
                    garpMasterRefreshRepeat, lease, healthChecks);
            log.debug("effective configuration: {}", c);
            return new HaGroup(this, c);
        }

        /** ceil(Master_Down_Interval) + 1 s: the kernel counts lifetimes in whole seconds. */
        private static Duration defaultLease(HaConfig c) {
            long nanos = c.masterDownInterval().toNanos();
            long seconds = (nanos + 999_999_999L) / 1_000_000_000L;
            return Duration.ofSeconds(seconds + 1);
        }

        private static void checkNonNegative(List<String> problems, String field, Duration d) {
            if (d == null || d.isNegative()) {
                problems.add(field + ": " + d + " must be zero or positive");
            }
        }
    }
}
