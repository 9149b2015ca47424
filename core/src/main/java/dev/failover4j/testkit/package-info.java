/**
 * Test kit: a {@link dev.failover4j.testkit.VirtualClock} and a {@link dev.failover4j.testkit.SimulatedLan}
 * on which real {@link dev.failover4j.HaGroup}s elect, fail over and recover deterministically, without
 * root, sockets or sleeps. Used by failover4j's own scenario tests and the examples' non-root demo;
 * public so that applications can test their listeners and health checks the same way.
 */
package dev.failover4j.testkit;
