package dev.failover4j.engine;

import dev.failover4j.Cause;

/**
 * What holds a router in FAULT (keepalived: any tracked item down): the link, the interface's own
 * address, a failing weight-0 health check, a VIP that could not be bound. Each is set on its own;
 * the router is faulted while any is, and the first in that order names the cause.
 */
final class FaultSources {

    private final String interfaceName;
    private final boolean ipv6;
    private boolean linkDown;
    private boolean sourceMissing;
    private boolean health;
    private String healthReason = "";
    private boolean bindFailed;
    private boolean sync;
    private String syncReason = "";

    FaultSources(String interfaceName, boolean ipv6) {
        this.interfaceName = interfaceName;
        this.ipv6 = ipv6;
    }

    void link(boolean up) {
        linkDown = !up;
    }

    void source(boolean missing) {
        sourceMissing = missing;
    }

    void health(boolean fault, String reason) {
        health = fault;
        healthReason = reason;
    }

    void bindFailed(boolean failed) {
        bindFailed = failed;
    }

    boolean bindFailed() {
        return bindFailed;
    }

    /** Another member of the sync group is in FAULT of its own. */
    void sync(boolean fault, String reason) {
        sync = fault;
        syncReason = reason;
    }

    boolean any() {
        return own() || sync;
    }

    /** A fault of this router's own (not only its sync group's). */
    boolean own() {
        return linkDown || sourceMissing || health || bindFailed;
    }

    Cause cause() {
        return linkDown ? Cause.LINK_DOWN : sourceMissing ? Cause.NO_SOURCE_ADDRESS
                : health ? Cause.HEALTH_FAULT : bindFailed ? Cause.VIP_BIND_FAILED : Cause.SYNC_GROUP;
    }

    String reason() {
        return linkDown ? linkReason(false) : sourceMissing ? noSourceReason() : health ? healthReason
                : bindFailed ? "VIP bind failed" : syncReason;
    }

    String linkReason(boolean up) {
        return "link of " + interfaceName + " is " + (up ? "up" : "down");
    }

    String noSourceReason() {
        return interfaceName + " has no " + (ipv6 ? "IPv6 link-local" : "IPv4") + " address of its own to send adverts from";
    }
}
