/**
 * Service-provider interfaces: what {@code HaGroup} needs from the platform (a {@link
 * dev.failover4j.spi.Transport}, an {@link dev.failover4j.spi.AddressManager}) and from time (an
 * {@link dev.failover4j.spi.EventLoop}). Linux implementations live in {@code failover4j-jna-net};
 * in-memory ones in {@code dev.failover4j.testkit}.
 */
package dev.failover4j.spi;
