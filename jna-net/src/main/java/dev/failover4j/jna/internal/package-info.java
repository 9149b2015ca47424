/**
 * The native layer: the libc binding, errno names, socket structures ({@code sockaddr}, {@code
 * msghdr}, ancillary data) and capability checks. Internal: not exported by the module, not API.
 */
package dev.failover4j.jna.internal;
