package dev.failover4j;

import dev.failover4j.engine.Input;
import dev.failover4j.engine.VirtualRouter;
import dev.failover4j.internal.SharedRuntime;
import dev.failover4j.spi.AddressManager;
import dev.failover4j.spi.EventLoop;
import dev.failover4j.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
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
 * <p>This class is the facade. Behind it a driver feeds the pure engine on an event loop (one daemon
 * thread shared by every group of the process, unless the builder names one) and carries out its
 * actions; listeners run on their own executors and health checks on theirs, so neither can delay
 * an advert. Thread-safe.
 */
public final class HaGroup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HaGroup.class);
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEFAULT_TAKEOVER_SETTLE = Duration.ofMillis(1);

    private volatile HaConfig config;
    private final String name;
    private final SharedRuntime shared;
    private final EventLoop loop;
    private final Transport explicitTransport;
    private final AddressManager explicitAddressManager;
    private final Listeners listeners;
    private final GroupDriver driver;

    private final Object lifecycle = new Object();
    private boolean started;
    private boolean closing;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    /** Completes after the stop, once the shared threads are given back (also if close() stopped waiting). */
    private final CompletableFuture<Void> released;

    private HaGroup(Builder b, HaConfig config) {
        this.config = config;
        this.name = config.interfaceName() + "/vrid" + config.vrid();
        this.shared = SharedRuntime.acquire();
        this.loop = b.eventLoop != null ? b.eventLoop : shared.loop(b.transport == null || b.addressManager == null);
        this.explicitTransport = b.transport;
        this.explicitAddressManager = b.addressManager;
        Executor checks = b.checkExecutor != null ? b.checkExecutor : shared.checks();
        this.driver = new GroupDriver(config, name, loop, checks, shared::listeners);
        this.listeners = driver.listeners();
        if (b.syncGroup != null) {
            try {
                b.syncGroup.join(driver, loop);
            } catch (RuntimeException e) {
                shared.release();
                throw e;
            }
            driver.syncGroup(b.syncGroup);
        }
        // The shared threads are given back once the loop has stopped the group, even if close() stopped waiting.
        this.released = stopped.thenRun(shared::release);
        for (Builder.PendingListener p : b.listeners) {
            listeners.add(p.listener(), p.executor());
        }
    }

    /**
     * A new builder.
     *
     * @return a builder with keepalived's defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the validated configuration (the latest, after {@link #reconfigure})} */
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
        GroupDriver.Network net = driver.open(explicitTransport, explicitAddressManager);
        log.info("{}: starting {}", name, config);
        synchronized (lifecycle) {
            if (closing) {
                net.close(); // close() ran while the transport was opening: nothing of this start may outlive it
                throw new IllegalStateException(name + " was closed while starting");
            }
            loop.execute(() -> driver.begin(net));
        }
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
     *
     * @param timeout how long to wait for the graceful stop
     */
    public void close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        synchronized (lifecycle) {
            if (!closing) {
                closing = true;
                if (started) {
                    loop.execute(() -> {
                        driver.stop();
                        stopped.complete(null);
                    });
                } else {
                    listeners.noFinalChange();
                    driver.board().close();
                    stopped.complete(null);
                }
            }
        }
        // Every caller, first or not, waits for the same graceful stop.
        if (loop.inEventLoop() && !released.isDone()) {
            return; // called on the protocol thread itself (a listener on a direct executor): the stop runs next
        }
        try {
            if (listeners.inListener()) {
                // Called from our own listener: its delivery lane is this thread; do not wait on it.
                loop.await(released, timeout);
            } else {
                loop.await(CompletableFuture.allOf(released, listeners.finalDelivered()), timeout);
            }
        } catch (TimeoutException e) {
            log.warn("{}: close() did not complete within {}", name, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ run-time control and state

    /** {@return the current state (INITIALIZE before start and after close)} */
    public HaState state() {
        return status().state();
    }

    /** {@return true while this node is master and holds the virtual addresses} */
    public boolean isMaster() {
        return status().state() == HaState.MASTER;
    }

    /** {@return a snapshot of state, priorities, master, history, health and counters} */
    public HaStatus status() {
        return driver.board().status();
    }

    /**
     * Waits until the group is in {@code state}.
     *
     * @return true if it is (or got there in time); false on timeout, or at once if the group is
     *         closed and not in that state
     * @param state the state to wait for
     * @param timeout how long to wait at most
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean awaitState(HaState state, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(timeout, "timeout");
        return driver.board().await(state, timeout, loop);
    }

    /**
     * Sets the configured priority at run time (1..254); adverts carry it at once. Not allowed for an
     * address owner (255), whose role is fixed by configuration.
     *
     * @param priority the new base priority, 1..254
     */
    public void setPriority(int priority) {
        if (priority < 1 || priority > 254) {
            throw new IllegalArgumentException("priority must be in 1..254, got " + priority);
        }
        if (config.owner()) {
            throw new IllegalStateException("the address owner (priority 255) cannot change its priority");
        }
        driver.post(new Input.SetPriority(priority));
    }

    /**
     * Gives up mastership now: a priority-0 advert, the addresses released, BACKUP. This node then
     * does not preempt the new master; it becomes master again only if no master is heard for
     * Master_Down_Interval. Does nothing unless master; not allowed for the address owner (255).
     */
    public void demote() {
        if (config.owner()) {
            throw new IllegalStateException("the address owner (priority 255) cannot demote itself");
        }
        driver.post(new Input.Demote());
    }

    /**
     * Applies a new configuration without a failover (keepalived's reload, without the state changes
     * its users report): priority, virtual addresses (added ones bound and announced while master,
     * removed ones released), advert interval, preemption, settle, announcements, lease, password,
     * unicast source and peers, health checks, tracked files and tracked interfaces (a check, file or
     * interface that stays keeps its verdict), start-up delay. A master stays master unless its new priority is below a peer's
     * (which then preempts as usual); no priority-0 advert is sent. Build {@code next} with
     * {@link Builder#buildConfig()} (every bad value reported at once there). Waits until applied.
     *
     * @throws ConfigException naming every field that cannot change live (interface, VRID, version,
     *                         address family, virtual MAC, sync group, address owner, real-time
     *                         priority, memory locking);
     *                         nothing is applied
     * @throws FailoverException if the channel for new unicast peers cannot be opened (nothing applied)
     * @throws IllegalStateException once closed
     * @param next the new configuration, from {@link Builder#buildConfig()}
     */
    public void reconfigure(HaConfig next) {
        Objects.requireNonNull(next, "next");
        HaConfig now = config;
        List<String> problems = new ArrayList<>(VirtualRouter.unchangeable(now, next));
        if (now.realtimePriority() != next.realtimePriority() || now.lockMemory() != next.lockMemory()) {
            problems.add("realtimePriority/lockMemory: cannot change live (they apply to the process's shared"
                    + " protocol thread and memory; restart to change them)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        synchronized (lifecycle) {
            if (closing) {
                throw new IllegalStateException(name + " is closed");
            }
        }
        // Completes with what went wrong (null: applied), so no loop's way of reporting a failed future matters.
        CompletableFuture<RuntimeException> done = new CompletableFuture<>();
        Runnable apply = new Reconfiguration(next, done);
        if (loop.inEventLoop()) {
            apply.run();
        } else {
            loop.execute(apply);
        }
        RuntimeException failure;
        try {
            failure = loop.await(done, DEFAULT_CLOSE_TIMEOUT);
        } catch (TimeoutException e) {
            throw new FailoverException(name + ": the reconfiguration was not applied within " + DEFAULT_CLOSE_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailoverException(name + ": interrupted while reconfiguring", e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * A reconfiguration, applied on the loop; completes with what went wrong (null: applied). A class,
     * not a lambda: the first reload would otherwise wait for the lambda's class to be spun.
     */
    private final class Reconfiguration implements Runnable {
        private final HaConfig next;
        private final CompletableFuture<RuntimeException> done;

        Reconfiguration(HaConfig next, CompletableFuture<RuntimeException> done) {
            this.next = next;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                driver.reconfigure(next);
                config = next;
                done.complete(null);
            } catch (RuntimeException e) {
                done.complete(e);
            }
        }
    }

    /**
     * Adds an observer of timer lateness and takeover times (for metrics; see {@link GroupObserver}
     * for its thread and its contract). May be called before or after start.
     *
     * @throws NullPointerException if {@code observer} is null
     * @param observer called on the protocol thread; must not block
     */
    public void addObserver(GroupObserver observer) {
        driver.addObserver(Objects.requireNonNull(observer, "observer"));
    }

    /**
     * Removes an observer added with {@link #addObserver}.
     *
     * @return whether it was registered
     * @param observer the observer to remove
     */
    public boolean removeObserver(GroupObserver observer) {
        return driver.removeObserver(observer);
    }

    /**
     * Adds a listener after build; deliveries to it stay in order on {@code executor}.
     *
     * @param listener the listener
     * @param executor where its calls run, in order
     */
    public void addListener(StateListener listener, Executor executor) {
        listeners.add(Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(executor, "executor"));
    }

    /**
     * Removes every registration of {@code listener}. Changes already handed to it are still
     * delivered; later ones are not.
     *
     * @return whether it was registered
     * @param listener the listener to remove
     */
    public boolean removeListener(StateListener listener) {
        return listeners.remove(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public String toString() {
        return "HaGroup{" + name + ", " + state() + "}";
    }

    /**
     * Collects settings; {@link #build()} validates them all at once and reports every bad field with
     * its allowed range. Defaults follow keepalived: VRRPv2, priority 100, advert interval 1 s,
     * preempt on, three adverts before a master is presumed down, 5 GARPs now and 5 after 5 s.
     */
    public static final class Builder {
        String interfaceName;
        Integer vrid;
        int priority = 100;
        final List<String> vipTexts = new ArrayList<>();
        final List<VirtualAddress> vips = new ArrayList<>();
        final List<String> excludedTexts = new ArrayList<>();
        int version = 2;
        Duration advertInterval = Duration.ofSeconds(1);
        String authPassword;
        HmacAuth hmac;
        String unicastSource;
        final List<String> unicastPeers = new ArrayList<>();
        boolean preempt = true;
        Duration preemptDelay = Duration.ZERO;
        boolean higherPrioritySendAdvert = true;
        Duration takeoverSettle = DEFAULT_TAKEOVER_SETTLE;
        boolean takeoverSettleSet;
        int downTimerAdverts = 3;
        int garpMasterRepeat = 5;
        Duration garpMasterDelay = Duration.ofSeconds(5);
        Duration garpMasterRefresh = Duration.ZERO;
        int garpMasterRefreshRepeat = 1;
        Duration vipLease;
        int realtimePriority;
        boolean lockMemory;
        final List<HealthCheckSpec> healthChecks = new ArrayList<>();
        final List<TrackedFile> trackedFiles = new ArrayList<>();
        final List<TrackedInterface> trackedInterfaces = new ArrayList<>();
        Duration startupDelay = Duration.ZERO;
        Boolean electionOnlyIpv6;
        boolean useVirtualMac;
        String virtualMacName;
        SyncGroup syncGroup;
        final List<PendingListener> listeners = new ArrayList<>();
        Transport transport;
        AddressManager addressManager;
        EventLoop eventLoop;
        Executor checkExecutor;

        record PendingListener(StateListener listener, Executor executor) {
        }

        Builder() {
        }

        /**
         * The interface the VIPs go on and adverts are sent from, e.g. {@code eth0}. Required.
         *
         * @param name the interface name, as {@code ip link} shows it
         * @return this builder
         */
        public Builder interfaceName(String name) {
            this.interfaceName = name;
            return this;
        }

        /**
         * Virtual router id, 1..255, shared by all nodes of the group. Required.
         *
         * @param vrid the virtual router id
         * @return this builder
         */
        public Builder vrid(int vrid) {
            this.vrid = vrid;
            return this;
        }

        /**
         * 1..255 (default 100). The highest wins; 255 means this node owns the addresses.
         *
         * @param priority the priority
         * @return this builder
         */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /**
         * A virtual address in CIDR form, e.g. {@code 192.168.0.100/24}. At least one.
         *
         * @param cidr the address and its prefix length
         * @return this builder
         */
        public Builder virtualAddress(String cidr) {
            this.vipTexts.add(cidr);
            return this;
        }

        /**
         * A virtual address, already parsed (see {@link #virtualAddress(String)}).
         *
         * @param vip the address and its prefix length
         * @return this builder
         */
        public Builder virtualAddress(VirtualAddress vip) {
            this.vips.add(vip);
            return this;
        }

        /**
         * An address bound and released with the virtual addresses but never in adverts (keepalived's
         * {@code virtual_ipaddress_excluded}: peers need not list it, and there is no limit of one
         * advert's size), in CIDR form; repeatable; of the group's family.
         *
         * @param cidr the address and its prefix length
         * @return this builder
         */
        public Builder excludedAddress(String cidr) {
            this.excludedTexts.add(Objects.requireNonNull(cidr, "cidr"));
            return this;
        }

        /**
         * 2 (RFC 3768, IPv4 only, default, as keepalived) or 3 (RFC 5798, IPv4 or IPv6).
         *
         * @param version 2 or 3
         * @return this builder
         */
        public Builder vrrpVersion(int version) {
            this.version = version;
            return this;
        }

        /**
         * {@link VrrpVersion#V2} (default) or {@link VrrpVersion#V3}.
         *
         * @param version the version
         * @return this builder
         */
        public Builder vrrpVersion(VrrpVersion version) {
            this.version = version.number();
            return this;
        }

        /**
         * Advert interval: whole seconds 1..255 s for v2; multiples of 10 ms from 10 ms to 40.95 s for v3.
         *
         * @param interval the interval
         * @return this builder
         */
        public Builder advertInterval(Duration interval) {
            this.advertInterval = interval;
            return this;
        }

        /**
         * VRRPv2 simple-text password (keepalived {@code auth_type PASS}), 1..8 bytes.
         *
         * @param password the password, sent in clear text in every advert
         * @return this builder
         */
        public Builder authPassword(String password) {
            this.authPassword = password;
            return this;
        }

        /**
         * Authenticated adverts, compatible with keepalived 2.4's {@code auth_hmac} (VRRPv2 and v3, IPv4
         * and IPv6, multicast and unicast). Not with {@link #authPassword}.
         *
         * @param auth the keys, mode and anti-replay settings, from {@link HmacAuth#builder()}
         * @return this builder
         */
        public Builder hmac(HmacAuth auth) {
            this.hmac = auth;
            return this;
        }

        /**
         * The source address of adverts (keepalived's {@code unicast_src_ip} and {@code mcast_src_ip}),
         * instead of the interface's own (IPv4 primary, IPv6 link-local); an address of the interface.
         * With {@link #unicastPeer}: unicast mode. Without: multicast from this address, as keepalived
         * does with a {@code unicast_src_ip} and no {@code unicast_peer}.
         *
         * @param address an address of the interface (IPv6: its link-local address for multicast)
         * @return this builder
         */
        public Builder unicastSource(String address) {
            this.unicastSource = address;
            return this;
        }

        /**
         * Unicast mode: a peer to send adverts to instead of the multicast group (repeatable).
         *
         * @param address the peer's address, of the group's family
         * @return this builder
         */
        public Builder unicastPeer(String address) {
            this.unicastPeers.add(address);
            return this;
        }

        /**
         * Whether a higher-priority backup takes over from a lower-priority master (default true).
         *
         * @param preempt false: a master keeps its role until it fails or leaves, whatever the priorities
         * @return this builder
         */
        public Builder preempt(boolean preempt) {
            this.preempt = preempt;
            return this;
        }

        /**
         * How long lower-priority adverts are still accepted before preempting (0..1000 s, default 0).
         *
         * @param delay the delay
         * @return this builder
         */
        public Builder preemptDelay(Duration delay) {
            this.preemptDelay = delay;
            return this;
        }

        /**
         * Whether a master that yields to a higher-priority master sends one more advert first (default
         * true; keepalived's {@code higher_prio_send_advert}, off there by default). After a split heals,
         * the real master then hears a lower-priority master and re-announces the VIP, so clients whose
         * ARP caches followed the other side come back. Turn off for RFC-strict behaviour.
         *
         * @param send whether to send the extra advert
         * @return this builder
         */
        public Builder higherPrioritySendAdvert(boolean send) {
            this.higherPrioritySendAdvert = send;
            return this;
        }

        /**
         * The least time a backup that takes over waits after its first advert before it binds the
         * VIP (0..1 s, at most half the advert interval). VRRPv3's Skew_Time separates priorities by
         * Master_Adver_Interval/256 (0.39 ms at 100 ms), less than a machine's scheduling jitter: with
         * three or more routers, two backups can take over at once. In the settle the lower one hears
         * the higher one's advert and yields before it ever holds the VIP. The settle grows to twice
         * the worst recent jitter of the master's adverts as this backup saw them (a loaded machine),
         * up to a quarter of the interval.
         *
         * <p>Not set, a settle of a tenth of the interval up to 10 ms, or a twentieth if that is more,
         * and at least 1 ms (10 ms at 100 ms, 50 ms at 1 s), applies only once there is evidence of a
         * third router (adverts heard from two routers other than this one, or two unicast peers): a
         * pair takes over as fast as keepalived. Set, it applies to every takeover, with the value set
         * as its floor; with three or more routers at short intervals set it (10 ms at 100 ms, and
         * {@link #realtimePriority}) from the start. ZERO binds at once, always, as keepalived does.
         *
         * @param settle the settle time (its floor when set)
         * @return this builder
         */
        public Builder takeoverSettle(Duration settle) {
            this.takeoverSettle = settle;
            this.takeoverSettleSet = true;
            return this;
        }

        /**
         * Adverts missed before the master is presumed down (1..100, default 3 as in the RFCs).
         *
         * @param n the number of adverts
         * @return this builder
         */
        public Builder downTimerAdverts(int n) {
            this.downTimerAdverts = n;
            return this;
        }

        /**
         * GARPs per burst on becoming master (1..100, default 5).
         *
         * @param n GARPs (IPv6: unsolicited neighbour advertisements) per burst
         * @return this builder
         */
        public Builder garpMasterRepeat(int n) {
            this.garpMasterRepeat = n;
            return this;
        }

        /**
         * Delay of the second GARP burst (default 5 s; ZERO for none).
         *
         * @param d the delay
         * @return this builder
         */
        public Builder garpMasterDelay(Duration d) {
            this.garpMasterDelay = d;
            return this;
        }

        /**
         * Period of GARP refreshes while master (default ZERO: off), and GARPs per refresh.
         *
         * @param period the time between refresh bursts
         * @param repeat GARPs per refresh burst, 1..100
         * @return this builder
         */
        public Builder garpMasterRefresh(Duration period, int repeat) {
            this.garpMasterRefresh = period;
            this.garpMasterRefreshRepeat = repeat;
            return this;
        }

        /**
         * Lifetime of the VIPs while master, renewed every third of it, so the kernel removes them if
         * this JVM dies. Whole seconds, at least 1 s; ZERO for permanent addresses (as keepalived).
         * Default: Master_Down_Interval rounded up to a second, plus 1 s.
         *
         * @param lease the lifetime
         * @return this builder
         */
        public Builder vipLease(Duration lease) {
            this.vipLease = lease;
            return this;
        }

        /**
         * Runs the protocol thread and the receive threads with the real-time policy SCHED_RR at this
         * priority (1..99; default 0: ordinary scheduling), as keepalived's {@code vrrp_rt_priority}:
         * they then preempt the application's threads, the JIT and the garbage collector's helpers, and
         * wake on time on a loaded machine. Use it for short advert intervals (100 ms and less) or with
         * three or more routers. Needs CAP_SYS_NICE; start() says so if it is missing. The protocol
         * thread is shared by every group of the process: the highest priority asked for wins.
         *
         * @param priority the SCHED_RR priority, 1..99, or 0
         * @return this builder
         */
        public Builder realtimePriority(int priority) {
            this.realtimePriority = priority;
            return this;
        }

        /**
         * Locks the process's memory into RAM at start (mlockall; default off), as keepalived's
         * {@code vrrp_no_swap}: a protocol thread never waits for a page from swap. Needs CAP_IPC_LOCK
         * (or a large enough LimitMEMLOCK); start() says so if it is missing.
         *
         * @param lock whether to lock the process's memory
         * @return this builder
         */
        public Builder lockMemory(boolean lock) {
            this.lockMemory = lock;
            return this;
        }

        /**
         * A health check with keepalived's defaults (interval 1 s, fall 1, rise 1, weight 0).
         *
         * @param name the check's name (in logs, the status and metrics)
         * @param check the check; it runs on the health-check executor, never on the protocol thread
         * @return this builder
         */
        public Builder healthCheck(String name, HealthCheck check) {
            return healthCheck(HealthCheckSpec.builder(name, check).build());
        }

        /**
         * A health check with its own interval, timeout, fall, rise and weight (repeatable; names unique).
         *
         * @param spec the check and its settings, from {@link HealthCheckSpec#builder}
         * @return this builder
         */
        public Builder healthCheck(HealthCheckSpec spec) {
            this.healthChecks.add(spec);
            return this;
        }

        /**
         * keepalived's {@code track_file}: the integer in {@code file} × {@code weight} (-254..254) is
         * added to the priority; with weight 0 a non-zero value is FAULT. Read at start and whenever
         * the file changes (no polling). The operator's knob: {@code echo 1 > file} moves a node with
         * weight -50 out of the way. See {@link TrackedFile} for the exact rules.
         *
         * @param file the file holding an integer
         * @param weight the weight
         * @return this builder
         */
        public Builder trackFile(java.nio.file.Path file, int weight) {
            return trackFile(file, weight, false);
        }

        /**
         * keepalived's {@code track_interface}: the link of another interface moves the group. Weight
         * 0 (keepalived's default): FAULT while it is down or missing; a positive weight is added
         * while it is up, a negative one while it is down (-254..254). Followed through the kernel's
         * link events, as the group's own interface is.
         *
         * @param name the interface's name
         * @param weight the weight
         * @return this builder
         */
        public Builder trackInterface(String name, int weight) {
            this.trackedInterfaces.add(new TrackedInterface(Objects.requireNonNull(name, "name"), weight));
            return this;
        }

        /**
         * As {@link #trackFile(java.nio.file.Path, int)}; {@code reverse} turns the weight's sign (keepalived's {@code reverse}).
         *
         * @param file the file holding an integer
         * @param weight the weight
         * @param reverse whether the weight's sign is turned
         * @return this builder
         */
        public Builder trackFile(java.nio.file.Path file, int weight, boolean reverse) {
            this.trackedFiles.add(new TrackedFile(Objects.requireNonNull(file, "file"), weight, reverse));
            return this;
        }

        /**
         * keepalived's {@code use_vmac} (RFC 3768 §7.3, RFC 5798 §7.3): the group's addresses live on a
         * macvlan {@code vrrp.<VRID>} with the virtual MAC 00:00:5e:00:01:{VRID} (IPv6:
         * 00:00:5e:00:02:{VRID}), created (a stale one replaced) on start and deleted on close, so a
         * client's ARP or neighbour entry for a VIP is the same on every master and need not change on
         * failover. Adverts leave through it, with the virtual MAC and the base interface's own address
         * (IPv4 primary, IPv6 link-local); they are received on the base interface, and a backup's
         * virtual MAC interface sends nothing at all (no IGMP/MLD report, no DAD, no router
         * solicitation). Needs CAP_NET_ADMIN and the kernel's macvlan.
         *
         * @param use whether to use the virtual MAC
         * @return this builder
         */
        public Builder useVirtualMac(boolean use) {
            this.useVirtualMac = use;
            this.virtualMacName = null;
            return this;
        }

        /**
         * {@link #useVirtualMac(boolean) useVirtualMac(true)} on an interface of this name instead of
         * {@code vrrp.<VRID>} (keepalived's {@code use_vmac NAME}). Needed when two groups of one process
         * would get the same name: an IPv4 and an IPv6 group with the same VRID, or groups with the same
         * VRID on two interfaces (keepalived names the second {@code vrrp6.<VRID>} or {@code vrrp1.<VRID>}).
         *
         * @param interfaceName the virtual MAC interface's name: 1..15 characters, none of them white
         *     space, {@code /} or {@code :}
         * @return this builder
         */
        public Builder useVirtualMac(String interfaceName) {
            this.useVirtualMac = true;
            this.virtualMacName = Objects.requireNonNull(interfaceName, "interfaceName");
            return this;
        }

        /**
         * A group with no virtual address: leader election on the LAN only (keepalived's instance
         * without {@code virtual_ipaddress}). Listeners hear MASTER and BACKUP as usual, and the
         * epoch of each mastership is the fencing token for what the master does. Its adverts carry no
         * address, so its peers must be election-only groups too. {@code ipv6}: the family of its
         * adverts (IPv6 needs VRRPv3).
         *
         * @param ipv6 whether the adverts are IPv6 (else IPv4)
         * @return this builder
         */
        public Builder electionOnly(boolean ipv6) {
            this.electionOnlyIpv6 = ipv6;
            return this;
        }

        /**
         * keepalived's {@code vrrp_startup_delay} (0..10 min, default 0): after {@code start()} the
         * group stays in INITIALIZE, silent, for this long before its checks and the election begin:
         * for hosts whose links pass no traffic for a while after boot (bonds being built), where a
         * node would otherwise hear no master and take over. Nodes started together need no delay:
         * the first takeover after a start settles (see {@link #takeoverSettle}).
         *
         * @param delay the delay
         * @return this builder
         */
        public Builder startupDelay(Duration delay) {
            this.startupDelay = delay;
            return this;
        }

        /**
         * Makes this group a member of {@code sync} (keepalived's {@code vrrp_sync_group}): its members
         * are MASTER together, leave MASTER together and are in FAULT together. Every member must run
         * on the same event loop (the default one is shared by every group of the process).
         *
         * @param sync the sync group, shared by its members' builders
         * @return this builder
         */
        public Builder syncGroup(SyncGroup sync) {
            this.syncGroup = Objects.requireNonNull(sync, "sync");
            return this;
        }

        /**
         * A listener on a daemon pool shared by every group (its deliveries stay in order).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(StateListener listener) {
            this.listeners.add(new PendingListener(Objects.requireNonNull(listener, "listener"), null));
            return this;
        }

        /**
         * A listener on {@code executor} (deliveries stay in order even on a multi-threaded executor).
         *
         * @param listener the listener
         * @param executor where its calls run, in order
         * @return this builder
         */
        public Builder listener(StateListener listener, Executor executor) {
            this.listeners.add(new PendingListener(Objects.requireNonNull(listener, "listener"),
                    Objects.requireNonNull(executor, "executor")));
            return this;
        }

        /**
         * The transport; default: the one of the {@link dev.failover4j.spi.NetworkProvider} found with ServiceLoader.
         *
         * @param transport the transport
         * @return this builder
         */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /**
         * The address manager; default: the one of the {@link dev.failover4j.spi.NetworkProvider} found with ServiceLoader.
         *
         * @param addressManager the address manager
         * @return this builder
         */
        public Builder addressManager(AddressManager addressManager) {
            this.addressManager = addressManager;
            return this;
        }

        /**
         * The event loop (the testkit's virtual clock); default: one daemon thread shared by every group.
         *
         * @param loop the event loop (the testkit's virtual clock in tests)
         * @return this builder
         */
        public Builder eventLoop(EventLoop loop) {
            this.eventLoop = loop;
            return this;
        }

        /**
         * Where health checks run; default: a daemon pool shared by every group.
         *
         * @param executor where health checks run
         * @return this builder
         */
        public Builder healthCheckExecutor(Executor executor) {
            this.checkExecutor = executor;
            return this;
        }

        /**
         * Validates every setting into a configuration, without making a group: for checking a
         * configuration before use (an agent's {@code -t}) and for tests of the engine.
         *
         * @throws ConfigException listing every bad field with its allowed range
         * @return the configuration
         */
        public HaConfig buildConfig() {
            return ConfigValidator.validate(this);
        }

        /**
         * Validates every setting and builds the group (not started).
         *
         * @throws ConfigException listing every bad field with its allowed range
         * @return the group, not started
         */
        public HaGroup build() {
            HaConfig c = buildConfig();
            log.debug("effective configuration: {}", c);
            return new HaGroup(this, c);
        }
    }
}
