/**
 * rtnetlink in pure Java: messages built and parsed with {@link java.nio.ByteBuffer} (unit-tested on
 * any OS), and the socket that sends them. Internal: not exported by the module, not API.
 */
package dev.failover4j.jna.internal.netlink;
