package dev.failover4j;

import dev.failover4j.codec.RxMeta;
import dev.failover4j.engine.Action;
import dev.failover4j.engine.Input;
import dev.failover4j.engine.RouterSnapshot;
import dev.failover4j.engine.VirtualRouter;
import dev.failover4j.engine.Warmup;
import dev.failover4j.internal.ProviderLookup;
import dev.failover4j.internal.ThreadEventLoop;
import dev.failover4j.spi.AddressManager;
import dev.failover4j.spi.EventLoop;
import dev.failover4j.spi.NetworkProvider;
import dev.failover4j.spi.Scheduling;
import dev.failover4j.spi.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one group's engine on its event loop (quinn's IO loop): feeds it inputs from the transport,
 * the kernel, health checks and the API, carries out its actions through the SPIs, feeds each
 * action's outcome back, and re-arms one timer from the engine's next deadline. After every event it
 * publishes the status. Everything here runs on the loop except {@link #post} and the callbacks it
 * hands to the transport and the address manager.
 */
final class GroupDriver implements Action.Visitor<Void, IOException>, GroupHealth.Sink {

    private static final Logger log = LoggerFactory.getLogger(GroupDriver.class);
    /** Dry runs of the takeover path at start: enough for the JIT to compile it (a few milliseconds). */
    private static final int WARMUPS = 2000;
    /** The virtual MAC interfaces of this process's open groups, by name. */
    private static final java.util.Set<String> VIRTUAL_MACS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private HaConfig config;
    /** auth_hmac: signs adverts (handed to the channel) and checks received ones (on the loop); null without. */
    private HmacSigner signer;
    private HmacGate gate;
    private final String name;
    private final EventLoop loop;
    private final VirtualRouter router;
    private final Listeners listeners;
    private final StatusBoard board;
    private final GroupHealth health;
    private final EventLoop.Timer timer;

    // Loop-confined.
    private Network network;
    /** The address adverts go from (null: none now); read by the watcher's thread. */
    private volatile InetAddress source;
    private Transport.Channel channel;
    private AddressManager addresses;
    private boolean timerArmed;
    private long timerDeadline;
    private final LateWakeups late;
    private final java.util.concurrent.CopyOnWriteArrayList<GroupObserver> observers =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Observers that threw once: logged once each. */
    private final java.util.Set<GroupObserver> observerFailed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** drive()'s queue of outcomes, reused (loop-confined). */
    private final ArrayDeque<Input> outcomes = new ArrayDeque<>(4);
    private boolean driving;
    /** What the board shows (loop-confined). */
    private RouterSnapshot published;
    private long publishedHealth;
    private boolean finalChangeSent;
    private boolean closed;

    /** The open network of a started group. */
    record Network(Transport transport, Transport.Channel channel, AddressManager addresses, Closeable watch) implements Closeable {
        @Override
        public void close() {
            closeQuietly(watch);
            closeQuietly(channel);
        }
    }

    /**
     * @param listenerPool where listeners registered without an executor run (asked for on first use)
     */
    GroupDriver(HaConfig config, String name, EventLoop loop, Executor checkExecutor, Supplier<Executor> listenerPool) {
        this.config = config;
        this.name = name;
        this.loop = loop;
        this.router = new VirtualRouter(config);
        this.listeners = new Listeners(name, task -> listenerPool.get().execute(task));
        this.late = new LateWakeups(name, config);
        if (config.hmac() != null) {
            this.gate = new HmacGate(config.hmac(), config); // the signer is made with the channel's spec
        }
        this.board = new StatusBoard(config, router.snapshot(), router.tally(), listeners::errors, late::count, loop::nanoTime);
        this.health = new GroupHealth(config.healthChecks(), config.trackedFiles(), loop, checkExecutor, this);
        this.health.interfaces(config.trackedInterfaces());
        this.timer = loop.timer(this::onTimer);
    }

    StatusBoard board() {
        return board;
    }

    /** The sync group this group is a member of, or null (set once, before start). */
    private SyncGroup sync;

    void syncGroup(SyncGroup s) {
        this.sync = s;
    }

    String name() {
        return name;
    }

    /** Loop-confined: the engine, for the sync group's questions. */
    VirtualRouter router() {
        return router;
    }

    Listeners listeners() {
        return listeners;
    }

    /**
     * On the caller's thread: opens the group's channel and starts watching its interface, with the
     * given transport and address manager or, for what is null, the platform's provider's.
     *
     * @throws FailoverException saying what is missing (a provider, a capability, an interface)
     */
    Network open(Transport transport, AddressManager am) {
        boolean scheduled = config.realtimePriority() > 0 || config.lockMemory();
        NetworkProvider provider = transport == null || am == null || scheduled ? ProviderLookup.find() : null;
        if (transport == null || am == null) {
            transport = transport != null ? transport : provider.transport();
            am = am != null ? am : provider.addressManager();
        }
        if (scheduled) {
            schedule(provider);
        }
        String vmac = config.virtualMacInterface();
        if (vmac != null) { // first: the channel is on it
            if (!VIRTUAL_MACS.add(vmac)) { // creating it would delete the other group's as stale
                throw new FailoverException("cannot start " + name + ": the virtual MAC interface " + vmac
                        + " is another group's in this process (an IPv4 and an IPv6 group with one VRID, or one VRID"
                        + " on two interfaces): give this one its own name, e.g. useVirtualMac(\"vrrp"
                        + (config.ipv6() ? "6" : "1") + "." + config.vrid() + "\")");
            }
            try {
                am.createVirtualMac(config.interfaceName(), vmac, config.virtualMac());
            } catch (IOException e) {
                VIRTUAL_MACS.remove(vmac);
                throw new FailoverException("cannot start " + name + ": " + e.getMessage(), e);
            }
        }
        Transport.Channel ch;
        try {
            ch = transport.open(spec(config), this::onPacket);
        } catch (IOException e) {
            if (vmac != null) {
                deleteVirtualMacQuietly(am, vmac);
            }
            throw new FailoverException("cannot start " + name + ": " + e.getMessage(), e);
        }
        try {
            Closeable base = am.watch(config.interfaceName(), networkListener());
            if (vmac == null) {
                return new Network(transport, ch, am, base);
            }
            AddressManager manager = am;
            Closeable onVmac = am.watch(vmac, vipListener());
            return new Network(transport, ch, am, () -> {
                closeQuietly(base);
                closeQuietly(onVmac);
                try {
                    manager.deleteVirtualMac(vmac);
                } finally {
                    VIRTUAL_MACS.remove(vmac);
                }
            });
        } catch (IOException e) {
            closeQuietly(ch);
            if (vmac != null) {
                deleteVirtualMacQuietly(am, vmac);
            }
            throw new FailoverException("cannot watch " + config.interfaceName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * On the caller's thread: locks memory and gives the protocol thread its real-time priority, as
     * configured, waiting for the loop to have done it so that a missing capability fails start().
     */
    private void schedule(NetworkProvider provider) {
        Scheduling scheduling = provider.scheduling();
        if (scheduling == null) {
            throw new FailoverException("realtimePriority and lockMemory need a platform that schedules threads ("
                    + provider.name() + " does not)");
        }
        try {
            if (config.lockMemory()) {
                scheduling.lockMemory();
            }
            if (config.realtimePriority() > 0) {
                if (!(loop instanceof dev.failover4j.internal.RealtimeLoop real)) {
                    throw new FailoverException("realtimePriority applies to failover4j's own event loop, not to "
                            + loop.getClass().getName());
                }
                real.raisePriority(config.realtimePriority(), scheduling);
            }
        } catch (IOException e) {
            throw new FailoverException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Kernel watches of the tracked interfaces, by name (loop-confined). */
    private final java.util.Map<String, Closeable> interfaceWatches = new java.util.HashMap<>();

    /**
     * On the loop: follows the links of {@code tracked} (keepalived's track_interface) and reads each
     * now; stops following interfaces no longer tracked. A missing interface is down.
     */
    private void watchInterfaces(List<TrackedInterface> tracked) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (TrackedInterface t : tracked) {
            names.add(t.name());
            if (interfaceWatches.containsKey(t.name())) {
                continue;
            }
            String ifname = t.name();
            try {
                interfaceWatches.put(ifname, addresses.watch(ifname, new AddressManager.NetworkListener() {
                    @Override
                    public void onLinkChange(boolean up) {
                        loop.execute(() -> health.link(ifname, up));
                    }

                    @Override
                    public void onAddressRemoved(InetAddress address) {
                    }
                }));
            } catch (IOException e) {
                log.warn("{}: cannot follow tracked interface {} ({}); it counts as down", name, ifname, e.getMessage());
            }
            boolean up;
            try {
                up = addresses.linkUp(ifname);
            } catch (IOException e) {
                up = false;
            }
            health.link(ifname, up);
        }
        interfaceWatches.entrySet().removeIf(e -> {
            if (!names.contains(e.getKey())) {
                closeQuietly(e.getValue());
                return true;
            }
            return false;
        });
    }

    /**
     * The channel of {@code c}: on its interface, or with a virtual MAC on that interface (keepalived
     * sends and receives there: a master's adverts come from the virtual MAC, and a peer's adverts
     * from the same MAC are delivered only to ours), from the base interface's address.
     */
    private Transport.ChannelSpec spec(HaConfig c) {
        String vmac = c.virtualMacInterface();
        if (c.hmac() != null && signer == null) {
            signer = new HmacSigner(c.hmac());
        }
        return new Transport.ChannelSpec(vmac != null ? vmac : c.interfaceName(), c.vrid(), c.version(), c.ipv6(),
                c.unicastSource(), c.unicastPeers(), c.realtimePriority(), vmac != null ? c.interfaceName() : null,
                c.hmac() == null ? null : signer);
    }

    /** A start that failed after the virtual MAC interface was made: it goes, and its name is free again. */
    private void deleteVirtualMacQuietly(AddressManager am, String vmac) {
        try {
            am.deleteVirtualMac(vmac);
        } catch (IOException e) {
            log.debug("{}: deleting {}", name, vmac, e);
        } finally {
            VIRTUAL_MACS.remove(vmac);
        }
    }

    /**
     * On the loop: a live reconfiguration (the caller checked that nothing unchangeable differs). The
     * channel is opened again first if its unicast source or peers changed; if that fails nothing is
     * applied. Then the checks and tracked files (keeping the verdicts of those that stay), the engine.
     *
     * @throws FailoverException if the channel for the new peers cannot be opened (the old one is kept)
     */
    void reconfigure(HaConfig next) {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        if (network != null && !spec(next).equals(spec(config))) {
            Transport t = network.transport();
            closeQuietly(channel);
            Transport.Channel opened;
            try {
                opened = t.open(spec(next), this::onPacket);
            } catch (IOException e) {
                try {
                    channel = t.open(spec(config), this::onPacket);
                } catch (IOException again) {
                    log.error("{}: cannot reopen the previous channel either: {}", name, again.getMessage());
                }
                network = new Network(t, channel, addresses, network.watch());
                throw new FailoverException("cannot reconfigure " + name + ": " + e.getMessage(), e);
            }
            channel = opened;
            network = new Network(t, opened, addresses, network.watch());
            refreshSource();
        }
        config = next;
        if (next.hmac() == null) {
            gate = null;
        } else if (gate == null) {
            gate = new HmacGate(next.hmac(), next);
        } else {
            gate.reconfigure(next.hmac(), next);
        }
        if (signer != null && next.hmac() != null) {
            signer.reconfigure(next.hmac()); // a key rotation: the next advert is signed with the new active key
        }
        late.reconfigure(next);
        board.reconfigure(next);
        health.interfaces(next.trackedInterfaces());
        if (network != null) {
            watchInterfaces(next.trackedInterfaces());
        }
        health.reconfigure(next.healthChecks(), next.trackedFiles());
        drive(new Input.Reconfigure(next));
        forcePublish();
        log.info("{}: reconfigured: {}", name, next);
    }

    /** Any thread: feed {@code input} on the loop. */
    void post(Input input) {
        loop.execute(() -> drive(input));
    }

    /** For the transport: every message for this VRID, on the transport's thread (or the loop's). */
    private void onPacket(ByteBuffer message, RxMeta meta, long arrivalNanos) {
        if (loop.inEventLoop() && !driving && !closed) {
            receive(message, meta, arrivalNanos);
        } else {
            byte[] copy = new byte[message.remaining()];
            message.get(message.position(), copy);
            loop.execute(() -> {
                if (driving) {
                    RxMeta m = gated(ByteBuffer.wrap(copy), meta);
                    if (m != null) {
                        post(new Input.PacketReceived(ByteBuffer.wrap(copy), m, arrivalNanos));
                    }
                } else if (!closed) {
                    receive(ByteBuffer.wrap(copy), meta, arrivalNanos);
                }
            });
        }
    }

    /**
     * auth_hmac's check before the engine sees a packet: the metadata with the verified trailer's
     * length, or null if the packet was dropped (counted and kept among the recent rejections).
     */
    private RxMeta gated(ByteBuffer message, RxMeta meta) {
        HmacGate g = gate;
        if (g == null || meta == null) {
            return meta;
        }
        HmacGate.Verdict v = g.check(message, meta);
        if (v.rejection() != null) {
            router.rejected(v.rejection(), meta, message, v.detail(), loop.nanoTime());
            return null;
        }
        return v.trailerLength() == 0 ? meta : meta.withTrailer(v.trailerLength());
    }

    /** On the loop: one received packet, through auth_hmac's check, to the engine. */
    private void receive(ByteBuffer message, RxMeta received, long arrivalNanos) {
        RxMeta meta = gated(message, received);
        if (meta == null) {
            return;
        }
        {
            // Read on the protocol thread (jna-net's poll loop): handled now, while the buffer is ours,
            // with no input object (a steady advert allocates nothing).
            driving = true;
            long now = loop.nanoTime();
            checkLate(now);
            try {
                carryOut(router.handlePacket(message, meta, arrivalNanos, now));
            } catch (RuntimeException e) {
                log.error("{}: failed handling a packet", name, e);
            } finally {
                driving = false;
                rearm();
                publish();
            }
        }
    }

    /** For the address manager: the virtual MAC interface's address removals (its link follows the base's). */
    private AddressManager.NetworkListener vipListener() {
        return new AddressManager.NetworkListener() {
            @Override
            public void onLinkChange(boolean up) {
            }

            @Override
            public void onAddressRemoved(InetAddress address) {
                post(new Input.VipRemoved(address));
            }
        };
    }

    /** For the address manager: kernel events about the group's interface, on the watcher's thread. */
    private AddressManager.NetworkListener networkListener() {
        return new AddressManager.NetworkListener() {
            @Override
            public void onLinkChange(boolean up) {
                post(new Input.LinkChanged(up));
            }

            @Override
            public void onAddressRemoved(InetAddress address) {
                post(new Input.VipRemoved(address));
                if (address.equals(source)) {
                    loop.execute(GroupDriver.this::refreshSource); // our adverts' source is gone
                }
            }

            @Override
            public void onAddressAdded(InetAddress address) {
                if (source == null) {
                    loop.execute(GroupDriver.this::refreshSource); // perhaps an address to send from again
                }
            }

            @Override
            public void onResync() {
                loop.execute(GroupDriver.this::resync);
            }
        };
    }

    /** On the loop: which address adverts go from now; the engine hears of a change (none: FAULT). */
    private void refreshSource() {
        if (closed || channel == null) {
            return;
        }
        InetAddress now;
        try {
            now = channel.refreshLocalAddress();
        } catch (IOException e) {
            now = null;
            if (source != null) {
                log.warn("{}: {}", name, e.getMessage());
            }
        }
        if (!java.util.Objects.equals(now, source)) {
            source = now;
            drive(new Input.SourceChanged(now));
        }
    }

    /** On the loop: kernel events were lost; read the link and the source again, and a master binds again. */
    private void resync() {
        if (closed || channel == null) {
            return;
        }
        refreshSource();
        try {
            drive(new Input.LinkChanged(addresses.linkUp(config.interfaceName())));
        } catch (IOException e) {
            log.warn("{}: cannot read the link state of {} ({})", name, config.interfaceName(), e.getMessage());
        }
        drive(new Input.Resync());
    }

    /** On the loop: the network is open; health checks first, the election once each has reported. */
    void begin(Network net) {
        if (closed) {
            net.close();
            return;
        }
        network = net;
        channel = net.channel();
        addresses = net.addresses();
        source = channel.localAddress();
        try {
            Warmup.run(config, channel.localAddress(), WARMUPS); // the takeover path, compiled before it is needed
        } catch (RuntimeException e) {
            log.debug("{}: warm-up: {}", name, e.toString());
        }
        watchInterfaces(config.trackedInterfaces());
        long delay = config.startupDelay().toNanos();
        if (delay > 0) {
            log.info("{}: startup delay {} ms before the election", name, delay / 1_000_000);
            loop.schedule(() -> {
                if (!closed) {
                    health.start();
                }
            }, loop.nanoTime() + delay);
        } else {
            health.start();
        }
    }

    /** On the loop: stop gracefully (priority 0, VIPs released, final change) and close everything. */
    void stop() {
        drive(new Input.Stop());
        if (!finalChangeSent) {
            listeners.noFinalChange(); // the election never started: there is no change to deliver
        }
        if (!closed) {
            closed = true;
            health.close();
            interfaceWatches.values().forEach(GroupDriver::closeQuietly);
            interfaceWatches.clear();
            timer.cancel();
            if (network != null) {
                network.close();
            }
            forcePublish();
            board.close();
        }
    }

    // ------------------------------------------------------------------ GroupHealth.Sink

    @Override
    public void changed(Input.HealthChanged h) {
        drive(h);
    }

    @Override
    public void reported() {
        forcePublish();
    }

    @Override
    public void allReported() {
        boolean linkUp;
        try {
            linkUp = addresses.linkUp(config.interfaceName());
        } catch (IOException e) {
            log.warn("{}: cannot read the link state of {} ({}); assuming up", name, config.interfaceName(), e.getMessage());
            linkUp = true;
        }
        drive(new Input.Start(channel.localAddress(), linkUp));
    }

    // ------------------------------------------------------------------ the loop

    private void onTimer() {
        long now = loop.nanoTime();
        checkLate(now);
        if (timerArmed && !observers.isEmpty()) {
            long lateness = Math.max(0, now - timerDeadline);
            for (GroupObserver o : observers) {
                try {
                    o.timerRan(lateness);
                } catch (RuntimeException e) {
                    observerFailed(o, e);
                }
            }
        }
        timerArmed = false;
        drive(Input.Timeout.INSTANCE);
    }

    /** See {@link LateWakeups#check}. */
    private void checkLate(long now) {
        if (timerArmed) {
            late.check(timerDeadline, now);
        }
    }

    /** Feeds one input, carries out the actions in order and feeds back their outcomes, until none is left. */
    private void drive(Input input) {
        if (closed) {
            return;
        }
        if (driving) {
            // An action that fed an input back synchronously: after this one (the router's action
            // list is reused by every handle call).
            loop.execute(() -> drive(input));
            return;
        }
        driving = true;
        checkLate(loop.nanoTime());
        try {
            carryOut(router.handle(input, loop.nanoTime()));
        } catch (RuntimeException e) {
            log.error("{}: failed handling {}", name, input.getClass().getSimpleName(), e);
        } finally {
            driving = false;
            rearm();
            publish();
        }
    }

    /** Carries out {@code actions} in order, feeding back their outcomes until none is left. */
    private void carryOut(List<Action> actions) {
        ArrayDeque<Input> queue = outcomes;
        queue.clear();
        while (true) {
            for (int i = 0; i < actions.size(); i++) {
                Input outcome = perform(actions.get(i));
                if (outcome != null) {
                    queue.add(outcome);
                }
            }
            Input next = queue.poll();
            if (next == null) {
                return;
            }
            actions = router.handle(next, loop.nanoTime());
        }
    }

    /** Carries out one action; returns the input that reports its outcome, or null. */
    private Input perform(Action a) {
        if (a instanceof Action.BindVip bind) {
            return bind(bind);
        }
        try {
            a.accept(this);
            return a.completed();
        } catch (IOException | RuntimeException e) {
            String msg = message(e);
            if (a instanceof Action.SendAdvert) {
                log.debug("{}: advert not sent: {}", name, msg);
            } else {
                log.warn("{}: {} failed: {}", name, a.getClass().getSimpleName(), msg);
            }
            return a.failed(msg);
        }
    }

    /**
     * A bind through {@link AddressManager#addAsync}: its outcome now if the stage is already done
     * (rtnetlink, the testkit), else fed back on the loop when it completes.
     */
    private Input bind(Action.BindVip a) {
        java.util.concurrent.CompletableFuture<Void> f;
        try {
            f = addresses.addAsync(config.addressInterface(), a.vips(), a.lease()).toCompletableFuture();
        } catch (RuntimeException e) {
            f = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        if (f.isDone()) {
            return outcome(a, f);
        }
        java.util.concurrent.CompletableFuture<Void> pending = f;
        f.whenComplete((ok, error) -> loop.execute(() -> drive(outcome(a, pending))));
        return null;
    }

    private Input outcome(Action.BindVip a, java.util.concurrent.CompletableFuture<Void> f) {
        try {
            f.join();
            return a.completed();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            String msg = message(e.getCause() != null ? e.getCause() : e);
            log.warn("{}: binding {} failed: {}", name, a.vips(), msg);
            return a.failed(msg);
        }
    }

    private static String message(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private void rearm() {
        if (closed) {
            return;
        }
        long next = router.nextDeadlineOr(Long.MIN_VALUE);
        if (next == Long.MIN_VALUE && router.nextDeadline().isEmpty()) { // (a real deadline may be MIN_VALUE)
            if (timerArmed) {
                timer.cancel();
                timerArmed = false;
            }
        } else if (!timerArmed || timerDeadline != next) {
            timerArmed = true;
            timerDeadline = next;
            timer.arm(timerDeadline);
        }
    }

    /** After every event: a new status only if something but a counter changed (a steady advert changes none). */
    private void publish() {
        if (published == null || !router.sameStatus(published) || health.version() != publishedHealth) {
            forcePublish();
        }
    }

    private void forcePublish() {
        published = router.snapshot();
        publishedHealth = health.version();
        board.publish(published, health.statuses());
    }

    // ------------------------------------------------------------------ Action.Visitor: the SPIs

    @Override
    public Void sendAdvert(Action.SendAdvert a) throws IOException {
        channel.send(a.packet());
        return null;
    }

    /** Not reached: {@link #perform} hands binds to {@link #bind}, whose outcome may come later. */
    @Override
    public Void bindVip(Action.BindVip a) {
        throw new IllegalStateException("binds go through bind(), not the visitor");
    }

    @Override
    public Void refreshVip(Action.RefreshVip a) throws IOException {
        addresses.add(config.addressInterface(), a.vips(), a.lease());
        return null;
    }

    @Override
    public Void unbindVip(Action.UnbindVip a) throws IOException {
        addresses.remove(config.addressInterface(), a.vips());
        return null;
    }

    @Override
    public Void announceVip(Action.AnnounceVip a) throws IOException {
        addresses.announce(config.addressInterface(), a.vips(), a.count());
        return null;
    }

    @Override
    public Void notifyStateChange(Action.NotifyStateChange a) {
        StateChange change = a.change().withAtMillis(System.currentTimeMillis());
        boolean last = change.current() == HaState.INITIALIZE && change.cause() == Cause.STOPPED;
        finalChangeSent |= last;
        log.info("{}: {}", name, change);
        if (a.takeoverNanos() >= 0) {
            for (GroupObserver o : observers) {
                try {
                    o.tookOver(change.cause(), a.takeoverNanos());
                } catch (RuntimeException e) {
                    observerFailed(o, e);
                }
            }
        }
        board.record(change);
        forcePublish(); // a listener that reads status() sees the state it is told about
        listeners.deliver(change, last);
        if (sync != null) {
            sync.memberChanged(this, change);
        }
        return null;
    }

    @Override
    public Void syncWantsMaster(Action.SyncWantsMaster a) {
        if (sync != null) {
            sync.wantsMaster(this);
        }
        return null;
    }

    @Override
    public Void notifyLowerPriorityMaster(Action.NotifyLowerPriorityMaster a) {
        LowerPriorityMaster event = a.event().withAtMillis(System.currentTimeMillis());
        log.warn("{}: split brain healed: {} was also master; answered and re-announced {}", name, event,
                config.virtualAddresses());
        board.record(event);
        listeners.deliver(event);
        return null;
    }

    @Override
    public Void warn(Action.Warn a) {
        log.warn("{}: {}", name, a.message());
        return null;
    }

    /** Any thread: see {@link HaGroup#addObserver}. */
    void addObserver(GroupObserver o) {
        observers.add(o);
    }

    boolean removeObserver(GroupObserver o) {
        return observers.remove(o);
    }

    private void observerFailed(GroupObserver o, RuntimeException e) {
        if (observerFailed.add(o)) {
            log.warn("{}: observer {} threw (logged once; it is still called): {}", name, o, e.toString());
        }
    }

    static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            log.debug("close failed", e);
        }
    }
}
