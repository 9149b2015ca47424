package dev.failover4j.engine;

import dev.failover4j.Cause;
import dev.failover4j.Counter;
import dev.failover4j.HaConfig;
import dev.failover4j.HaState;
import dev.failover4j.LowerPriorityMaster;
import dev.failover4j.StateChange;
import dev.failover4j.VirtualAddress;
import dev.failover4j.VrrpVersion;
import dev.failover4j.codec.AuthType;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpPacket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One VRRP virtual router (RFC 3768 §6 for v2, RFC 5798 §6 for v3), as a pure state machine.
 *
 * <p>Inputs go in through {@link #handle(Input, long)} with the current monotonic time in
 * nanoseconds; the returned actions must be carried out in order, and their outcomes fed back (see
 * {@link Action}). Times are compared overflow-safely ({@code a - b <= 0}). Not thread-safe: one
 * driver thread owns it.
 *
 * <p>Becoming master is two steps. Entering MASTER sends the first advert and asks for the bind;
 * only when the driver reports {@link Input.VipBound} does the router announce the addresses, take a
 * new epoch and tell listeners. If the bind fails, listeners never hear of that mastership.
 *
 * <p>Where the RFC leaves room the router follows keepalived 2.2.7 ({@code keepalived/vrrp/vrrp.c}):
 * Skew_Time uses the effective priority, Master_Down_Interval counts {@code downTimerAdverts}
 * intervals, a preempt delay starts at the first lower-priority advert, a FAULT router ignores
 * adverts, and leaving MASTER for FAULT or on stop sends one priority-0 advert before the VIPs go.
 * A master that hears a lower-priority router acting as master answers with an advert at once and
 * re-announces the VIP (RFC §6.4.3 only discards it), so the other yields and clients' ARP caches
 * come back without waiting for a timer.
 */
public final class VirtualRouter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Adverts owed after leaving MASTER, one an interval: a lost one is not the end of it. */
    private static final int OWED_ADVERTS = 6;
    /** Split-brain events reach the application at most this often. */
    private static final long LOWER_PRIO_REPORT_NANOS = NANOS_PER_SECOND;

    /** The configuration and what is derived from it: replaced together by a live reconfiguration. */
    private HaConfig config;
    private ReceiveChecks checks;
    private List<VirtualAddress> vips;
    private List<InetAddress> vipAddresses;
    private List<InetAddress> boundAddresses;
    private Duration lease;
    private Action.RefreshVip refresh;
    private int intervalUnits;
    private AuthType authType;
    private byte[] authData;
    private final TimerTable timers = new TimerTable();
    private final Tally tally = new Tally();
    /** The last advert sent, sent again while nothing in it changes. */
    private Action.SendAdvert lastSend;
    /** What {@link #handle} returns, reused. */
    private final ArrayList<Action> actions = new ArrayList<>(8);
    private final Dispatch dispatch = new Dispatch(this);

    private HaState state = HaState.INITIALIZE;
    /** What listeners last heard: lags {@link #state} while a bind is outstanding. */
    private HaState notified = HaState.INITIALIZE;
    private boolean started;
    private boolean stopped;
    private InetAddress localAddress;
    private int basePriority;
    private int adjustment;
    private final FaultSources faults;
    private long masterAdverIntervalUnits;
    private InetAddress masterAddress;
    private int masterPriority;
    private long epoch;
    /** When this backup last heard its master (an advert, or a priority-0 advert), or entered BACKUP. */
    private long lastMasterSign;
    /** The bind whose outcome is awaited (0: none), and what to tell listeners when it succeeds. */
    private long pendingBind;
    private long bindSeq;
    private Cause pendingCause;
    private Reason pendingReason;
    /** Preempt delay: when lower-priority adverts stop being accepted; armed at the first one. */
    private boolean preemptDelayRunning;
    private long preemptAt;
    /** After demote(): accept any master (as nopreempt) until we are master again on our own. */
    private boolean holdingOffPreemption;
    /** Every other router whose adverts were accepted (at most 255 of them): two mean a third router, for the settle. */
    private final java.util.Set<InetAddress> routersHeard = new java.util.HashSet<>();
    /** Backup: how irregularly the master's adverts arrive (its lateness and ours), for the takeover settle. */
    private final ArrivalJitter jitter = new ArrivalJitter();
    /** Backup: what the Master_Down timer is running for (null: silence since the last accepted advert). */
    private Cause downCause;
    private Reason downReason;
    /** Until when the kernel keeps the bound VIP without a refresh (with a lease). */
    private long leaseValidUntil;
    /**
     * We announced the VIP and left MASTER, perhaps where the other side could not hear (cut off, a
     * fault, a lost packet): the masters we hear get {@value #OWED_ADVERTS} adverts of ours, one an
     * interval; each that arrives makes the master re-announce the VIP to clients that may still
     * point at us. (Whether one arrived cannot be told from the master's adverts: after a stall a
     * periodic one looks like an answer.)
     */
    private int owedAdverts;
    private long owedPaidAt;
    /** When we last re-announced the VIP because a lower-priority router acted as master. */
    private boolean lowerPrioAnnounced;
    private long lastLowerPrioAnnounce;
    /** Split-brain events: adverts from lower-priority masters not yet reported, and when the last report went out. */
    private long lowerPrioUnreported;
    private boolean lowerPrioReported;
    private long lastLowerPrioReport;
    /**
     * Sync group: the Master_Down timer ran out since the last accepted advert, and the takeover
     * waits for every member to want it too (with what it would have said).
     */
    private boolean wantsMaster;
    private Cause wantCause;
    private Reason wantReason;
    /** Consecutive failed binds: the retry waits Master_Down_Interval × 2^n, at most a minute. */
    private int bindFailures;

    /** A router for {@code config} (made by {@code HaGroup.Builder#buildConfig()}). */
    public VirtualRouter(HaConfig config) {
        derive(Objects.requireNonNull(config, "config"));
        this.basePriority = config.priority();
        this.masterAdverIntervalUnits = intervalUnits;
        this.faults = new FaultSources(config.interfaceName(), config.ipv6());
    }

    /** Sets the configuration and everything derived from it. */
    private void derive(HaConfig c) {
        this.config = c;
        this.checks = new ReceiveChecks(c);
        // bound, released and announced: the virtual addresses and the excluded ones; advertised: the virtual ones
        List<VirtualAddress> bound = new ArrayList<>(c.virtualAddresses());
        bound.addAll(c.excludedAddresses());
        this.vips = List.copyOf(bound);
        this.vipAddresses = c.virtualAddresses().stream().map(VirtualAddress::address).toList();
        this.boundAddresses = vips.stream().map(VirtualAddress::address).toList();
        // The owner's addresses are its own (RFC 3768/5798 §6.4.1): never leased, so a crash cannot take them away.
        this.lease = c.vipLease().isZero() || c.owner() ? null : c.vipLease();
        this.refresh = lease == null ? null : new Action.RefreshVip(vips, lease);
        this.intervalUnits = ReceiveChecks.intervalUnits(c);
        this.authType = ReceiveChecks.authType(c);
        this.authData = ReceiveChecks.authData(c);
        this.lastSend = null;
    }

    /**
     * What a live reconfiguration may not change, one line per field (empty: it may be applied):
     * the group's identity on the wire and in the kernel.
     */
    public static List<String> unchangeable(HaConfig from, HaConfig to) {
        List<String> problems = new ArrayList<>();
        if (!from.interfaceName().equals(to.interfaceName())) {
            problems.add("interfaceName: " + from.interfaceName() + " -> " + to.interfaceName()
                    + " cannot change live (close the group and start one on the new interface)");
        }
        if (from.vrid() != to.vrid()) {
            problems.add("vrid: " + from.vrid() + " -> " + to.vrid() + " cannot change live (it is the group's identity on the wire)");
        }
        if (from.version() != to.version()) {
            problems.add("vrrpVersion: " + from.version().number() + " -> " + to.version().number()
                    + " cannot change live (peers would drop our adverts)");
        }
        if (from.ipv6() != to.ipv6()) {
            problems.add("virtualAddress: the family changes (" + (from.ipv6() ? "IPv6" : "IPv4") + " -> "
                    + (to.ipv6() ? "IPv6" : "IPv4") + "); it cannot change live");
        }
        if (!Objects.equals(from.virtualMacInterface(), to.virtualMacInterface())) {
            problems.add("useVirtualMac: " + Objects.requireNonNullElse(from.virtualMacInterface(), "off") + " -> "
                    + Objects.requireNonNullElse(to.virtualMacInterface(), "off")
                    + " cannot change live (the addresses would move to another interface)");
        }
        if (!Objects.equals(from.syncGroup(), to.syncGroup())) {
            problems.add("syncGroup: " + from.syncGroup() + " -> " + to.syncGroup()
                    + " cannot change live (the members decide their state together; close the group and start it"
                    + " in the new sync group)");
        }
        if (from.owner() != to.owner()) {
            problems.add("priority: " + from.priority() + " -> " + to.priority()
                    + " moves to or from 255 (the address owner); that cannot change live");
        }
        return problems;
    }

    // ------------------------------------------------------------------ handle_*

    /**
     * Feeds one input at time {@code now} (monotonic nanoseconds) and returns the actions to carry
     * out, in order. The list is the router's own, reused by the next call (a steady advert allocates
     * no list): carry the actions out, or copy them, before feeding the next input.
     */
    public List<Action> handle(Input input, long now) {
        Objects.requireNonNull(input, "input");
        List<Action> out = actions;
        out.clear();
        if (!stopped) {
            leaseCheck(now, out);
            dispatch.handle(input, now, out);
        }
        return out;
    }

    // ------------------------------------------------------------------ the handlers (called by Dispatch)

    /** RFC 3768/5798 §6.4.1 Initialize. Inputs before it only set what they describe. */
    void onStart(Input.Start s, long now, List<Action> out) {
        if (started) {
            return;
        }
        started = true;
        localAddress = s.localAddress();
        faults.link(s.linkUp()); // read on the driver's thread when Start was fed: newer than any remembered event
        if (!config.owner()) {
            // A configured VIP left behind (a crash, a hand-made `ip addr add`) goes before the election,
            // as keepalived does. An owner's addresses may be the interface's own: not touched at start.
            out.add(new Action.UnbindVip(vips));
        }
        if (faults.any()) {
            enterFault(now, out, faults.cause(), faults.reason());
        } else if (config.owner()) {
            becomeMaster(now, out, Cause.ADDRESS_OWNER, Reason.text("priority 255: address owner"));
        } else {
            enterBackup(now, out, Cause.STARTED, "started with priority " + effectivePriority());
        }
    }

    /** §6.4.3 Shutdown (any state). */
    void onStop(long now, List<Action> out) {
        if (!started) {
            return;
        }
        if (state == HaState.MASTER) {
            sendAdvert(VrrpPacket.PRIORITY_STOP, out);
            out.add(new Action.UnbindVip(vips));
        }
        timers.disarmAll();
        pendingBind = 0;
        stopped = true;
        state = HaState.INITIALIZE;
        notify(HaState.INITIALIZE, Cause.STOPPED, "close() called", now, out);
    }

    /** Every timer due at {@code now}, in {@link Timer} order; early is a no-op. */
    /**
     * Before any input: if we stalled past the VIP's lease, the kernel has removed it. Bind it again
     * (announced once bound); until then nothing announces it.
     */
    private void leaseCheck(long now, List<Action> out) {
        if (started && state == HaState.MASTER && notified == HaState.MASTER && pendingBind == 0 && lease != null
                && now - leaseValidUntil >= 0) {
            out.add(new Action.Warn("no lease refresh for " + (now - leaseValidUntil + lease.toNanos()) / 1_000_000
                    + " ms (the process stalled?): the kernel removed the VIP; adding it back"));
            requestBind(pendingCause, pendingReason, out);
        }
    }

    void onTimeout(long now, List<Action> out) {
        for (Timer due; started && (due = timers.pollDue(now)) != null; ) {
            fire(due, now, out);
        }
    }

    private void fire(Timer t, long now, List<Action> out) {
        switch (t) {
            case MASTER_DOWN -> {
                if (state == HaState.BACKUP) {
                    holdingOffPreemption = false;
                    Cause cause = downCause != null ? downCause : Cause.MASTER_DOWN;
                    Reason reason = downCause != null ? downReason : Reason.masterDown(masterAddress, masterPriority,
                            masterDownNanos(), config.downTimerAdverts(), masterAdverNanos(), skewNanos());
                    if (config.syncGroup() != null) {
                        // keepalived's vrrp_sync_can_goto_master: MASTER only together; ask the group,
                        // and until it answers keep timing (an advert heard meanwhile cancels the wish).
                        if (!wantsMaster) {
                            wantsMaster = true;
                            wantCause = cause;
                            wantReason = reason;
                            out.add(new Action.SyncWantsMaster());
                        }
                        timers.arm(Timer.MASTER_DOWN, now + masterDownNanos());
                    } else {
                        becomeMaster(now, out, cause, reason);
                    }
                }
            }
            case TAKEOVER_SETTLE -> {
                if (state == HaState.MASTER && pendingBind == 0 && notified != HaState.MASTER) {
                    requestBind(pendingCause, pendingReason, out);
                }
            }
            case ADVERT -> {
                if (state == HaState.MASTER) {
                    sendAdvert(effectivePriority(), out);
                    // Every Advertisement_Interval from the last deadline, not from when the thread woke:
                    // a wake-up's usual delay does not add up advert after advert. After a real stall
                    // (later than a tenth of the interval, or 1 ms), from now: no short interval to
                    // catch up.
                    long last = timers.lastDeadline(Timer.ADVERT);
                    boolean stalled = now - last > Math.max(1_000_000L, advertNanos() / 10);
                    timers.arm(Timer.ADVERT, (stalled ? now : last) + advertNanos());
                }
            }
            case GARP_REPEAT -> {
                if (vipBound()) {
                    out.add(new Action.AnnounceVip(vips, config.garpMasterRepeat()));
                }
            }
            case GARP_REFRESH -> {
                if (state == HaState.MASTER) {
                    if (vipBound()) {
                        out.add(new Action.AnnounceVip(vips, config.garpMasterRefreshRepeat()));
                    }
                    timers.arm(Timer.GARP_REFRESH, now + config.garpMasterRefresh().toNanos());
                }
            }
            case LEASE_REFRESH -> {
                if (vipBound() && lease != null) {
                    out.add(refresh); // the same action every time: a steady master allocates nothing
                    leaseValidUntil = now + lease.toNanos();
                    timers.arm(Timer.LEASE_REFRESH, now + leaseRefreshNanos());
                }
            }
            case FAULT_RETRY -> {
                if (faults.bindFailed()) {
                    faults.bindFailed(false);
                    leaveFaultIfClear(now, out, "retrying after the VIP could not be bound");
                    // Do not knock a healthy master off just to fail again: take over only if no master is heard.
                    holdingOffPreemption = state == HaState.BACKUP;
                }
            }
            case UNBIND_RETRY -> {
                if (state != HaState.MASTER) {
                    out.add(new Action.UnbindVip(vips));
                }
            }
        }
    }

    /**
     * The same as {@code handle(new Input.PacketReceived(message, meta, arrivalNanos), now)} without the
     * input object, for a driver that reads packets on the router's thread: a steady advert allocates
     * nothing. {@code message} is read before this returns; the list is reused as by {@link #handle}.
     */
    public List<Action> handlePacket(ByteBuffer message, RxMeta meta, long arrivalNanos, long now) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(meta, "meta");
        List<Action> out = actions;
        out.clear();
        if (!stopped) {
            leaseCheck(now, out);
            onPacket(message, meta, Input.PacketReceived.arrival(arrivalNanos, now), now, out);
        }
        return out;
    }

    /**
     * A packet the driver dropped before the engine (auth_hmac's check): counted by reason and kept
     * among the recent rejections, as the engine's own drops are.
     *
     * @param reason  why
     * @param meta    its metadata
     * @param message its IP payload
     * @param detail  why, in words
     * @param now     the loop's clock
     */
    public void rejected(dev.failover4j.Rejection reason, RxMeta meta, ByteBuffer message, String detail, long now) {
        tally.reject(reason);
        tally.rejected(meta.source(), message, reason, detail, now);
    }

    /** §7.1 receive checks, then §6.4.2 / §6.4.3 by state. */
    void onPacket(Input.PacketReceived p, long now, List<Action> out) {
        onPacket(p.message(), p.meta(), p.arrival(now), now, out);
    }

    private void onPacket(ByteBuffer message, RxMeta meta, long at, long now, List<Action> out) {
        if (!started) {
            return;
        }
        VrrpPacket packet = checks.accept(message, meta, tally, out, now);
        if (packet == null) {
            return;
        }
        tally.add(Counter.ADVERTS_RECEIVED);
        tally.heard(meta.source(), packet.priority(), packet.intervalUnits() * config.version().nanosPerIntervalUnit(), at);
        if (routersHeard.size() < 255 && !meta.source().equals(localAddress)) {
            routersHeard.add(meta.source());
        }
        if (packet.priority() == VrrpPacket.PRIORITY_STOP) {
            tally.add(Counter.PRIORITY_ZERO_RECEIVED);
        }
        switch (state) {
            case BACKUP -> backupReceives(packet, meta.source(), at, out);
            case MASTER -> masterReceives(packet, meta.source(), at, out);
            default -> {
                // FAULT (and INITIALIZE) ignore adverts, as keepalived does.
            }
        }
    }

    /** RFC 3768 §6.4.2 / RFC 5798 §6.4.2: Backup receives an ADVERTISEMENT. */
    private void backupReceives(VrrpPacket packet, InetAddress source, long now, List<Action> out) {
        int prio = packet.priority();
        if (prio == VrrpPacket.PRIORITY_STOP) {
            // The master is leaving: take over after Skew_Time only.
            lastMasterSign = now;
            timers.arm(Timer.MASTER_DOWN, now + skewNanos());
            downCause = Cause.MASTER_LEFT;
            downReason = Reason.masterLeft(source, skewNanos(), effectivePriority());
            return;
        }
        int ours = effectivePriority();
        boolean accept = !config.preempt() || holdingOffPreemption || prio >= ours;
        if (!accept && !config.preemptDelay().isZero()) {
            // keepalived: the delay starts at the first lower-priority advert; until it expires they count.
            if (!preemptDelayRunning) {
                preemptDelayRunning = true;
                preemptAt = now + config.preemptDelay().toNanos();
            }
            accept = now - preemptAt < 0;
        }
        if (prio >= ours) {
            preemptDelayRunning = false;
        }
        if (!accept) {
            // Lower priority and we preempt: discard; Master_Down_Timer keeps running and we take over.
            if (downCause != Cause.MASTER_LEFT) {
                downCause = Cause.PREEMPTED;
                downReason = Reason.preempting(source, prio, ours, masterDownNanos(), config.downTimerAdverts(),
                        masterAdverNanos(), skewNanos());
            }
            return;
        }
        if (config.version() == VrrpVersion.V3) {
            masterAdverIntervalUnits = packet.intervalUnits();
        }
        jitter.arrived(source, now, masterAdverNanos());
        masterAddress = source;
        masterPriority = prio;
        downCause = null;
        wantsMaster = false;
        lastMasterSign = now;
        timers.arm(Timer.MASTER_DOWN, now + masterDownNanos());
        if (owedAdverts > 0 && now - owedPaidAt >= masterAdverNanos() && ours <= prio) {
            // We announced the VIP and left MASTER: this master hears a lower-priority master and
            // re-announces the VIP to clients whose caches may still point at us. Never from a higher
            // priority: that would preempt it. At equal priority the address decides, as between two
            // masters: either it re-announces, or it yields and we announce.
            owedAdverts--;
            owedPaidAt = now;
            sendAdvert(ours, out);
        }
    }

    /** RFC 3768 §6.4.3 / RFC 5798 §6.4.3: Master receives an ADVERTISEMENT. */
    private void masterReceives(VrrpPacket packet, InetAddress source, long now, List<Action> out) {
        int prio = packet.priority();
        if (prio == VrrpPacket.PRIORITY_STOP) {
            // Another router thought it was master and is leaving: assert ourselves at once (RFC §6.4.3),
            // and re-announce, since clients may have followed its announcements.
            sendAdvert(effectivePriority(), out);
            timers.arm(Timer.ADVERT, now + advertNanos());
            reannounce(now, out);
            return;
        }
        int ours = effectivePriority();
        int cmp = compareUnsigned(source, localAddress);
        boolean higher = prio > ours || (prio == ours && cmp > 0);
        if (!higher) {
            if (prio == ours && cmp == 0) {
                out.add(new Action.Warn("advert with our own address " + source.getHostAddress()
                        + " and our priority: is another router configured with this address?"));
                return;
            }
            // The RFC discards it. But a lower-priority router that sends adverts believes it is master
            // and has announced the VIP: clients' ARP caches may point at it. Like keepalived, answer
            // with an advert at once (it yields now, not at our next advert), and re-announce the VIP
            // (keepalived's garp_lower_prio_repeat) at most once per advert interval.
            sendAdvert(ours, out);
            timers.arm(Timer.ADVERT, now + advertNanos());
            reannounce(now, out);
            lowerPriorityMaster(source, prio, ours, now, out);
            return;
        }
        if (config.version() == VrrpVersion.V3) {
            masterAdverIntervalUnits = packet.intervalUnits();
        }
        if (config.higherPrioritySendAdvert()) {
            // keepalived's higher_prio_send_advert: one more advert, so that a master which has not yet
            // heard of us (a healed split) hears a lower-priority master and re-announces the VIP; more
            // follow on its next adverts, in case this one is lost.
            oweAdverts();
            owedAdverts--;
            owedPaidAt = now;
            sendAdvert(ours, out);
        }
        leaveMaster(out);
        state = HaState.BACKUP;
        masterAddress = source;
        masterPriority = prio;
        downCause = null;
        lastMasterSign = now;
        timers.arm(Timer.MASTER_DOWN, now + masterDownNanos());
        notify(HaState.BACKUP, Cause.HIGHER_PRIORITY_MASTER, "advert from " + source.getHostAddress()
                + " with priority " + prio + (prio == ours ? " (equal, higher address)" : "") + ", ours " + ours, now, out);
    }

    /**
     * keepalived's notify_master_rx_lower_pri: counted always, told to the application at most once
     * a second (a peer on a one-way link sends one every interval for as long as it lasts).
     */
    private void lowerPriorityMaster(InetAddress source, int prio, int ours, long now, List<Action> out) {
        tally.add(Counter.LOWER_PRIORITY_MASTER_ADVERTS);
        lowerPrioUnreported++;
        if (lowerPrioReported && now - lastLowerPrioReport < LOWER_PRIO_REPORT_NANOS) {
            return;
        }
        lowerPrioReported = true;
        lastLowerPrioReport = now;
        out.add(new Action.NotifyLowerPriorityMaster(
                new LowerPriorityMaster(source, prio, ours, epoch, lowerPrioUnreported, now, 0L)));
        lowerPrioUnreported = 0;
    }

    /**
     * Another router acted as master: clients' ARP caches may point at it. Announce the VIP now and
     * once more after garpMasterDelay (keepalived's garp_lower_prio_repeat and _delay: a client that
     * took the other's announcement less than a second ago ignores ours), at most once per interval.
     */
    private void reannounce(long now, List<Action> out) {
        if (!vipBound() || (lowerPrioAnnounced && now - lastLowerPrioAnnounce < advertNanos())) {
            return;
        }
        lowerPrioAnnounced = true;
        lastLowerPrioAnnounce = now;
        out.add(new Action.AnnounceVip(vips, config.garpMasterRepeat()));
        if (!config.garpMasterDelay().isZero()) {
            timers.arm(Timer.GARP_REPEAT, now + config.garpMasterDelay().toNanos());
        }
    }

    /** keepalived's track_script: weights move the priority, a failing weight-0 check is FAULT. */
    void onHealth(Input.HealthChanged h, long now, List<Action> out) {
        int before = effectivePriority();
        boolean wasFault = faults.any();
        adjustment = h.priorityAdjustment();
        faults.health(h.fault(), h.reason());
        if (!faultChanged(wasFault, now, out, Cause.HEALTH_FAULT, h.reason(), h.reason()) && effectivePriority() != before) {
            priorityChanged(now, out);
        }
    }

    /** keepalived: an interface without link is FAULT. */
    void onLink(boolean up, long now, List<Action> out) {
        boolean wasFault = faults.any();
        faults.link(up);
        faultChanged(wasFault, now, out, Cause.LINK_DOWN, faults.linkReason(false), faults.linkReason(true));
    }

    /**
     * The interface's own address changed (keepalived: another address of the interface, or the
     * instance down until one returns). Null: none left, FAULT.
     */
    void onSourceChanged(InetAddress source, long now, List<Action> out) {
        boolean wasFault = faults.any();
        faults.source(source == null);
        if (source != null) {
            localAddress = source;
            if (state == HaState.MASTER) {
                masterAddress = source;
            }
        }
        faultChanged(wasFault, now, out, Cause.NO_SOURCE_ADDRESS, faults.noSourceReason(),
                source == null ? "" : config.interfaceName() + " has an address again: " + source.getHostAddress());
    }

    /** After one fault source changed: FAULT if it is the first, out of FAULT if it was the last. Whether either. */
    private boolean faultChanged(boolean wasFault, long now, List<Action> out, Cause cause, String entering, String leaving) {
        if (!started || wasFault == faults.any()) {
            return false;
        }
        if (faults.any()) {
            enterFault(now, out, cause, entering);
        } else {
            leaveFaultIfClear(now, out, leaving);
        }
        return true;
    }

    /** Kernel events may have been lost: a master binds its addresses again, in case one was removed. */
    void onResync(List<Action> out) {
        if (started && state == HaState.MASTER && notified == HaState.MASTER && pendingBind == 0) {
            requestBind(pendingCause, pendingReason, out);
        }
    }

    /** A master's address removed from outside: bound again (keepalived re-adds it too). */
    void onVipRemoved(Input.VipRemoved v, List<Action> out) {
        if (!started || state != HaState.MASTER || !boundAddresses.contains(v.address())) {
            return;
        }
        out.add(new Action.Warn("virtual address " + v.address().getHostAddress() + " was removed from "
                + config.interfaceName() + " by someone else while master; adding it back"));
        // A new bind; one still outstanding may have landed before the removal, so its outcome no longer counts.
        requestBind(pendingCause, pendingReason, out);
    }

    /** The bind succeeded: announce the addresses; the first time, a new epoch and MASTER for listeners. */
    void onVipBound(long bindId, long now, List<Action> out) {
        if (bindId != pendingBind || pendingBind == 0) {
            if (state != HaState.MASTER) {
                // An abandoned bind landed after we left MASTER (an asynchronous binder): take it off again.
                out.add(new Action.UnbindVip(vips));
            }
            return;
        }
        pendingBind = 0;
        bindFailures = 0;
        owedAdverts = 0;
        out.add(new Action.AnnounceVip(vips, config.garpMasterRepeat()));
        if (lease != null) {
            leaseValidUntil = now + lease.toNanos();
            timers.arm(Timer.LEASE_REFRESH, now + leaseRefreshNanos());
        }
        if (notified == HaState.MASTER) {
            return;
        }
        epoch++;
        tally.add(Counter.BECAME_MASTER);
        if (!config.garpMasterDelay().isZero()) {
            timers.arm(Timer.GARP_REPEAT, now + config.garpMasterDelay().toNanos());
        }
        if (!config.garpMasterRefresh().isZero()) {
            timers.arm(Timer.GARP_REFRESH, now + config.garpMasterRefresh().toNanos());
        }
        notify(HaState.MASTER, pendingCause, pendingReason.text(), now, out);
    }

    /** The bind failed: FAULT (listeners never saw that mastership), and try again after a backoff. */
    void onVipBindFailed(long bindId, String error, long now, List<Action> out) {
        if (bindId == pendingBind && pendingBind != 0) {
            pendingBind = 0;
            bindFailure(now, out, error);
        }
    }

    void onSendFailed() {
        tally.add(Counter.SEND_ERRORS);
    }

    /** A lease that cannot be renewed ends with the kernel removing the VIP: as a failed bind. */
    void onRefreshFailed(String error, long now, List<Action> out) {
        bindFailure(now, out, "lease refresh failed: " + error);
    }

    /** A VIP left bound outside MASTER is a duplicate address: keep trying (the lease also ends it). */
    void onUnbindFailed(String error, long now, List<Action> out) {
        if (state != HaState.MASTER) {
            if (!timers.armed(Timer.UNBIND_RETRY)) {
                out.add(new Action.Warn("removing " + vips + " failed: " + error + "; retrying every second"));
            }
            timers.arm(Timer.UNBIND_RETRY, now + NANOS_PER_SECOND);
        }
    }

    void onSetPriority(int priority, long now, List<Action> out) {
        int before = effectivePriority();
        basePriority = checkPriority(priority);
        if (started && effectivePriority() != before) {
            priorityChanged(now, out);
        }
    }

    /** keepalived's vrrp_sync_group: what another member's change means for this one. */
    void onSync(Input.Sync s, long now, List<Action> out) {
        switch (s.kind()) {
            case FAULT -> {
                boolean wasFault = faults.any();
                faults.sync(s.fault(), s.reason());
                faultChanged(wasFault, now, out, Cause.SYNC_GROUP, s.reason(), s.reason());
            }
            case BACKUP -> {
                if (!started || state != HaState.MASTER || config.owner()) {
                    return;
                }
                // Leave with a priority-0 advert, as on a demote: the other side's member takes over
                // after Skew_Time, not Master_Down_Interval.
                oweAdverts();
                sendAdvert(VrrpPacket.PRIORITY_STOP, out);
                leaveMaster(out);
                masterAdverIntervalUnits = intervalUnits;
                enterBackup(now, out, Cause.SYNC_GROUP, s.reason());
            }
            case MASTER -> {
                if (started && state == HaState.BACKUP && wantsMaster) {
                    wantsMaster = false;
                    becomeMaster(now, out, wantCause, wantReason.withSyncGroup(config.syncGroup()));
                }
            }
        }
    }

    /** Sync group: whether this router's Master_Down ran out and it waits for the others to want MASTER too. */
    public boolean wantsMaster() {
        return wantsMaster && state == HaState.BACKUP;
    }

    /** Whether this router is in FAULT for a reason of its own, not only its sync group's. */
    public boolean ownFault() {
        return faults.own();
    }

    /**
     * keepalived's reload, without its failovers: the new configuration applies at once; a master
     * stays master (unless its new priority is below a peer's, when that peer preempts as usual),
     * binds and announces added addresses, releases removed ones, and tells the backups its new
     * priority and interval with an advert now. Never a state change, never a priority-0 advert.
     */
    void onReconfigure(HaConfig next, long now, List<Action> out) {
        List<String> refused = unchangeable(config, next);
        if (!refused.isEmpty()) {
            out.add(new Action.Warn("reconfiguration refused: " + String.join("; ", refused)));
            return;
        }
        int before = effectivePriority();
        List<VirtualAddress> oldVips = vips;
        Duration oldLease = lease;
        int oldUnits = intervalUnits;
        derive(next);
        basePriority = next.priority();
        if (!started || stopped) {
            masterAdverIntervalUnits = intervalUnits;
            return;
        }
        List<VirtualAddress> removed = new ArrayList<>(oldVips);
        removed.removeAll(vips);
        boolean added = !oldVips.containsAll(vips);
        boolean intervalChanged = oldUnits != intervalUnits;
        if (state == HaState.MASTER) {
            masterAdverIntervalUnits = intervalUnits;
            masterPriority = effectivePriority();
            if (!removed.isEmpty()) {
                out.add(new Action.UnbindVip(removed));
            }
            if (effectivePriority() != before || intervalChanged || added || !removed.isEmpty()) {
                // The backups learn the new priority, interval (v3 backups adopt it) and address list now.
                sendAdvert(effectivePriority(), out);
                timers.arm(Timer.ADVERT, now + advertNanos());
            }
            if (pendingBind == 0 && (added || !Objects.equals(oldLease, lease))) {
                // Every address again (added ones new, the others renewed with the new lease), the added
                // ones first: a client of a new address waits for no renewal. The outcome announces them.
                // A failure is a bind failure: FAULT, retried.
                List<VirtualAddress> addedFirst = new ArrayList<>(vips.size());
                for (VirtualAddress v : vips) {
                    if (!oldVips.contains(v)) {
                        addedFirst.add(v);
                    }
                }
                for (VirtualAddress v : vips) {
                    if (oldVips.contains(v)) {
                        addedFirst.add(v);
                    }
                }
                requestBind(pendingCause, pendingReason, addedFirst, out);
            }
            if (config.garpMasterRefresh().isZero()) {
                timers.disarm(Timer.GARP_REFRESH);
            } else if (!timers.armed(Timer.GARP_REFRESH)) {
                timers.arm(Timer.GARP_REFRESH, now + config.garpMasterRefresh().toNanos());
            }
            if (lease == null) {
                timers.disarm(Timer.LEASE_REFRESH);
            }
        } else if (state == HaState.BACKUP) {
            if (config.version() == VrrpVersion.V2 || intervalChanged && masterAddress == null) {
                masterAdverIntervalUnits = intervalUnits; // v2: every router's interval is the configured one
            }
            if (intervalChanged && config.version() == VrrpVersion.V2 && timers.armed(Timer.MASTER_DOWN)) {
                timers.arm(Timer.MASTER_DOWN, now + masterDownNanos());
            }
        }
    }

    /** Binding (or keeping) the VIP failed while master: FAULT, and try again after a backoff. */
    private void bindFailure(long now, List<Action> out, String error) {
        if (state != HaState.MASTER) {
            return;
        }
        faults.bindFailed(true);
        oweAdverts();
        // Whatever went on the interface comes off; others must not wait Master_Down_Interval for us.
        sendAdvert(VrrpPacket.PRIORITY_STOP, out);
        out.add(new Action.UnbindVip(vips));
        timers.disarmAll();
        pendingBind = 0;
        state = HaState.FAULT;
        masterAddress = null;
        long backoff = masterDownNanos() << Math.min(bindFailures, 6);
        bindFailures++;
        timers.arm(Timer.FAULT_RETRY, now + Math.min(backoff, Math.max(60 * NANOS_PER_SECOND, masterDownNanos())));
        if (notified != HaState.FAULT) {
            notify(HaState.FAULT, Cause.VIP_BIND_FAILED, error, now, out);
        } else {
            out.add(new Action.Warn("binding the VIP failed again: " + error));
        }
    }

    /** Hand over now (priority 0) and do not preempt until master again on our own. */
    void onDemote(long now, List<Action> out) {
        if (!started || state != HaState.MASTER || config.owner()) {
            return; // the owner's role is fixed by configuration
        }
        oweAdverts();
        sendAdvert(VrrpPacket.PRIORITY_STOP, out);
        leaveMaster(out);
        state = HaState.BACKUP;
        masterAddress = null;
        holdingOffPreemption = true;
        masterAdverIntervalUnits = intervalUnits;
        downCause = null;
        timers.arm(Timer.MASTER_DOWN, now + masterDownNanos());
        notify(HaState.BACKUP, Cause.DEMOTED, "demote() called; not preempting until master again", now, out);
    }

    // ------------------------------------------------------------------ transitions

    /** Enter MASTER on the wire: the advert first (the old master drops the VIP), then the bind (keepalived's order). */
    private void becomeMaster(long now, List<Action> out, Cause cause, Reason reason) {
        timers.disarm(Timer.MASTER_DOWN);
        timers.disarm(Timer.FAULT_RETRY);
        timers.disarm(Timer.UNBIND_RETRY);
        preemptDelayRunning = false;
        sendAdvert(effectivePriority(), out);
        state = HaState.MASTER;
        masterAddress = localAddress;
        masterPriority = effectivePriority();
        masterAdverIntervalUnits = intervalUnits;
        timers.arm(Timer.ADVERT, now + advertNanos());
        boolean contested = cause == Cause.MASTER_DOWN || cause == Cause.MASTER_LEFT || cause == Cause.PREEMPTED;
        long settle = settleNanos();
        if (contested && settle > 0) {
            // Other backups' timers ran out at nearly the same moment (VRRPv3 Skew_Time differs by
            // Master_Adver_Interval/256 per priority step, less than a machine's scheduling jitter): our
            // advert is out, and a higher-priority one arriving in the settle makes us yield before we
            // ever hold the VIP.
            pendingCause = cause;
            pendingReason = reason.withSettle(settle);
            timers.arm(Timer.TAKEOVER_SETTLE, now + settle);
        } else {
            requestBind(cause, reason, out);
        }
    }

    private void requestBind(Cause cause, Reason reason, List<Action> out) {
        requestBind(cause, reason, vips, out);
    }

    /** Binds {@code order} (the group's addresses, in the order they are to be added). */
    private void requestBind(Cause cause, Reason reason, List<VirtualAddress> order, List<Action> out) {
        pendingBind = ++bindSeq;
        pendingCause = cause;
        pendingReason = reason;
        out.add(new Action.BindVip(order, lease, pendingBind));
    }

    /** Leave MASTER: its timers stop, so a demoted node never announces, and the addresses come off. */
    private void leaveMaster(List<Action> out) {
        if (timers.armed(Timer.TAKEOVER_SETTLE)) {
            tally.add(Counter.TAKEOVERS_ABANDONED);
        }
        timers.disarm(Timer.TAKEOVER_SETTLE);
        timers.disarm(Timer.ADVERT);
        timers.disarm(Timer.GARP_REPEAT);
        timers.disarm(Timer.GARP_REFRESH);
        timers.disarm(Timer.LEASE_REFRESH);
        pendingBind = 0;
        out.add(new Action.UnbindVip(vips));
    }

    private void enterBackup(long now, List<Action> out, Cause cause, String reason) {
        state = HaState.BACKUP;
        downCause = null;
        wantsMaster = false;
        preemptDelayRunning = false; // keepalived clears preempt_time on entering BACKUP
        masterAddress = null;
        masterAdverIntervalUnits = intervalUnits;
        lastMasterSign = now;
        timers.arm(Timer.MASTER_DOWN, now + masterDownNanos());
        notify(HaState.BACKUP, cause, reason, now, out);
    }

    private void enterFault(long now, List<Action> out, Cause cause, String reason) {
        oweAdverts();
        if (state == HaState.MASTER) {
            sendAdvert(VrrpPacket.PRIORITY_STOP, out);
            out.add(new Action.UnbindVip(vips));
        }
        timers.disarmAll();
        pendingBind = 0;
        state = HaState.FAULT;
        masterAddress = null;
        notify(HaState.FAULT, cause, reason, now, out);
    }

    private void leaveFaultIfClear(long now, List<Action> out, String reason) {
        if (state != HaState.FAULT || faults.any()) {
            return;
        }
        if (config.owner()) {
            becomeMaster(now, out, Cause.FAULT_CLEARED, Reason.text(reason + "; address owner"));
        } else {
            enterBackup(now, out, Cause.FAULT_CLEARED, reason);
        }
    }

    private void priorityChanged(long now, List<Action> out) {
        if (state == HaState.MASTER) {
            // Tell the backups now rather than at the next advert: a preempting backup starts discarding sooner.
            masterPriority = effectivePriority();
            sendAdvert(effectivePriority(), out);
            timers.arm(Timer.ADVERT, now + advertNanos());
        }
    }

    private void sendAdvert(int priority, List<Action> out) {
        Action.SendAdvert send = lastSend;
        if (send == null || send.packet().priority() != priority || send.packet().intervalUnits() != intervalUnits) {
            // Adverts and their actions are immutable: a master sends the same one every interval.
            VrrpPacket p = new VrrpPacket(config.version(), config.vrid(), priority, intervalUnits, vipAddresses,
                    authType.code(), config.version() == VrrpVersion.V2 ? authData : new byte[VrrpPacket.AUTH_DATA_LENGTH]);
            send = new Action.SendAdvert(p);
            lastSend = send;
        }
        tally.add(Counter.ADVERTS_SENT);
        if (priority == VrrpPacket.PRIORITY_STOP) {
            tally.add(Counter.PRIORITY_ZERO_SENT);
        }
        out.add(send);
    }

    /** Tells listeners, unless they already see {@code to} (a mastership whose bind never completed). */
    private void notify(HaState to, Cause cause, String reason, long now, List<Action> out) {
        if (to == notified) {
            return;
        }
        boolean takeover = to == HaState.MASTER && (cause == Cause.MASTER_DOWN || cause == Cause.MASTER_LEFT);
        out.add(new Action.NotifyStateChange(new StateChange(notified, to, cause, reason, epoch, now, 0L),
                takeover ? now - lastMasterSign : -1));
        notified = to;
    }

    // ------------------------------------------------------------------ poll_* / getters

    /** The earliest armed deadline, if any timer is armed. */
    public OptionalLong nextDeadline() {
        return timers.next();
    }

    /** {@link #nextDeadline()} without the optional: the earliest deadline, or {@code none}. */
    public long nextDeadlineOr(long none) {
        return timers.nextOr(none);
    }

    /** The deadline of {@code timer}, if armed. For tests and diagnostics. */
    public OptionalLong deadline(Timer timer) {
        return timers.deadline(timer);
    }

    /** The protocol state: MASTER from the first advert as master, before the bind has completed. */
    public HaState state() {
        return state;
    }

    public HaConfig config() {
        return config;
    }

    /** Base priority with the health adjustment, kept within 1..254; the owner's 255 is never adjusted. */
    public int effectivePriority() {
        if (basePriority == VrrpPacket.PRIORITY_OWNER) {
            return basePriority;
        }
        return Math.max(1, Math.min(254, basePriority + adjustment));
    }

    /** Master_Down_Interval in nanoseconds: downTimerAdverts × Master_Adver_Interval + Skew_Time. */
    public long masterDownNanos() {
        return config.version().masterDownNanos(effectivePriority(), masterAdverNanos(), config.downTimerAdverts());
    }

    /**
     * The takeover settle: the configured floor (by default the largest of 1 ms, a tenth of
     * Master_Adver_Interval up to 10 ms, and a twentieth of it), or twice the worst recent jitter of the master's adverts if that is more
     * (a competitor's advert is late by about as much as the master's were), at most a quarter of
     * Master_Adver_Interval. Zero when configured zero. By default zero for a pair (exactly one
     * other router heard, fewer than two unicast peers): nothing can race it. Before any other router
     * was heard it settles too: routers started together time out together (Skew_Time's difference,
     * 0.39 ms at 100 ms, is less than a LAN's latency), and the lower one hears the higher one in the
     * settle, before it binds.
     */
    /** The default settle's absolute part: a tenth of the interval, but no more than this. */
    static final long DEFAULT_SETTLE_NANOS = 10_000_000L;

    public long settleNanos() {
        long floor = config.takeoverSettle().toNanos();
        if (floor == 0 || !config.takeoverSettleAlways() && routersHeard.size() == 1 && config.unicastPeers().size() < 2) {
            return 0; // no settle: a pair
        }
        if (!config.takeoverSettleAlways()) {
            // A competitor's first advert after a takeover can be several milliseconds late on a loaded
            // host (ThreeNodeIT, on the 2-CPU CI machine: a JVM's up to 3.5 ms, keepalived's up to 8.3 ms
            // after a graceful stop): a tenth of the interval up to 10 ms, or a twentieth if that is
            // more. 10 ms is 2.8 % of a failover at 100 ms (361 ms); 50 ms at 1 s.
            floor = Math.max(floor, Math.max(masterAdverNanos() / 20, Math.min(DEFAULT_SETTLE_NANOS, masterAdverNanos() / 10)));
        }
        return Math.min(Math.max(floor, 2 * jitter.recentMax()), masterAdverNanos() / 4);
    }

    /** Skew_Time in nanoseconds for the effective priority and the current Master_Adver_Interval. */
    public long skewNanos() {
        return config.version().skewNanos(effectivePriority(), masterAdverNanos());
    }

    /** The live counters: counted on the router's thread, readable from any. */
    public Tally tally() {
        return tally;
    }

    /**
     * Whether {@code s} still describes this router (everything but the counters): the driver
     * publishes a new status only when it does not, so a steady advert costs no snapshot.
     */
    public boolean sameStatus(RouterSnapshot s) {
        return s.state() == notified && s.basePriority() == basePriority && s.effectivePriority() == effectivePriority()
                && Objects.equals(s.masterAddress(), masterAddress) && s.masterPriority() == masterPriority
                && s.masterAdverInterval().toNanos() == masterAdverNanos() && s.epoch() == epoch;
    }

    public RouterSnapshot snapshot() {
        return new RouterSnapshot(notified, basePriority, effectivePriority(), masterAddress, masterPriority,
                Duration.ofNanos(masterAdverNanos()), epoch, tally.copy());
    }

    // ------------------------------------------------------------------ helpers

    private long masterAdverNanos() {
        return masterAdverIntervalUnits * config.version().nanosPerIntervalUnit();
    }

    /** Leaving MASTER after the VIP was announced: the adverts that make the next master re-announce. */
    private void oweAdverts() {
        if (notified == HaState.MASTER && config.higherPrioritySendAdvert()) {
            owedAdverts = OWED_ADVERTS;
        }
    }

    /** MASTER, told to listeners, and no bind outstanding: the VIP is on the interface. */
    private boolean vipBound() {
        return state == HaState.MASTER && notified == HaState.MASTER && pendingBind == 0;
    }

    private long advertNanos() {
        return config.advertInterval().toNanos();
    }

    private long leaseRefreshNanos() {
        return lease.toNanos() / 3;
    }

    private static int checkPriority(int p) {
        if (p < 1 || p > 254) {
            throw new IllegalArgumentException("priority must be in 1..254, got " + p);
        }
        return p;
    }

    /** Compares addresses as unsigned numbers (keepalived's inet_inaddrcmp); different families: IPv4 first. */
    static int compareUnsigned(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return Integer.compare(x.length, y.length);
        }
        return Arrays.compareUnsigned(x, y);
    }
}
