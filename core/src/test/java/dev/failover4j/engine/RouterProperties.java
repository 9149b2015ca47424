package dev.failover4j.engine;

import static dev.failover4j.engine.RouterHarness.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.HaConfig;
import dev.failover4j.HaState;
import dev.failover4j.StateChange;
import java.net.InetAddress;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants over random input sequences, with a driver that carries out every action and feeds back
 * each outcome, as HaGroup's does.
 */
class RouterProperties {

    sealed interface Step permits Advance, Advert, Health, Link, Stop, Demote, Prio, BindFails, VipGone {
    }

    record Advance(long millis) implements Step {
    }

    record Advert(int priority, boolean higherAddress) implements Step {
    }

    record Health(int adjustment, boolean fault) implements Step {
    }

    record Link(boolean up) implements Step {
    }

    record Stop() implements Step {
    }

    record Demote() implements Step {
    }

    record Prio(int priority) implements Step {
    }

    /** The next bind the driver carries out fails. */
    record BindFails() implements Step {
    }

    record VipGone() implements Step {
    }

    @Property(tries = 1000)
    void vipIsHeldExactlyWhileMasterAndListenersSeeAnUnbrokenChain(@ForAll("steps") List<Step> steps,
                                                                   @ForAll boolean owner) {
        RouterHarness h = new RouterHarness(RouterHarness.v2(owner ? 255 : 100));
        Driver d = new Driver(h);
        d.run(new Input.Start(RouterHarness.LOCAL, true));
        for (Step s : steps) {
            if (s instanceof Advance a) {
                long end = h.now + a.millis() * RouterHarness.MS;
                while (h.router.nextDeadline().isPresent() && h.router.nextDeadline().getAsLong() - end <= 0) {
                    h.now = h.router.nextDeadline().getAsLong();
                    d.run(Input.Timeout.INSTANCE);
                }
                h.now = end;
            } else if (s instanceof Advert a) {
                InetAddress src = a.higherAddress() ? ip("10.0.0.20") : ip("10.0.0.5");
                HaConfig c = h.router.config();
                byte[] bytes = dev.failover4j.codec.VrrpCodec.encode(new dev.failover4j.codec.VrrpPacket(c.version(),
                        c.vrid(), a.priority(), ReceiveChecks.intervalUnits(c), List.of(RouterHarness.VIP.address()), 0,
                        new byte[8]), src, RouterHarness.MCAST);
                d.run(new Input.PacketReceived(java.nio.ByteBuffer.wrap(bytes),
                        new dev.failover4j.codec.RxMeta(src, RouterHarness.MCAST, 255, RouterHarness.IF)));
            } else if (s instanceof Health x) {
                d.run(new Input.HealthChanged(x.adjustment(), x.fault(), "generated"));
            } else if (s instanceof Link l) {
                d.run(new Input.LinkChanged(l.up()));
            } else if (s instanceof Stop) {
                d.run(new Input.Stop());
            } else if (s instanceof Demote) {
                d.run(new Input.Demote());
            } else if (s instanceof Prio p) {
                if (!owner) {
                    d.run(new Input.SetPriority(p.priority()));
                }
            } else if (s instanceof BindFails) {
                d.failNextBind = true;
            } else if (s instanceof VipGone) {
                if (d.bound) {
                    d.bound = false;
                    d.run(new Input.VipRemoved(RouterHarness.VIP.address()));
                }
            }
            HaState st = h.router.state();
            assertEquals(st == HaState.MASTER, d.bound, () -> "state " + st + " but VIP bound=" + d.bound + " after " + s);
            assertEquals(st, d.lastNotified, "listeners' view of the state");
            if (st != HaState.MASTER) {
                assertTrue(h.deadline(Timer.ADVERT) == null && h.deadline(Timer.GARP_REPEAT) == null
                        && h.deadline(Timer.LEASE_REFRESH) == null, "master timers outside MASTER");
            }
        }
    }

    /**
     * Carries out actions like HaGroup's driver: every action in order, each outcome fed back; tracks
     * what a listener and the interface would see. No rule of its own about batches.
     */
    static final class Driver {
        final RouterHarness h;
        boolean bound;
        boolean failNextBind;
        HaState lastNotified = HaState.INITIALIZE;
        long lastMasterEpoch = 0;

        Driver(RouterHarness h) {
            this.h = h;
            h.bindsSucceed = false;
        }

        void run(Input input) {
            java.util.ArrayDeque<Input> queue = new java.util.ArrayDeque<>(List.of(input));
            for (Input next; (next = queue.poll()) != null; ) {
                for (Action a : h.feed(next)) {
                    Input outcome = perform(a);
                    if (outcome != null) {
                        queue.add(outcome);
                    }
                }
            }
        }

        private Input perform(Action a) {
            return a.accept(new Action.Visitor<Input, RuntimeException>() {
                @Override
                public Input sendAdvert(Action.SendAdvert x) {
                    return null;
                }

                @Override
                public Input bindVip(Action.BindVip x) {
                    bound = true; // when it fails: partially added, and the failure path must remove it
                    if (failNextBind) {
                        failNextBind = false;
                        return x.failed("injected");
                    }
                    return x.completed();
                }

                @Override
                public Input refreshVip(Action.RefreshVip x) {
                    assertTrue(bound, "lease refreshed without the VIP bound");
                    return null;
                }

                @Override
                public Input unbindVip(Action.UnbindVip x) {
                    bound = false;
                    return null;
                }

                @Override
                public Input announceVip(Action.AnnounceVip x) {
                    assertTrue(bound, "announce without the VIP bound");
                    return null;
                }

                @Override
                public Input notifyStateChange(Action.NotifyStateChange x) {
                    StateChange c = x.change();
                    assertEquals(lastNotified, c.previous(), () -> "broken chain: " + c);
                    if (c.current() == HaState.MASTER) {
                        assertTrue(bound, "MASTER notified before the VIP was bound");
                        assertTrue(c.epoch() > lastMasterEpoch, "epoch must rise");
                        lastMasterEpoch = c.epoch();
                    }
                    lastNotified = c.current();
                    return null;
                }

                @Override
                public Input syncWantsMaster(Action.SyncWantsMaster x) {
                    return null;
                }

                @Override
                public Input notifyLowerPriorityMaster(Action.NotifyLowerPriorityMaster x) {
                    assertEquals(HaState.MASTER, lastNotified, "a split-brain event only while MASTER");
                    return null;
                }

                @Override
                public Input warn(Action.Warn x) {
                    return null;
                }
            });
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, 5000).map(Advance::new)),
                net.jqwik.api.Tuple.of(4, net.jqwik.api.Combinators.combine(
                        Arbitraries.of(0, 1, 50, 99, 100, 101, 150, 254, 255), Arbitraries.of(true, false))
                        .as(Advert::new)),
                net.jqwik.api.Tuple.of(2, net.jqwik.api.Combinators.combine(
                        Arbitraries.integers().between(-300, 300), Arbitraries.of(true, false, false, false))
                        .as(Health::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(Link::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Demote())),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 254).map(Prio::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new BindFails())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new VipGone())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Stop())));
        return step.list().ofMaxSize(60);
    }
}
