package dev.failover4j;

/** The VRRP states of RFC 3768 §6.4 / RFC 5798 §6.4, plus keepalived's FAULT. */
public enum HaState {
    /** Not started, or stopped. Holds no VIP and sends nothing. */
    INITIALIZE,
    /** Standby: watches the master's adverts and takes over when they stop. Holds no VIP. */
    BACKUP,
    /** Active: holds the virtual addresses and sends adverts. */
    MASTER,
    /** Cannot serve (a weight-0 health check failing, link down, VIP could not be bound). Holds no VIP. */
    FAULT
}
