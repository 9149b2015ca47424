package dev.failover4j;

/**
 * What a group counts, read with {@link Counters#get(Counter)}. A new counter is one constant here:
 * the status, the example's page and metrics list every value.
 */
public enum Counter {
    /** Adverts sent (priority 0 included). */
    ADVERTS_SENT("adverts sent"),
    /** Adverts received that passed every check. */
    ADVERTS_RECEIVED("adverts received and accepted"),
    /** Priority-0 adverts sent: leaving MASTER on close, fault or demote. */
    PRIORITY_ZERO_SENT("priority-0 adverts sent"),
    /** Priority-0 adverts received: a master leaving. */
    PRIORITY_ZERO_RECEIVED("priority-0 adverts received"),
    /** Entries to MASTER that listeners saw (each with a new epoch). */
    BECAME_MASTER("times became master"),
    /**
     * Takeovers given up in the takeover settle: the master-down timer ran out and we sent our advert,
     * but a higher priority answered before we bound the VIP (a master that was alive after all, or a
     * higher backup racing us). Listeners see no change; a rising count means lost adverts.
     */
    TAKEOVERS_ABANDONED("takeovers given up in the settle"),
    /** Adverts the transport could not send (link down, no route). */
    SEND_ERRORS("adverts not sent"),
    /** Adverts from the address owner listing other addresses than ours: accepted, but a misconfiguration. */
    OWNER_ADDRESS_LIST_MISMATCHES("owner adverts with another address list"),
    /**
     * Adverts accepted although their address list differs from ours, because the lists share an
     * address: a live reconfiguration that reached one router and not yet this one (RFC 3768/5798
     * §7.1 make the check a MAY; keepalived 2.2.7 drops them when the count differs, and its backup
     * takes over; later keepalived versions accept and log them). A count that keeps
     * rising means the routers' addresses were left different.
     */
    ADDRESS_LIST_DIFFERENCES("adverts with a different but overlapping address list (reload in progress?)"),
    /**
     * Adverts heard, as MASTER, from another router acting as master with a lower priority (a healed
     * split brain or a one-way link; keepalived's {@code notify_master_rx_lower_pri}). Each is answered
     * with an advert and the addresses are re-announced; listeners hear of it at most once a second.
     */
    LOWER_PRIORITY_MASTER_ADVERTS("adverts from a lower-priority master (split brain)"),
    /** Listener calls that threw (the listener is still called for later changes). */
    LISTENER_ERRORS("listener calls that threw"),
    /**
     * Timers the protocol thread ran later than max(1 ms, a tenth of the advert interval) after their
     * deadline: a GC pause, a stopped process or a starved CPU eating the protocol's margin (keepalived
     * logs these as timer expirations). Adverts that arrived meanwhile are read before the late timer
     * runs, so a stall alone is not a takeover; a rising count is a reason to read "Scheduling" in the
     * README.
     */
    LATE_WAKEUPS("timers run late (GC pause, stopped process, starved CPU)");

    private final String description;

    Counter(String description) {
        this.description = description;
    }

    /** {@return a short explanation for logs and status pages} */
    public String description() {
        return description;
    }
}
