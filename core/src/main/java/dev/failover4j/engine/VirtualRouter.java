package dev.failover4j.engine;

import dev.failover4j.Cause;
import dev.failover4j.HaState;
import dev.failover4j.StateChange;
import dev.failover4j.VirtualAddress;
import dev.failover4j.codec.PacketValidator;
import dev.failover4j.codec.ParseResult;
import dev.failover4j.codec.Rejection;
import dev.failover4j.codec.RxMeta;
import dev.failover4j.codec.VrrpCodec;
import dev.failover4j.codec.VrrpPacket;
import dev.failover4j.codec.VrrpVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One VRRP virtual router (RFC 3768 §6 for v2, RFC 5798 §6 for v3), as a pure state machine.
 *
 * <p>Inputs go in through {@link #handle(Input, long)} with the current monotonic time in
 * nanoseconds; the returned actions must be carried out in order. Times are compared overflow-safely
 * ({@code a - b <= 0}). Not thread-safe: one driver thread owns it.
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

    /** The router's timers; each is armed or not, with one deadline. */
    public enum Timer {
        /** Master: send the next advert (Adver_Timer). */
        ADVERT,
        /** Backup: the master is presumed down (Master_Down_Timer). */
        MASTER_DOWN,
        /** Master: the second GARP burst. */
        GARP_REPEAT,
        /** Master: periodic GARP refresh. */
        GARP_REFRESH,
        /** Master: renew the VIP lease. */
        LEASE_REFRESH,
        /** Fault after a failed bind: try again. */
        FAULT_RETRY,
        /** Not master, but removing the VIP failed: try again. */
        UNBIND_RETRY
    }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final InetAddress LEGACY_UNICAST_PSEUDO_DESTINATION = literal224();
    private static final long NANOS_PER_CENTI = 10_000_000L;

    private final RouterConfig config;
    private final PacketValidator validator;
    private final List<VirtualAddress> vips;
    private final Duration lease;

    private final boolean[] armed = new boolean[Timer.values().length];
    private final long[] deadlines = new long[Timer.values().length];

    private HaState state = HaState.INITIALIZE;
    private boolean started;
    private boolean stopped;
    private InetAddress localAddress;
    private int basePriority;
    private int adjustment;
    private boolean healthFault;
    private String healthReason = "";
    private boolean linkUp = true;
    private boolean bindFailed;
    private long masterAdverIntervalUnits;
    private InetAddress masterAddress;
    private int masterPriority;
    private long epoch;
    /** Preempt delay: when lower-priority adverts stop being accepted; armed at the first one. */
    private boolean preemptDelayRunning;
    private long preemptAt;
    /** After demote(): accept any master (as nopreempt) until we are master again on our own. */
    private boolean holdingOffPreemption;
    /** The batch that bound the VIP also announced MASTER; if the bind fails, listeners never saw it. */
    private boolean masterNotifyPending;
    private HaState stateBeforeMaster;
    private boolean legacyChecksumSeen;
    /** When we last re-announced the VIP because a lower-priority router acted as master. */
    private boolean lowerPrioAnnounced;
    private long lastLowerPrioAnnounce;
    /** Consecutive failed binds: the retry waits Master_Down_Interval × 2^n, at most a minute. */
    private int bindFailures;

    private long advertsSent;
    private long advertsReceived;
    private long priorityZeroSent;
    private long priorityZeroReceived;
    private long becameMaster;
    private long sendErrors;
    private long ownerAddressListMismatches;
    private final EnumMap<Rejection, Long> rejections = new EnumMap<>(Rejection.class);

    public VirtualRouter(RouterConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.basePriority = config.priority();
        this.vips = config.vips();
        // The owner's addresses are its own (RFC 3768/5798 §6.4.1): never leased, so a crash cannot take them away.
        this.lease = config.vipLease().isZero() || config.owner() ? null : config.vipLease();
        this.masterAdverIntervalUnits = config.intervalUnits();
        List<InetAddress> addresses = vips.stream().map(VirtualAddress::address).toList();
        this.validator = new PacketValidator(new PacketValidator.Expectations(config.version(), config.vrid(),
                config.ipv6(), config.interfaceName(), config.owner(), config.authType(), config.authData(),
                config.intervalUnits(), addresses, config.unicastPeers()));
    }

    // ------------------------------------------------------------------ handle_*

    /**
     * Feeds one input at time {@code now} (monotonic nanoseconds) and returns the actions to carry
     * out, in order.
     */
    public List<Action> handle(Input input, long now) {
        Objects.requireNonNull(input, "input");
        List<Action> out = new ArrayList<>(4);
        if (!(input instanceof Input.ActionFailed)) {
            if (masterNotifyPending && state == HaState.MASTER) {
                bindFailures = 0; // the last batch bound the VIP
            }
            masterNotifyPending = false;
        }
        if (stopped && !(input instanceof Input.ActionFailed)) {
            return out;
        }
        if (!started && !(input instanceof Input.Start)) {
            // Before start only configuration-like inputs are remembered.
            remember(input);
            return out;
        }
        if (input instanceof Input.Start s) {
            onStart(s, now, out);
        } else if (input instanceof Input.Stop) {
            onStop(now, out);
        } else if (input instanceof Input.Timeout) {
            onTimeout(now, out);
        } else if (input instanceof Input.PacketReceived p) {
            onPacket(p, now, out);
        } else if (input instanceof Input.HealthChanged h) {
            onHealth(h, now, out);
        } else if (input instanceof Input.LinkChanged l) {
            onLink(l.up(), now, out);
        } else if (input instanceof Input.VipRemoved v) {
            onVipRemoved(v, now, out);
        } else if (input instanceof Input.ActionFailed f) {
            onActionFailed(f, now, out);
        } else if (input instanceof Input.SetPriority p) {
            onSetPriority(p.priority(), now, out);
        } else if (input instanceof Input.Demote) {
            onDemote(now, out);
        }
        return out;
    }

    private void remember(Input input) {
        if (input instanceof Input.HealthChanged h) {
            adjustment = h.priorityAdjustment();
            healthFault = h.fault();
            healthReason = h.reason();
        } else if (input instanceof Input.LinkChanged l) {
            linkUp = l.up();
        } else if (input instanceof Input.SetPriority p) {
            basePriority = checkPriority(p.priority());
        }
    }

    private void onStart(Input.Start s, long now, List<Action> out) {
        if (started) {
            return;
        }
        started = true;
        localAddress = s.localAddress();
        linkUp = s.linkUp(); // read on the driver's thread when Start was fed: newer than any remembered event
        if (!config.owner()) {
            // A configured VIP left behind (a crash, a hand-made `ip addr add`) goes before the election,
            // as keepalived does. An owner's addresses may be the interface's own: not touched at start.
            out.add(new Action.UnbindVip(vips));
        }
        if (faulted()) {
            enterFault(now, out, faultCause(), faultReason());
        } else if (config.owner()) {
            becomeMaster(now, out, Cause.ADDRESS_OWNER, "priority 255: address owner");
        } else {
            enterBackup(now, out, Cause.STARTED, "started with priority " + effectivePriority());
        }
    }

    private void onStop(long now, List<Action> out) {
        HaState from = state;
        if (from == HaState.MASTER) {
            sendAdvert(VrrpPacket.PRIORITY_STOP, out);
            out.add(new Action.UnbindVip(vips));
        }
        disarmAll();
        stopped = true;
        state = HaState.INITIALIZE;
        out.add(notify(from, HaState.INITIALIZE, Cause.STOPPED, "close() called", now));
    }

    private void onTimeout(long now, List<Action> out) {
        for (Timer t : Timer.values()) {
            if (due(t, now)) {
                armed[t.ordinal()] = false;
                fire(t, now, out);
            }
        }
    }

    private void fire(Timer t, long now, List<Action> out) {
        switch (t) {
            case MASTER_DOWN -> {
                if (state == HaState.BACKUP) {
                    holdingOffPreemption = false;
                    becomeMaster(now, out, Cause.MASTER_DOWN, "no advert from a master for "
                            + millis(masterDownNanos()) + " ms (Master_Down_Interval)");
                }
            }
            case ADVERT -> {
                if (state == HaState.MASTER) {
                    sendAdvert(effectivePriority(), out);
                    arm(Timer.ADVERT, now + advertNanos());
                }
            }
            case GARP_REPEAT -> {
                if (state == HaState.MASTER) {
                    out.add(new Action.AnnounceVip(vips, config.garpMasterRepeat()));
                }
            }
            case GARP_REFRESH -> {
                if (state == HaState.MASTER) {
                    out.add(new Action.AnnounceVip(vips, config.garpMasterRefreshRepeat()));
                    arm(Timer.GARP_REFRESH, now + config.garpMasterRefresh().toNanos());
                }
            }
            case LEASE_REFRESH -> {
                if (state == HaState.MASTER && lease != null) {
                    out.add(new Action.RefreshVip(vips, lease));
                    arm(Timer.LEASE_REFRESH, now + leaseRefreshNanos());
                }
            }
            case FAULT_RETRY -> {
                if (bindFailed) {
                    bindFailed = false;
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

    private void onPacket(Input.PacketReceived p, long now, List<Action> out) {
        RxMeta meta = p.meta();
        ParseResult parsed = VrrpCodec.parse(p.message(), meta.source(), meta.destination());
        if (parsed.rejectionOrNull() == Rejection.BAD_CHECKSUM && !config.unicastPeers().isEmpty() && !config.ipv6()) {
            // keepalived up to 1.3.6, and later ones with old_unicast_checksum, put 224.0.0.18 in the v3
            // pseudo-header of unicast adverts. Accept that form too (keepalived itself switches to it).
            ParseResult legacy = VrrpCodec.parse(p.message(), meta.source(), LEGACY_UNICAST_PSEUDO_DESTINATION);
            if (legacy instanceof ParseResult.Parsed && legacy.packetOrNull().version() == VrrpVersion.V3) {
                parsed = legacy;
                if (!legacyChecksumSeen) {
                    legacyChecksumSeen = true;
                    out.add(new Action.Warn("unicast VRRPv3 adverts from " + meta.source().getHostAddress()
                            + " use the pre-1.3.6 keepalived checksum (old_unicast_checksum); accepting them"));
                }
            }
        }
        if (parsed instanceof ParseResult.Rejected r) {
            count(r.reason());
            return;
        }
        VrrpPacket packet = parsed.packetOrNull();
        PacketValidator.Validation v = validator.validate(packet, meta);
        if (v instanceof PacketValidator.Validation.Rejected r) {
            count(r.reason());
            return;
        }
        if (((PacketValidator.Validation.Accepted) v).addressListMismatch()) {
            ownerAddressListMismatches++;
        }
        advertsReceived++;
        if (packet.priority() == VrrpPacket.PRIORITY_STOP) {
            priorityZeroReceived++;
        }
        switch (state) {
            case BACKUP -> backupReceives(packet, meta.source(), now);
            case MASTER -> masterReceives(packet, meta.source(), now, out);
            default -> {
                // FAULT (and INITIALIZE) ignore adverts, as keepalived does.
            }
        }
    }

    /** RFC 3768 §6.4.2 / RFC 5798 §6.4.2: Backup receives an ADVERTISEMENT. */
    private void backupReceives(VrrpPacket packet, InetAddress source, long now) {
        int prio = packet.priority();
        if (prio == VrrpPacket.PRIORITY_STOP) {
            // The master is leaving: take over after Skew_Time only.
            arm(Timer.MASTER_DOWN, now + skewNanos());
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
            return;
        }
        if (config.version() == VrrpVersion.V3) {
            masterAdverIntervalUnits = packet.intervalUnits();
        }
        masterAddress = source;
        masterPriority = prio;
        arm(Timer.MASTER_DOWN, now + masterDownNanos());
    }

    /** RFC 3768 §6.4.3 / RFC 5798 §6.4.3: Master receives an ADVERTISEMENT. */
    private void masterReceives(VrrpPacket packet, InetAddress source, long now, List<Action> out) {
        int prio = packet.priority();
        if (prio == VrrpPacket.PRIORITY_STOP) {
            // Another router thinks it is master and is leaving: assert ourselves at once.
            sendAdvert(effectivePriority(), out);
            arm(Timer.ADVERT, now + advertNanos());
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
            arm(Timer.ADVERT, now + advertNanos());
            if (!lowerPrioAnnounced || now - lastLowerPrioAnnounce >= advertNanos()) {
                lowerPrioAnnounced = true;
                lastLowerPrioAnnounce = now;
                out.add(new Action.AnnounceVip(vips, config.garpMasterRepeat()));
            }
            return;
        }
        if (config.version() == VrrpVersion.V3) {
            masterAdverIntervalUnits = packet.intervalUnits();
        }
        HaState from = state;
        leaveMasterTimers();
        out.add(new Action.UnbindVip(vips));
        state = HaState.BACKUP;
        masterAddress = source;
        masterPriority = prio;
        arm(Timer.MASTER_DOWN, now + masterDownNanos());
        out.add(notify(from, HaState.BACKUP, Cause.HIGHER_PRIORITY_MASTER, "advert from " + source.getHostAddress()
                + " with priority " + prio + (prio == ours ? " (equal, higher address)" : "") + ", ours " + ours, now));
    }

    private void onHealth(Input.HealthChanged h, long now, List<Action> out) {
        int before = effectivePriority();
        boolean wasFault = faulted();
        adjustment = h.priorityAdjustment();
        healthFault = h.fault();
        healthReason = h.reason();
        if (!wasFault && faulted()) {
            enterFault(now, out, Cause.HEALTH_FAULT, h.reason());
        } else if (wasFault && !faulted()) {
            leaveFaultIfClear(now, out, h.reason());
        } else if (effectivePriority() != before) {
            priorityChanged(now, out);
        }
    }

    private void onLink(boolean up, long now, List<Action> out) {
        boolean wasFault = faulted();
        linkUp = up;
        if (!wasFault && faulted()) {
            enterFault(now, out, Cause.LINK_DOWN, "link of " + config.interfaceName() + " is down");
        } else if (wasFault && !faulted()) {
            leaveFaultIfClear(now, out, "link of " + config.interfaceName() + " is up");
        }
    }

    private void onVipRemoved(Input.VipRemoved v, long now, List<Action> out) {
        if (state != HaState.MASTER || vips.stream().noneMatch(x -> x.address().equals(v.address()))) {
            return;
        }
        out.add(new Action.Warn("virtual address " + v.address().getHostAddress() + " was removed from "
                + config.interfaceName() + " by someone else while master; adding it back"));
        out.add(new Action.BindVip(vips, lease));
        out.add(new Action.AnnounceVip(vips, config.garpMasterRepeat()));
    }

    private void onActionFailed(Input.ActionFailed f, long now, List<Action> out) {
        Action a = f.action();
        if (a instanceof Action.SendAdvert) {
            sendErrors++;
        } else if (a instanceof Action.BindVip) {
            bindFailure(now, out, f.error());
        } else if (a instanceof Action.RefreshVip) {
            bindFailure(now, out, "lease refresh failed: " + f.error());
        } else if (a instanceof Action.UnbindVip) {
            if (state != HaState.MASTER) {
                // A VIP left bound outside MASTER is a duplicate address: keep trying (the lease also ends it).
                if (deadline(Timer.UNBIND_RETRY) == null) {
                    out.add(new Action.Warn("removing " + vips + " failed: " + f.error() + "; retrying every second"));
                }
                arm(Timer.UNBIND_RETRY, now + NANOS_PER_SECOND);
            }
        } else {
            out.add(new Action.Warn(a.getClass().getSimpleName() + " failed: " + f.error()));
        }
    }

    private void bindFailure(long now, List<Action> out, String error) {
        if (state != HaState.MASTER) {
            return;
        }
        boolean listenersSawMaster = !masterNotifyPending;
        masterNotifyPending = false;
        bindFailed = true;
        if (!listenersSawMaster) {
            epoch--; // nobody saw that mastership: the next one takes its number
        }
        HaState from = listenersSawMaster ? HaState.MASTER : stateBeforeMaster;
        // Whatever went on the interface comes off; others must not wait Master_Down_Interval for us.
        sendAdvert(VrrpPacket.PRIORITY_STOP, out);
        out.add(new Action.UnbindVip(vips));
        disarmAll();
        state = HaState.FAULT;
        masterAddress = null;
        long backoff = masterDownNanos() << Math.min(bindFailures, 6);
        bindFailures++;
        arm(Timer.FAULT_RETRY, now + Math.min(backoff, Math.max(60 * NANOS_PER_SECOND, masterDownNanos())));
        if (from != HaState.FAULT) {
            out.add(notify(from, HaState.FAULT, Cause.VIP_BIND_FAILED, error, now));
        } else {
            out.add(new Action.Warn("binding the VIP failed again: " + error));
        }
    }

    private void onSetPriority(int priority, long now, List<Action> out) {
        int before = effectivePriority();
        basePriority = checkPriority(priority);
        if (effectivePriority() != before) {
            priorityChanged(now, out);
        }
    }

    private void onDemote(long now, List<Action> out) {
        if (state != HaState.MASTER || config.owner()) {
            return; // the owner's role is fixed by configuration
        }
        HaState from = state;
        sendAdvert(VrrpPacket.PRIORITY_STOP, out);
        leaveMasterTimers();
        out.add(new Action.UnbindVip(vips));
        state = HaState.BACKUP;
        masterAddress = null;
        holdingOffPreemption = true;
        masterAdverIntervalUnits = config.intervalUnits();
        arm(Timer.MASTER_DOWN, now + masterDownNanos());
        out.add(notify(from, HaState.BACKUP, Cause.DEMOTED, "demote() called; not preempting until master again", now));
    }

    // ------------------------------------------------------------------ transitions

    private void becomeMaster(long now, List<Action> out, Cause cause, String reason) {
        HaState from = state;
        disarm(Timer.MASTER_DOWN);
        disarm(Timer.FAULT_RETRY);
        disarm(Timer.UNBIND_RETRY);
        preemptDelayRunning = false;
        // keepalived order: the advert first (the old master drops the VIP), then the VIP, then GARPs.
        sendAdvert(effectivePriority(), out);
        out.add(new Action.BindVip(vips, lease));
        out.add(new Action.AnnounceVip(vips, config.garpMasterRepeat()));
        state = HaState.MASTER;
        stateBeforeMaster = from;
        masterNotifyPending = true;
        masterAddress = localAddress;
        masterPriority = effectivePriority();
        masterAdverIntervalUnits = config.intervalUnits();
        becameMaster++;
        epoch++;
        arm(Timer.ADVERT, now + advertNanos());
        if (!config.garpMasterDelay().isZero()) {
            arm(Timer.GARP_REPEAT, now + config.garpMasterDelay().toNanos());
        }
        if (!config.garpMasterRefresh().isZero()) {
            arm(Timer.GARP_REFRESH, now + config.garpMasterRefresh().toNanos());
        }
        if (lease != null) {
            arm(Timer.LEASE_REFRESH, now + leaseRefreshNanos());
        }
        out.add(notify(from, HaState.MASTER, cause, reason, now));
    }

    private void enterBackup(long now, List<Action> out, Cause cause, String reason) {
        HaState from = state;
        state = HaState.BACKUP;
        preemptDelayRunning = false; // keepalived clears preempt_time on entering BACKUP
        masterAddress = null;
        masterAdverIntervalUnits = config.intervalUnits();
        arm(Timer.MASTER_DOWN, now + masterDownNanos());
        out.add(notify(from, HaState.BACKUP, cause, reason, now));
    }

    private void enterFault(long now, List<Action> out, Cause cause, String reason) {
        HaState from = state;
        if (from == HaState.MASTER) {
            sendAdvert(VrrpPacket.PRIORITY_STOP, out);
            out.add(new Action.UnbindVip(vips));
        }
        disarmAll();
        state = HaState.FAULT;
        masterAddress = null;
        out.add(notify(from, HaState.FAULT, cause, reason, now));
    }

    private void leaveFaultIfClear(long now, List<Action> out, String reason) {
        if (state != HaState.FAULT || faulted()) {
            return;
        }
        if (config.owner()) {
            becomeMaster(now, out, Cause.FAULT_CLEARED, reason + "; address owner");
        } else {
            enterBackup(now, out, Cause.FAULT_CLEARED, reason);
        }
    }

    private void priorityChanged(long now, List<Action> out) {
        if (state == HaState.MASTER) {
            // Tell the backups now rather than at the next advert: a preempting backup starts discarding sooner.
            masterPriority = effectivePriority();
            sendAdvert(effectivePriority(), out);
            arm(Timer.ADVERT, now + advertNanos());
        }
    }

    private void leaveMasterTimers() {
        disarm(Timer.ADVERT);
        disarm(Timer.GARP_REPEAT);
        disarm(Timer.GARP_REFRESH);
        disarm(Timer.LEASE_REFRESH);
    }

    private void sendAdvert(int priority, List<Action> out) {
        VrrpPacket p = new VrrpPacket(config.version(), config.vrid(), priority, config.intervalUnits(),
                vips.stream().map(VirtualAddress::address).toList(), config.authType().code(),
                config.version() == VrrpVersion.V2 ? config.authData() : new byte[VrrpPacket.AUTH_DATA_LENGTH]);
        advertsSent++;
        if (priority == VrrpPacket.PRIORITY_STOP) {
            priorityZeroSent++;
        }
        out.add(new Action.SendAdvert(p));
    }

    private Action notify(HaState from, HaState to, Cause cause, String reason, long now) {
        return new Action.NotifyStateChange(new StateChange(from, to, cause, reason, epoch, now, 0L));
    }

    // ------------------------------------------------------------------ poll_* / getters

    /** The earliest armed deadline, or {@link Long#MAX_VALUE} if no timer is armed. */
    public long nextDeadline() {
        long best = 0;
        boolean any = false;
        for (Timer t : Timer.values()) {
            if (armed[t.ordinal()] && (!any || deadlines[t.ordinal()] - best < 0)) {
                best = deadlines[t.ordinal()];
                any = true;
            }
        }
        return any ? best : Long.MAX_VALUE;
    }

    /** True if some timer is armed. */
    public boolean hasDeadline() {
        for (boolean a : armed) {
            if (a) {
                return true;
            }
        }
        return false;
    }

    /** The deadline of {@code timer}, or null if it is not armed. For tests and diagnostics. */
    public Long deadline(Timer timer) {
        return armed[timer.ordinal()] ? deadlines[timer.ordinal()] : null;
    }

    public HaState state() {
        return state;
    }

    public RouterConfig config() {
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
        return masterDownNanos(config.version(), effectivePriority(), masterAdverNanos(), config.downTimerAdverts());
    }

    /** Skew_Time in nanoseconds for the effective priority and the current Master_Adver_Interval. */
    public long skewNanos() {
        return skewNanos(config.version(), effectivePriority(), masterAdverNanos());
    }

    /** Master_Down_Interval = {@code downTimerAdverts} × Master_Adver_Interval + Skew_Time (RFC 3768/5798 §6.1). */
    public static long masterDownNanos(VrrpVersion version, int priority, long masterAdverNanos, int downTimerAdverts) {
        return downTimerAdverts * masterAdverNanos + skewNanos(version, priority, masterAdverNanos);
    }

    /**
     * Skew_Time in nanoseconds: (256 − priority)/256 s in v2 (RFC 3768 §6.1),
     * ((256 − priority) × Master_Adver_Interval)/256 in v3 (RFC 5798 §6.1).
     */
    public static long skewNanos(VrrpVersion version, int priority, long masterAdverNanos) {
        long weight = 256L - priority;
        return version == VrrpVersion.V2 ? weight * NANOS_PER_SECOND / 256 : weight * masterAdverNanos / 256;
    }

    public RouterSnapshot snapshot() {
        Map<Rejection, Long> copy = new EnumMap<>(Rejection.class);
        copy.putAll(rejections);
        return new RouterSnapshot(state, basePriority, effectivePriority(), masterAddress, masterPriority,
                Duration.ofNanos(masterAdverNanos()), epoch, advertsSent, advertsReceived, priorityZeroSent,
                priorityZeroReceived, becameMaster, sendErrors, ownerAddressListMismatches, copy);
    }

    // ------------------------------------------------------------------ helpers

    private long masterAdverNanos() {
        return config.version() == VrrpVersion.V2
                ? masterAdverIntervalUnits * NANOS_PER_SECOND
                : masterAdverIntervalUnits * NANOS_PER_CENTI;
    }

    private long advertNanos() {
        return config.advertInterval().toNanos();
    }

    private long leaseRefreshNanos() {
        return lease.toNanos() / 3;
    }

    private boolean faulted() {
        return healthFault || !linkUp || bindFailed;
    }

    private Cause faultCause() {
        return !linkUp ? Cause.LINK_DOWN : healthFault ? Cause.HEALTH_FAULT : Cause.VIP_BIND_FAILED;
    }

    private String faultReason() {
        return !linkUp ? "link of " + config.interfaceName() + " is down" : healthFault ? healthReason : "VIP bind failed";
    }

    private void count(Rejection r) {
        rejections.merge(r, 1L, Long::sum);
    }

    private void arm(Timer t, long deadline) {
        armed[t.ordinal()] = true;
        deadlines[t.ordinal()] = deadline;
    }

    private void disarm(Timer t) {
        armed[t.ordinal()] = false;
    }

    private void disarmAll() {
        Arrays.fill(armed, false);
    }

    private boolean due(Timer t, long now) {
        return armed[t.ordinal()] && deadlines[t.ordinal()] - now <= 0;
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

    private static InetAddress literal224() {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 224, 0, 0, 18});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
