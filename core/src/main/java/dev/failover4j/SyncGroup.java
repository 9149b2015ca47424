package dev.failover4j;

import dev.failover4j.engine.Input;
import dev.failover4j.spi.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Groups that change state together (keepalived's {@code vrrp_sync_group}): the IPv4 and IPv6
 * groups of one service, or a LAN and a WAN address. keepalived's rules:
 * <ul>
 *   <li>a member in FAULT of its own puts every member in FAULT (cause {@link Cause#SYNC_GROUP});
 *       they leave FAULT when no member has a fault of its own;</li>
 *   <li>a member that leaves MASTER for BACKUP (it heard a higher priority) takes every member out
 *       of MASTER, each with a priority-0 advert so its peer takes over after Skew_Time;</li>
 *   <li>a member becomes MASTER only when every member wants to (its Master_Down timer ran out or
 *       it would preempt): then all take over together. Until then it keeps timing, as keepalived's
 *       {@code vrrp_sync_can_goto_master} ("prefer backup state to avoid thrashing").</li>
 * </ul>
 * Listeners added here see the sync group as one: MASTER when every member is, FAULT when any is,
 * BACKUP otherwise. Every member runs on the same event loop (the default one is shared by all
 * groups of a process); its methods run there. A member that is closed leaves the group.
 */
public final class SyncGroup {

    private final String name;
    private final List<GroupDriver> members = new ArrayList<>();
    private EventLoop loop;
    private final Listeners listeners;
    private volatile HaState state = HaState.INITIALIZE;

    private SyncGroup(String name) {
        this.name = name;
        this.listeners = new Listeners("sync group " + name, Runnable::run); // every listener comes with its executor
    }

    /**
     * {@return a new, empty sync group; members join with {@link HaGroup.Builder#syncGroup}}
     *
     * @param name the name (keepalived's {@code vrrp_sync_group} name), not blank
     */
    public static SyncGroup named(String name) {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new ConfigException(List.of("syncGroup: a sync group needs a name (keepalived's vrrp_sync_group NAME)"));
        }
        return new SyncGroup(name);
    }

    /** {@return the sync group's name} */
    public String name() {
        return name;
    }

    /** {@return MASTER when every member is MASTER, FAULT when any is FAULT, INITIALIZE before start, BACKUP otherwise} */
    public HaState state() {
        return state;
    }

    /**
     * Told when {@link #state()} changes (cause and reason are the member's that changed it).
     *
     * @param listener the listener
     * @param executor where its calls run, in order
     */
    public void addListener(StateListener listener, Executor executor) {
        listeners.add(Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(executor, "executor"));
    }

    /** At build: {@code member} runs on {@code memberLoop}, which must be every member's. */
    synchronized void join(GroupDriver member, EventLoop memberLoop) {
        if (loop != null && loop != memberLoop) {
            throw new ConfigException(List.of("syncGroup " + name + ": every member must run on the same event loop"
                    + " (leave eventLoop unset, or give every member the same one)"));
        }
        loop = memberLoop;
        members.add(member);
    }

    /** On the loop: a member's listeners were told {@code change}. */
    void memberChanged(GroupDriver from, StateChange change) {
        if (change.current() == HaState.INITIALIZE && change.cause() == Cause.STOPPED) {
            synchronized (this) {
                members.remove(from);
            }
            clearFaultsIfNoneOwn(from);
        } else if (change.current() == HaState.FAULT && from.router().ownFault()) {
            for (GroupDriver m : others(from)) {
                m.post(new Input.Sync(Input.SyncKind.FAULT, true, "sync group " + name + ": " + from.name()
                        + " is FAULT (" + change.reason() + ")"));
            }
        } else if (change.previous() == HaState.FAULT) {
            clearFaultsIfNoneOwn(from);
        } else if (change.previous() == HaState.MASTER && change.current() == HaState.BACKUP
                && change.cause() != Cause.SYNC_GROUP) {
            for (GroupDriver m : others(from)) {
                m.post(new Input.Sync(Input.SyncKind.BACKUP, false, "sync group " + name + ": " + from.name()
                        + " left MASTER (" + change.reason() + ")"));
            }
        }
        combine(change);
    }

    /** On the loop: {@code from}'s Master_Down ran out; all take over once every member wants to. */
    void wantsMaster(GroupDriver from) {
        List<GroupDriver> all = snapshot();
        for (GroupDriver m : all) {
            HaState s = m.router().state();
            if (s != HaState.MASTER && !m.router().wantsMaster()) {
                return; // keepalived: prefer backup state to avoid thrashing
            }
        }
        for (GroupDriver m : all) {
            if (m.router().wantsMaster()) {
                m.post(new Input.Sync(Input.SyncKind.MASTER, false, "sync group " + name + ": every member wants MASTER"));
            }
        }
    }

    private void clearFaultsIfNoneOwn(GroupDriver from) {
        List<GroupDriver> all = snapshot();
        for (GroupDriver m : all) {
            if (m.router().ownFault()) {
                return;
            }
        }
        for (GroupDriver m : all) {
            if (m != from) {
                m.post(new Input.Sync(Input.SyncKind.FAULT, false, "sync group " + name + ": no member has a fault"));
            }
        }
    }

    private void combine(StateChange cause) {
        List<GroupDriver> all = snapshot();
        HaState next;
        if (all.isEmpty()) {
            next = HaState.INITIALIZE;
        } else if (all.stream().anyMatch(m -> m.router().snapshot().state() == HaState.FAULT)) {
            next = HaState.FAULT;
        } else if (all.stream().allMatch(m -> m.router().snapshot().state() == HaState.MASTER)) {
            next = HaState.MASTER;
        } else if (all.stream().allMatch(m -> m.router().snapshot().state() == HaState.INITIALIZE)) {
            next = HaState.INITIALIZE;
        } else {
            next = HaState.BACKUP;
        }
        HaState before = state;
        if (next != before) {
            state = next;
            StateChange c = new StateChange(before, next, cause.cause(), "sync group " + name + ": " + cause.reason(),
                    cause.epoch(), cause.atNanos(), cause.atMillis());
            listeners.deliver(c, false);
        }
    }

    private synchronized List<GroupDriver> snapshot() {
        return List.copyOf(members);
    }

    private List<GroupDriver> others(GroupDriver from) {
        List<GroupDriver> out = new ArrayList<>(snapshot());
        out.remove(from);
        return out;
    }

    @Override
    public String toString() {
        return "SyncGroup{" + name + ", " + state + ", " + snapshot().size() + " members}";
    }
}
