/**
 * The VRRP protocol engine: a pure, deterministic state machine per virtual router. Internal: not
 * exported by the module, not API.
 *
 * <p>This package has no networking code, starts no threads, sleeps nowhere and reads no clock.
 * {@link dev.failover4j.engine.VirtualRouter#handle VirtualRouter.handle(input, now)} takes an
 * {@link dev.failover4j.engine.Input} and the current monotonic time in nanoseconds and returns the
 * {@link dev.failover4j.engine.Action}s to carry out, in order; a driver reports each action's
 * outcome back as an input ({@link dev.failover4j.engine.Action#completed()},
 * {@link dev.failover4j.engine.Action#failed(String)}). Timers are data
 * ({@link dev.failover4j.engine.TimerTable}), and
 * {@link dev.failover4j.engine.VirtualRouter#nextDeadline()} says when it wants to be called next.
 * The same inputs at the same times always give the same actions, so every transition is tested
 * on a virtual clock. The driver that does the I/O is {@code dev.failover4j.GroupDriver}.
 */
package dev.failover4j.engine;
