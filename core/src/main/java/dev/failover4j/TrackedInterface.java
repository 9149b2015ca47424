package dev.failover4j;

import java.util.Objects;

/**
 * Another interface whose link moves the group (keepalived's {@code track_interface}): with weight 0
 * the group is in FAULT while the link is down (or the interface missing); a positive weight is
 * added to the priority while it is up, a negative one while it is down (keepalived's rule).
 *
 * @param name   the interface, e.g. {@code eth1} (it need not exist yet: missing is down)
 * @param weight -254..254
 */
public record TrackedInterface(String name, int weight) {

    /**
     * Validates that the name is not null (the weight's range is checked when a group is built).
     *
     * @param name the interface, e.g. {@code eth1} (it need not exist yet: missing is down)
     * @param weight -254..254
     */
    public TrackedInterface {
        Objects.requireNonNull(name, "name");
    }

    // Written out: the record's generated equals/hashCode bootstrap through invokedynamic (ObjectMethods,
    // 10-30 ms the first time), and the first comparison is often a live reconfiguration (the agent's SIGHUP).
    @Override
    public boolean equals(Object o) {
        return o instanceof TrackedInterface t && weight == t.weight && name.equals(t.name);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + weight;
    }

    /** {@return whether the link state {@code up} puts the group in FAULT} */
    boolean fault(boolean up) {
        return weight == 0 && !up;
    }

    /** {@return the priority adjustment while the link is {@code up}} */
    int adjustment(boolean up) {
        if (weight > 0) {
            return up ? weight : 0;
        }
        return up ? 0 : weight;
    }
}
