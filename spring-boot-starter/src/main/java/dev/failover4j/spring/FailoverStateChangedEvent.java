package dev.failover4j.spring;

import dev.failover4j.Cause;
import dev.failover4j.HaState;
import dev.failover4j.StateChange;
import org.springframework.context.ApplicationEvent;

/**
 * A group changed state. Published on failover4j's listener thread (never the protocol thread), in
 * order per group; MASTER is published after the virtual addresses are bound. Listen with
 * {@code @EventListener}; return quickly (a slow listener delays the next event, not the protocol).
 */
public class FailoverStateChangedEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final String group;
    private final transient StateChange change;

    /**
     * @param source the {@link FailoverGroups} that publishes it
     * @param group  the group's name ({@value FailoverGroups#DEFAULT_GROUP} for the top-level group)
     * @param change the change, as listeners of the group see it
     */
    public FailoverStateChangedEvent(Object source, String group, StateChange change) {
        super(source);
        this.group = group;
        this.change = change;
    }

    /**
     * The group's name.
     *
     * @return the name
     */
    public String group() {
        return group;
    }

    /**
     * The whole change (with its monotonic and wall-clock times).
     *
     * @return the change
     */
    public StateChange change() {
        return change;
    }

    /**
     * The state left.
     *
     * @return the previous state
     */
    public HaState from() {
        return change.previous();
    }

    /**
     * The state entered.
     *
     * @return the new state
     */
    public HaState to() {
        return change.current();
    }

    /**
     * Why, as a value to switch on.
     *
     * @return the cause
     */
    public Cause cause() {
        return change.cause();
    }

    /**
     * Why, in words.
     *
     * @return the reason
     */
    public String reason() {
        return change.reason();
    }

    /**
     * The mastership epoch: rises on every entry to MASTER; the fencing token for work done as master.
     *
     * @return the epoch
     */
    public long epoch() {
        return change.epoch();
    }

    @Override
    public String toString() {
        return "FailoverStateChangedEvent[" + group + ": " + change + "]";
    }
}
