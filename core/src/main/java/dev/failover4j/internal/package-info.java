/**
 * Threads and lookups behind {@code HaGroup}: the production event loop, the runtime shared by every
 * group of a process, serial executors and the provider lookup. Internal: not exported by the module,
 * not API; public only so the API package can use it.
 */
package dev.failover4j.internal;
