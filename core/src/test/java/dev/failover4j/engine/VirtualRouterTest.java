package dev.failover4j.engine;

import static dev.failover4j.engine.RouterHarness.MS;
import static dev.failover4j.engine.RouterHarness.S;
import static dev.failover4j.engine.RouterHarness.changes;
import static dev.failover4j.engine.RouterHarness.ip;
import static dev.failover4j.engine.RouterHarness.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.Cause;
import dev.failover4j.Counter;
import dev.failover4j.HaConfig;
import dev.failover4j.HaGroup;
import dev.failover4j.HaState;
import dev.failover4j.StateChange;
import dev.failover4j.VirtualAddress;
import dev.failover4j.VrrpVersion;
import dev.failover4j.Rejection;
import dev.failover4j.codec.VrrpPacket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every transition of the engine on a virtual clock, each naming the RFC section it checks. */
class VirtualRouterTest {

    static final InetAddress PEER_LOW = ip("10.0.0.5");   // lower than LOCAL 10.0.0.10
    static final InetAddress PEER_HIGH = ip("10.0.0.20"); // higher than LOCAL

    /** v2, priority 100: Master_Down_Interval = 3 × 1 s + (256 − 100)/256 s. */
    static final long MDI_V2_100 = 3 * S + 156L * S / 256;

    RouterHarness backup(HaConfig c) {
        RouterHarness h = new RouterHarness(c);
        h.start();
        return h;
    }

    RouterHarness master(HaConfig c) {
        RouterHarness h = backup(c);
        h.advance(h.router.masterDownNanos());
        assertEquals(HaState.MASTER, h.router.state());
        return h;
    }

    @Nested
    @DisplayName("Initialize (RFC 3768 §6.4.1, RFC 5798 §6.4.1)")
    class Initialize {
        @Test
        void aNonOwnerStartsAsBackupWithMasterDownTimerAndClearsAStaleVip() {
            RouterHarness h = new RouterHarness(RouterHarness.v2(100));
            List<Action> out = h.start();
            assertEquals(List.of("unbind", "notify(INITIALIZE->BACKUP)"), names(out));
            assertEquals(HaState.BACKUP, h.router.state());
            assertEquals(h.now + MDI_V2_100, h.deadline(Timer.MASTER_DOWN));
            assertEquals(Cause.STARTED, changes(out).get(0).cause());
        }

        @Test
        void theAddressOwnerBecomesMasterAtOnceAdvertFirstThenVipThenGarp() {
            RouterHarness h = new RouterHarness(RouterHarness.v2(255));
            List<Action> out = h.start();
            // No unbind: the owner's addresses are its own.
            assertEquals(List.of("advert(255)", "bind", "announce(5)", "notify(INITIALIZE->MASTER)"), names(out));
            assertEquals(Cause.ADDRESS_OWNER, changes(out).get(0).cause());
            assertEquals(h.now + S, h.deadline(Timer.ADVERT));
        }

        @Test
        void inputsBeforeStartDoNothingButAreRemembered() {
            RouterHarness h = new RouterHarness(RouterHarness.v2(100));
            assertEquals(List.of(), h.feed(new Input.HealthChanged(0, true, "db failing")));
            assertEquals(List.of(), h.advert(200, PEER_HIGH));
            List<Action> out = h.start();
            assertEquals(HaState.FAULT, h.router.state());
            assertEquals(Cause.HEALTH_FAULT, changes(out).get(0).cause());
        }

        @Test
        void theLinkStateReadAtStartWinsOverOlderEvents() {
            RouterHarness h = new RouterHarness(RouterHarness.v2(100));
            h.feed(new Input.LinkChanged(true)); // an older event, queued before the driver read the link
            List<Action> out = h.feed(new Input.Start(RouterHarness.LOCAL, false));
            assertEquals(Cause.LINK_DOWN, changes(out).get(0).cause());
        }
    }

    @Nested
    @DisplayName("Backup (RFC 3768 §6.4.2, RFC 5798 §6.4.2)")
    class Backup {
        @Test
        void becomesMasterWhenMasterDownTimerFiresNotANanosecondEarlier() {
            RouterHarness h = backup(RouterHarness.v2(100));
            assertEquals(List.of(), h.advance(MDI_V2_100 - 1));
            assertEquals(HaState.BACKUP, h.router.state());
            List<Action> out = h.advance(1);
            assertEquals(List.of("advert(100)", "bind", "announce(5)", "notify(BACKUP->MASTER)"), names(out));
            assertEquals(Cause.MASTER_DOWN, changes(out).get(0).cause());
            assertNull(h.deadline(Timer.MASTER_DOWN));
            assertEquals(h.now + S, h.deadline(Timer.ADVERT));
        }

        @Test
        void anAdvertWithHigherOrEqualPriorityRestartsMasterDownTimer() {
            RouterHarness h = backup(RouterHarness.v2(100));
            h.advance(3 * S);
            assertEquals(List.of(), h.advert(150, PEER_HIGH));
            assertEquals(h.now + MDI_V2_100, h.deadline(Timer.MASTER_DOWN));
            h.advance(3 * S);
            h.advert(100, PEER_LOW); // equal priority is accepted too
            assertEquals(h.now + MDI_V2_100, h.deadline(Timer.MASTER_DOWN));
            assertEquals(PEER_LOW, h.router.snapshot().masterAddress());
        }

        @Test
        void priorityZeroMakesTheBackupTakeOverAfterSkewTimeOnly() {
            RouterHarness h = backup(RouterHarness.v2(100));
            h.advert(150, PEER_HIGH);
            h.advance(500 * MS);
            h.advert(0, PEER_HIGH);
            long skew = 156L * S / 256; // (256 − 100)/256 s
            assertEquals(h.now + skew, h.deadline(Timer.MASTER_DOWN));
            List<Action> out = h.advance(skew);
            assertEquals(HaState.MASTER, h.router.state());
            assertEquals(1, changes(out).size());
            assertEquals(1, h.router.snapshot().tally().get(Counter.PRIORITY_ZERO_RECEIVED));
        }

        @Test
        void withPreemptALowerPriorityAdvertIsDiscardedAndTheBackupTakesOver() {
            RouterHarness h = backup(RouterHarness.v2(100));
            h.advert(50, PEER_LOW);
            long armedAt = h.deadline(Timer.MASTER_DOWN);
            h.advance(2 * S);
            h.advert(50, PEER_LOW);
            assertEquals(armedAt, h.deadline(Timer.MASTER_DOWN), "lower priority must not restart the timer");
            h.advance(MDI_V2_100 - 2 * S);
            assertEquals(HaState.MASTER, h.router.state());
        }

        @Test
        void withNopreemptALowerPriorityMasterIsKept() {
            RouterHarness h = backup(RouterHarness.v2(100, b -> b.preempt(false)));
            for (int i = 0; i < 10; i++) {
                h.advert(50, PEER_LOW);
                h.advance(S);
            }
            assertEquals(HaState.BACKUP, h.router.state());
        }

        @Test
        void preemptDelayStartsAtTheFirstLowerPriorityAdvert() {
            RouterHarness h = backup(RouterHarness.v2(100, b -> b.preemptDelay(Duration.ofSeconds(10))));
            long first = h.now;
            for (int i = 0; i < 20 && h.router.state() == HaState.BACKUP; i++) {
                h.advert(50, PEER_LOW);
                h.advance(S);
            }
            assertEquals(HaState.MASTER, h.router.state());
            long took = h.now - first;
            // Adverts count until 10 s after the first; the timer then runs out Master_Down_Interval later.
            assertTrue(took >= 10 * S + MDI_V2_100 - S && took <= 10 * S + MDI_V2_100 + S, "took " + took);
        }

        @Test
        void v3BackupAdoptsTheMastersIntervalForMasterDownInterval() {
            RouterHarness h = backup(RouterHarness.v3(100, Duration.ofSeconds(1)));
            // Master advertises every 10 cs: Master_Down = 3 × 100 ms + (156 × 100 ms)/256.
            VrrpPacket fast = VrrpPacket.v3(51, 150, 10, List.of(RouterHarness.VIP.address()));
            h.advert(fast, PEER_HIGH);
            long expected = 300 * MS + 156L * 100 * MS / 256;
            assertEquals(expected, h.router.masterDownNanos());
            assertEquals(h.now + expected, h.deadline(Timer.MASTER_DOWN));
            assertEquals(Duration.ofMillis(100), h.router.snapshot().masterAdverInterval());
        }

        @Test
        void v3SkewTimeScalesWithTheInterval() {
            RouterHarness h = backup(RouterHarness.v3(200, Duration.ofMillis(100)));
            assertEquals(56L * 100 * MS / 256, h.router.skewNanos()); // ((256 − 200) × 10 cs)/256
            assertEquals(3 * 100 * MS + 56L * 100 * MS / 256, h.router.masterDownNanos());
        }

        @Test
        void downTimerAdvertsIsConfigurableForLossyLinks() {
            RouterHarness h = backup(RouterHarness.v2(100, b -> b.downTimerAdverts(5)));
            assertEquals(5 * S + 156L * S / 256, h.router.masterDownNanos());
        }

        @Test
        void rejectedPacketsAreCountedAndNeverRestartTheTimer() {
            RouterHarness h = backup(RouterHarness.v2(100, b -> b.authPassword("secret")));
            long armed = h.deadline(Timer.MASTER_DOWN);
            VrrpPacket wrongPass = VrrpPacket.v2(51, 200, 1, dev.failover4j.codec.AuthType.SIMPLE_TEXT, "guess",
                    List.of((java.net.Inet4Address) RouterHarness.VIP.address()));
            h.advert(wrongPass, PEER_HIGH);
            h.feed(new Input.PacketReceived(ByteBuffer.wrap(new byte[] {0x21, 51, 1}),
                    new dev.failover4j.codec.RxMeta(PEER_HIGH, RouterHarness.MCAST, 255, RouterHarness.IF)));
            assertEquals(armed, h.deadline(Timer.MASTER_DOWN));
            assertEquals(1L, h.router.snapshot().tally().rejected(Rejection.AUTH_FAILURE));
            assertEquals(1L, h.router.snapshot().tally().rejected(Rejection.TOO_SHORT));
            assertEquals(0, h.router.snapshot().tally().get(Counter.ADVERTS_RECEIVED));
        }

        @Test
        void unicastV3AdvertsWithKeepalivedsOldChecksumAreAcceptedWithAWarning() {
            HaConfig unicast = RouterHarness.base(100).vrrpVersion(3).unicastPeer(PEER_HIGH.getHostAddress()).buildConfig();
            RouterHarness h = backup(unicast);
            VrrpPacket p = VrrpPacket.v3(51, 150, 100, List.of(RouterHarness.VIP.address()));
            // Checksummed as keepalived <= 1.3.6 does for unicast: 224.0.0.18 in the pseudo-header.
            byte[] old = dev.failover4j.codec.VrrpCodec.encode(p, PEER_HIGH, RouterHarness.MCAST);
            List<Action> out = h.feed(new Input.PacketReceived(ByteBuffer.wrap(old),
                    new dev.failover4j.codec.RxMeta(PEER_HIGH, RouterHarness.LOCAL, 255, RouterHarness.IF)));
            assertEquals(List.of("warn"), names(out));
            assertEquals(1, h.router.snapshot().tally().get(Counter.ADVERTS_RECEIVED));
            assertEquals(h.now + h.router.masterDownNanos(), h.deadline(Timer.MASTER_DOWN));
        }

        @Test
        void aTimeoutBeforeTheDeadlineIsANoOp() {
            RouterHarness h = backup(RouterHarness.v2(100));
            assertEquals(List.of(), h.feed(new Input.Timeout()));
            assertEquals(HaState.BACKUP, h.router.state());
        }
    }

    @Nested
    @DisplayName("Master (RFC 3768 §6.4.3, RFC 5798 §6.4.3)")
    class Master {
        @Test
        void sendsAnAdvertEveryInterval() {
            RouterHarness h = master(RouterHarness.v2(100));
            List<Action> out = h.advance(3 * S);
            assertEquals(List.of("advert(100)", "advert(100)", "advert(100)"), names(out));
        }

        /** A thread that wakes late does not push every later advert back (a capture shows 100 ms, not 100.3). */
        @Test
        void advertsKeepTheirCadenceWhenTheTimerFiresLate() {
            RouterHarness h = master(RouterHarness.v2(100));
            long deadline = h.deadline(Timer.ADVERT);
            h.now = deadline + 300_000; // woke 0.3 ms late
            assertEquals(List.of("advert(100)"), names(h.feed(Input.Timeout.INSTANCE)));
            assertEquals(deadline + S, h.deadline(Timer.ADVERT), "the next advert is one interval after the last deadline");
            long next = h.deadline(Timer.ADVERT);
            h.now = next + S / 5; // a stall (a fifth of the interval): one advert, then every interval from now
            assertEquals(List.of("advert(100)"), names(h.feed(Input.Timeout.INSTANCE)));
            assertEquals(h.now + S, h.deadline(Timer.ADVERT), "no short interval to catch up after a stall");
        }

        @Test
        void aHigherPriorityAdvertMakesItBackupWithoutAPriorityZeroAdvert() {
            RouterHarness h = master(RouterHarness.v2(100));
            List<Action> out = h.advert(150, PEER_LOW);
            // One advert of ours first (keepalived's higher_prio_send_advert): a master that has not heard
            // of us yet (a healed split) hears a lower-priority master and re-announces the VIP.
            assertEquals(List.of("advert(100)", "unbind", "notify(MASTER->BACKUP)"), names(out));
            assertEquals(Cause.HIGHER_PRIORITY_MASTER, changes(out).get(0).cause());
            assertNull(h.deadline(Timer.ADVERT));
            assertNull(h.deadline(Timer.GARP_REPEAT), "a demoted node must never announce");
            assertEquals(h.now + MDI_V2_100, h.deadline(Timer.MASTER_DOWN));
        }

        @Test
        void rfcStrictAMasterYieldsWithoutAnAdvert() {
            RouterHarness h = master(RouterHarness.v2(100, b -> b.higherPrioritySendAdvert(false)));
            assertEquals(List.of("unbind", "notify(MASTER->BACKUP)"), names(h.advert(150, PEER_LOW)));
        }

        @Test
        void aLowerPriorityMasterIsAnsweredAndTheVipAnnouncedNowAndAgainAfterTheGarpDelay() {
            // keepalived's garp_lower_prio_repeat / _delay: a client that took the other's announcement less
            // than a second ago (Linux's neighbour locktime) ignores the first burst, not the second.
            RouterHarness h = master(RouterHarness.v2(100));
            h.advance(10 * S); // past the second burst of becoming master
            assertEquals(List.of("advert(100)", "announce(5)", "lowerPriorityMaster(99)"), names(h.advert(99, PEER_HIGH)));
            long at = h.now;
            assertEquals(at + 5 * S, h.deadline(Timer.GARP_REPEAT));
            List<Action> later = h.advance(5 * S);
            assertEquals(1, later.stream().filter(a -> a instanceof Action.AnnounceVip).count(), names(later).toString());
        }

        @Test
        void equalPriorityTheHigherPrimaryAddressWins() {
            RouterHarness h = master(RouterHarness.v2(100));
            assertEquals(List.of("advert(100)", "announce(5)", "lowerPriorityMaster(100)"), names(h.advert(100, PEER_LOW)),
                    "lower address: we stay");
            assertEquals(HaState.MASTER, h.router.state());
            h.advert(100, PEER_HIGH);
            assertEquals(HaState.BACKUP, h.router.state());
        }

        @Test
        void aLowerPriorityMasterIsAnsweredAtOnceAndTheVipReannouncedOncePerInterval() {
            // RFC §6.4.3 discards it; we answer like keepalived so the other yields now, and re-announce
            // the VIP because the other may have pointed clients' ARP caches at itself.
            RouterHarness h = master(RouterHarness.v2(100));
            h.advance(300 * MS);
            assertEquals(List.of("advert(100)", "announce(5)", "lowerPriorityMaster(99)"), names(h.advert(99, PEER_HIGH)));
            assertEquals(h.now + S, h.deadline(Timer.ADVERT), "Adver_Timer reset");
            assertEquals(List.of("advert(100)"), names(h.advert(99, PEER_HIGH)), "no second burst within the interval");
            assertEquals(HaState.MASTER, h.router.state());
        }

        @Test
        void aLowerPriorityMasterIsToldToTheApplicationWithWhoAndHowManyAtMostOnceASecond() {
            // keepalived's notify_master_rx_lower_pri, without a listener storm from a one-way link.
            RouterHarness h = master(RouterHarness.v2(100));
            h.advance(300 * MS);
            Action.NotifyLowerPriorityMaster first = lowerPriorityMaster(h.advert(90, PEER_HIGH));
            assertEquals(PEER_HIGH, first.event().address());
            assertEquals(90, first.event().priority());
            assertEquals(100, first.event().ourPriority());
            assertEquals(h.router.snapshot().epoch(), first.event().epoch());
            assertEquals(1, first.event().adverts());
            for (int i = 0; i < 9; i++) { // the other never hears us: it keeps sending every interval
                h.advance(100 * MS);
                assertEquals(List.of(), h.advert(90, PEER_HIGH).stream()
                        .filter(a -> a instanceof Action.NotifyLowerPriorityMaster).toList(), "within a second of the last");
            }
            h.advance(100 * MS);
            Action.NotifyLowerPriorityMaster next = lowerPriorityMaster(h.advert(90, PEER_HIGH));
            assertEquals(10, next.event().adverts(), "the adverts since the last event");
            assertEquals(11, h.router.tally().get(Counter.LOWER_PRIORITY_MASTER_ADVERTS), "every advert counted");
            assertEquals(HaState.MASTER, h.router.state());
        }

        private Action.NotifyLowerPriorityMaster lowerPriorityMaster(List<Action> out) {
            List<Action> found = out.stream().filter(a -> a instanceof Action.NotifyLowerPriorityMaster).toList();
            assertEquals(1, found.size(), names(out).toString());
            return (Action.NotifyLowerPriorityMaster) found.get(0);
        }

        @Test
        void aBackupHearingALowerPriorityMasterTellsNobody() {
            RouterHarness h = backup(RouterHarness.v2(100, b -> b.preempt(false)));
            assertEquals(List.of(), h.advert(90, PEER_HIGH).stream()
                    .filter(a -> a instanceof Action.NotifyLowerPriorityMaster).toList());
            assertEquals(0, h.router.tally().get(Counter.LOWER_PRIORITY_MASTER_ADVERTS));
        }

        @Test
        void aPriorityZeroAdvertIsAnsweredAtOnceAndTheAdverTimerReset() {
            RouterHarness h = master(RouterHarness.v2(100));
            h.advance(400 * MS);
            // The other thought it was master: clients may have followed it, so the VIP is announced again.
            assertEquals(List.of("advert(100)", "announce(5)"), names(h.advert(0, PEER_LOW)));
            assertEquals(h.now + S, h.deadline(Timer.ADVERT));
        }

        @Test
        void shutdownSendsPriorityZeroThenReleasesTheVip() {
            RouterHarness h = master(RouterHarness.v2(100));
            List<Action> out = h.feed(new Input.Stop());
            assertEquals(List.of("advert(0)", "unbind", "notify(MASTER->INITIALIZE)"), names(out));
            assertTrue(h.router.nextDeadline().isEmpty());
            assertEquals(List.of(), h.advance(60 * S), "nothing after stop");
            assertEquals(List.of(), h.feed(new Input.Stop()), "stop is idempotent");
        }

        @Test
        void secondGarpBurstAfterTheDelayAndLeaseRefreshEveryThird() {
            RouterHarness h = master(RouterHarness.v2(100, b -> b.vipLease(Duration.ofSeconds(6))));
            List<Action> out = h.advance(5 * S);
            // Adverts at 1..5 s, lease refreshes at 2 s and 4 s (after that second's advert), second GARP burst at 5 s.
            assertEquals(List.of("advert(100)", "advert(100)", "refresh", "advert(100)", "advert(100)", "refresh",
                    "advert(100)", "announce(5)"), names(out));
        }

        @Test
        void garpRefreshWhileMasterWhenConfigured() {
            RouterHarness h = master(RouterHarness.v2(100, b -> b.garpMasterRefresh(Duration.ofMillis(2500), 1)));
            List<Action> out = h.advance(5 * S);
            assertEquals(3, out.stream().filter(a -> a instanceof Action.AnnounceVip).count()); // 2.5 s, 5 s (+ burst at 5 s)
        }

        @Test
        void aVipRemovedFromOutsideIsAddedBackWithAWarning() {
            RouterHarness h = master(RouterHarness.v2(100));
            assertEquals(List.of("warn", "bind", "announce(5)"),
                    names(h.feed(new Input.VipRemoved(RouterHarness.VIP.address()))));
            assertEquals(List.of(), h.feed(new Input.VipRemoved(ip("10.0.0.99"))), "not ours");
        }

        @Test
        void epochRisesOnEveryEntryToMaster() {
            RouterHarness h = master(RouterHarness.v2(100));
            long first = h.router.snapshot().epoch();
            h.advert(150, PEER_HIGH);
            h.advance(MDI_V2_100);
            assertEquals(HaState.MASTER, h.router.state());
            List<StateChange> all = changes(h.log);
            StateChange last = all.get(all.size() - 1);
            assertEquals(first + 1, last.epoch());
        }
    }

    @Nested
    @DisplayName("Fault and health (keepalived vrrp_script semantics)")
    class Fault {
        @Test
        void aFailingWeightZeroCheckMovesMasterToFaultPriorityZeroFirst() {
            RouterHarness h = master(RouterHarness.v2(100));
            List<Action> out = h.feed(new Input.HealthChanged(0, true, "check web failing"));
            assertEquals(List.of("advert(0)", "unbind", "notify(MASTER->FAULT)"), names(out));
            assertTrue(h.router.nextDeadline().isEmpty(), "no adverts, no GARPs in fault");
            assertEquals(List.of(), h.advert(200, PEER_HIGH), "a FAULT router ignores adverts");
            List<Action> back = h.feed(new Input.HealthChanged(0, false, "check web healthy"));
            assertEquals(List.of("notify(FAULT->BACKUP)"), names(back));
            assertEquals(Cause.FAULT_CLEARED, changes(back).get(0).cause());
            assertEquals(h.now + MDI_V2_100, h.deadline(Timer.MASTER_DOWN));
        }

        @Test
        void linkDownIsFaultAndLinkUpIsBackup() {
            RouterHarness h = master(RouterHarness.v2(100));
            assertEquals(List.of("advert(0)", "unbind", "notify(MASTER->FAULT)"),
                    names(h.feed(new Input.LinkChanged(false))));
            // Health recovering does not clear a link fault.
            assertEquals(List.of(), h.feed(new Input.HealthChanged(0, false, "ok")));
            assertEquals(List.of("notify(FAULT->BACKUP)"), names(h.feed(new Input.LinkChanged(true))));
        }

        @Test
        void weightsAdjustTheAdvertisedPriorityWithin1To254() {
            RouterHarness h = master(RouterHarness.v2(100));
            assertEquals(List.of("advert(80)"), names(h.feed(new Input.HealthChanged(-20, false, "web -20"))));
            h.feed(new Input.HealthChanged(-500, false, "everything failing"));
            assertEquals(1, h.router.effectivePriority());
            h.feed(new Input.HealthChanged(+500, false, "everything healthy"));
            assertEquals(254, h.router.effectivePriority());
        }

        @Test
        void theOwnerIgnoresWeightsButNotFaults() {
            RouterHarness h = new RouterHarness(RouterHarness.v2(255));
            h.start();
            h.feed(new Input.HealthChanged(-50, false, "web -50"));
            assertEquals(255, h.router.effectivePriority());
            h.feed(new Input.HealthChanged(0, true, "weight 0 failing"));
            assertEquals(HaState.FAULT, h.router.state());
            List<Action> out = h.feed(new Input.HealthChanged(0, false, "ok"));
            assertEquals(List.of("advert(255)", "bind", "announce(5)", "notify(FAULT->MASTER)"), names(out));
        }

        @Test
        void aLowerPriorityMasterIsPreemptedByAHealthierBackup() {
            RouterHarness h = master(RouterHarness.v2(100));
            h.feed(new Input.HealthChanged(-30, false, "web -30"));
            h.advert(90, PEER_LOW); // backup at 90 > our 70: we yield
            assertEquals(HaState.BACKUP, h.router.state());
        }

        @Test
        void aFailedBindIsFaultListenersNeverSawMasterAndItRetries() {
            RouterHarness h = backup(RouterHarness.v2(100));
            h.bindsSucceed = false;
            List<Action> batch = h.advance(MDI_V2_100);
            Action bind = batch.stream().filter(a -> a instanceof Action.BindVip).findFirst().orElseThrow();
            List<Action> out = h.feed(bind.failed("EPERM: Operation not permitted"));
            assertEquals(List.of("advert(0)", "unbind", "notify(BACKUP->FAULT)"), names(out));
            assertEquals(Cause.VIP_BIND_FAILED, changes(out).get(0).cause());
            // Retry after Master_Down_Interval: back to backup, and master again after another one.
            List<Action> retry = h.advance(MDI_V2_100);
            assertEquals(List.of("notify(FAULT->BACKUP)"), names(retry));
        }

        @Test
        void aFailedBindDoesNotUseUpAnEpochAndTheRetryDoesNotPreemptALiveMaster() {
            RouterHarness h = backup(RouterHarness.v2(200));
            h.bindsSucceed = false;
            List<Action> batch = h.advance(h.router.masterDownNanos());
            Action bind = batch.stream().filter(a -> a instanceof Action.BindVip).findFirst().orElseThrow();
            h.feed(bind.failed("EPERM"));
            h.bindsSucceed = true;
            assertEquals(0, h.router.snapshot().epoch(), "nobody saw that mastership");
            h.advance(h.router.masterDownNanos()); // retry: BACKUP
            assertEquals(HaState.BACKUP, h.router.state());
            for (int i = 0; i < 10; i++) {
                h.advert(100, PEER_LOW); // a healthy lower-priority master
                h.advance(S);
            }
            assertEquals(HaState.BACKUP, h.router.state(), "must not knock the live master off to fail again");
        }

        @Test
        void aFailedUnbindOutsideMasterIsRetriedEverySecond() {
            RouterHarness h = master(RouterHarness.v2(100));
            List<Action> out = h.advert(150, PEER_HIGH);
            Action unbind = out.stream().filter(a -> a instanceof Action.UnbindVip).findFirst().orElseThrow();
            assertEquals(List.of("warn"), names(h.feed(new Input.ActionFailed(unbind, "EBUSY"))));
            assertEquals(List.of("unbind"), names(h.advance(S)));
        }

        @Test
        @DisplayName("keepalived's virtual_ipaddress_excluded: bound, announced and released with the VIPs, never advertised")
        void excludedAddressesAreBoundAndReleasedWithTheVipsButNotAdvertised() {
            RouterHarness h = new RouterHarness(RouterHarness.v2(100, b -> b.excludedAddress("10.0.0.200/24")));
            h.start();
            List<Action> becoming = h.advance(h.router.masterDownNanos());
            Action.BindVip bind = (Action.BindVip) becoming.stream().filter(a -> a instanceof Action.BindVip).findFirst().orElseThrow();
            assertEquals(List.of("10.0.0.100/24", "10.0.0.200/24"), bind.vips().stream().map(Object::toString).toList());
            List<Action> announced = becoming; // the harness's binds succeed at once
            Action.SendAdvert advert = (Action.SendAdvert) announced.stream().filter(a -> a instanceof Action.SendAdvert)
                    .findFirst().orElseThrow();
            assertEquals(List.of(ip("10.0.0.100")), advert.packet().addresses(), "the advert lists the VIP alone");
            Action.AnnounceVip garp = (Action.AnnounceVip) announced.stream().filter(a -> a instanceof Action.AnnounceVip)
                    .findFirst().orElseThrow();
            assertEquals(2, garp.vips().size(), "both announced");
            Action.UnbindVip release = (Action.UnbindVip) h.advert(150, PEER_HIGH).stream()
                    .filter(a -> a instanceof Action.UnbindVip).findFirst().orElseThrow();
            assertEquals(2, release.vips().size(), "both released");
        }

        @Test
        void theOwnersAddressesAreNeverLeasedAndItCannotDemote() {
            RouterHarness h = new RouterHarness(RouterHarness.v2(255, b -> b.vipLease(Duration.ofSeconds(5))));
            Action.BindVip bind = (Action.BindVip) h.start().stream().filter(a -> a instanceof Action.BindVip)
                    .findFirst().orElseThrow();
            assertNull(bind.lease());
            assertNull(h.deadline(Timer.LEASE_REFRESH));
            assertEquals(List.of(), h.feed(new Input.Demote()));
        }

        @Test
        void aPreemptDelayRunningBeforeAFaultStartsAfreshAfterIt() {
            RouterHarness h = backup(RouterHarness.v2(100, b -> b.preemptDelay(Duration.ofSeconds(100))));
            h.advert(50, PEER_LOW); // the delay starts
            h.feed(new Input.LinkChanged(false));
            h.advance(200 * S);
            h.feed(new Input.LinkChanged(true));
            h.advert(50, PEER_LOW); // a new delay, not an expired one
            assertEquals(h.now + MDI_V2_100, h.deadline(Timer.MASTER_DOWN));
        }

        @Test
        void aFailedReBindWhileMasterIsMasterToFault() {
            RouterHarness h = master(RouterHarness.v2(100));
            h.bindsSucceed = false;
            List<Action> rebind = h.feed(new Input.VipRemoved(RouterHarness.VIP.address()));
            Action bind = rebind.stream().filter(a -> a instanceof Action.BindVip).findFirst().orElseThrow();
            assertEquals(List.of("advert(0)", "unbind", "notify(MASTER->FAULT)"), names(h.feed(bind.failed("ENODEV"))));
        }
    }

    @Nested
    @DisplayName("Takeover settle: two backups taking over at once, the lower never holds the VIP")
    class Settle {
        @Test
        void aTakingOverBackupAdvertisesAtOnceAndBindsAfterTheSettle() {
            RouterHarness h = backup(RouterHarness.v2(100, b -> b.takeoverSettle(Duration.ofMillis(2))));
            assertEquals(List.of("advert(100)"), names(h.advance(MDI_V2_100)), "master on the wire at once");
            assertEquals(HaState.BACKUP, h.router.snapshot().state());
            assertEquals(List.of(), h.advance(2 * MS - 1));
            List<Action> out = h.advance(1);
            assertEquals(List.of("bind", "announce(5)", "notify(BACKUP->MASTER)"), names(out));
            assertEquals(Cause.MASTER_DOWN, changes(out).get(0).cause());
            assertEquals(0, h.router.snapshot().tally().get(Counter.TAKEOVERS_ABANDONED));
        }

        @Test
        void aHigherPriorityAdvertInTheSettleMakesItYieldWithoutEverBinding() {
            RouterHarness h = backup(RouterHarness.base(99).vrrpVersion(3).advertInterval(Duration.ofMillis(100))
                    .takeoverSettle(Duration.ofMillis(2)).buildConfig());
            h.advance(h.router.masterDownNanos());
            // Priority 100 took over 0.39 ms earlier, but its advert arrives after our timer ran out.
            List<Action> out = h.advert(VrrpPacket.v3(51, 100, 10, List.of(RouterHarness.VIP.address())), PEER_HIGH);
            assertEquals(List.of("advert(99)", "unbind"), names(out), "no bind, nothing for listeners");
            assertEquals(List.of(), h.advance(10 * MS), "the settle does not fire after yielding");
            assertTrue(h.log.stream().noneMatch(a -> a instanceof Action.BindVip), names(h.log).toString());
            assertEquals(0, h.router.snapshot().epoch());
            assertEquals(1, h.router.snapshot().tally().get(Counter.TAKEOVERS_ABANDONED), "counted for the operator");
        }

        @Test
        void theSettleGrowsWithTheJitterOfTheMastersAdvertsUpToAQuarterInterval() {
            RouterHarness h = backup(RouterHarness.base(100).vrrpVersion(3).advertInterval(Duration.ofMillis(100))
                    .takeoverSettle(Duration.ofMillis(1)).buildConfig());
            VrrpPacket master = VrrpPacket.v3(51, 150, 10, List.of(RouterHarness.VIP.address()));
            for (int i = 0; i < 5; i++) { // on time: the floor
                h.advert(master, PEER_HIGH);
                h.advance(100 * MS);
            }
            assertEquals(MS, h.router.settleNanos());
            h.advance(3 * MS); // one advert 3 ms late
            h.advert(master, PEER_HIGH);
            assertEquals(6 * MS, h.router.settleNanos());
            h.advance(137 * MS); // the next gap 137 ms: 37 ms off
            h.advert(master, PEER_HIGH);
            assertEquals(25 * MS, h.router.settleNanos(), "at most a quarter of the interval");
            h.advance(300 * MS); // a lost advert is not a sample
            h.advert(master, PEER_HIGH);
            assertEquals(25 * MS, h.router.settleNanos());
        }

        @Test
        void byDefaultAPairTakesOverAtOnceAndTheSettleStartsWithSignsOfAThirdRouter() {
            RouterHarness h = backup(defaultSettle().buildConfig());
            VrrpPacket master = VrrpPacket.v3(51, 150, 10, List.of(RouterHarness.VIP.address()));
            h.advert(master, PEER_HIGH);
            assertEquals(0, h.router.settleNanos(), "one other router heard: a pair, no settle");
            assertEquals(List.of("advert(100)", "bind", "announce(5)", "notify(BACKUP->MASTER)"),
                    names(h.advance(h.router.masterDownNanos())), "bound at once, as keepalived does");
            // Another router acts as master now: three routers, so later takeovers settle.
            h.advert(VrrpPacket.v3(51, 120, 10, List.of(RouterHarness.VIP.address())), PEER_LOW);
            assertEquals(10 * MS, h.router.settleNanos(), "a tenth of the 100 ms interval, at most 10 ms");

            RouterHarness slow = backup(defaultSettle().advertInterval(Duration.ofSeconds(1)).buildConfig());
            slow.advert(VrrpPacket.v3(51, 150, 100, List.of(RouterHarness.VIP.address())), PEER_HIGH);
            slow.advert(VrrpPacket.v3(51, 120, 100, List.of(RouterHarness.VIP.address())), PEER_LOW);
            assertEquals(50 * MS, slow.router.settleNanos(), "at 1 s a twentieth, 50 ms, is more");
            RouterHarness fast = backup(defaultSettle().advertInterval(Duration.ofMillis(20)).buildConfig());
            fast.advert(VrrpPacket.v3(51, 150, 2, List.of(RouterHarness.VIP.address())), PEER_HIGH);
            fast.advert(VrrpPacket.v3(51, 120, 2, List.of(RouterHarness.VIP.address())), PEER_LOW);
            assertEquals(2 * MS, fast.router.settleNanos(), "at 20 ms a tenth, 2 ms");
        }

        @Test
        void twoUnicastPeersMeanThreeRoutersFromTheStart() {
            RouterHarness h = backup(defaultSettle().unicastSource("10.0.0.10").unicastPeer("10.0.0.20").unicastPeer("10.0.0.5")
                    .buildConfig());
            assertEquals(10 * MS, h.router.settleNanos());
        }

        /** VRRPv3 at 100 ms with the takeover settle left at its default (the harness's base sets it to zero). */
        private HaGroup.Builder defaultSettle() {
            return HaGroup.builder().interfaceName("eth0").vrid(51).priority(100).virtualAddress(RouterHarness.VIP)
                    .vrrpVersion(3).advertInterval(Duration.ofMillis(100)).vipLease(Duration.ZERO);
        }

        @Test
        void theOwnerAndAClearedFaultDoNotWait() {
            RouterHarness owner = new RouterHarness(RouterHarness.v2(255, b -> b.takeoverSettle(Duration.ofMillis(2))));
            assertEquals(List.of("advert(255)", "bind", "announce(5)", "notify(INITIALIZE->MASTER)"), names(owner.start()));
        }
    }

    @Nested
    @DisplayName("Causes and reasons name the trigger, with the figures in force")
    class Reasons {
        @Test
        void silenceIsMasterDownWithTheIntervalItsPartsAndTheLastMaster() {
            RouterHarness h = backup(RouterHarness.v2(100));
            h.advert(150, PEER_HIGH);
            StateChange c = changes(h.advance(MDI_V2_100)).get(0);
            assertEquals(Cause.MASTER_DOWN, c.cause());
            assertEquals("no advert from master 10.0.0.20 (priority 150) for Master_Down_Interval 3609 ms"
                    + " (3 × 1000 ms + Skew_Time 609 ms)", c.reason());
        }

        @Test
        void priorityZeroIsMasterLeftWithTheSkewTimeWaited() {
            RouterHarness h = backup(RouterHarness.v3(100, Duration.ofMillis(100)));
            h.advert(VrrpPacket.v3(51, 150, 10, List.of(RouterHarness.VIP.address())), PEER_HIGH);
            h.advert(VrrpPacket.v3(51, 0, 10, List.of(RouterHarness.VIP.address())), PEER_HIGH);
            StateChange c = changes(h.advance(S)).get(0);
            assertEquals(Cause.MASTER_LEFT, c.cause());
            assertEquals("priority 0 from 10.0.0.20 (the master left); took over after Skew_Time 60.9 ms (priority 100)",
                    c.reason());
        }

        @Test
        void discardingALowerPriorityMasterIsPreemption() {
            RouterHarness h = backup(RouterHarness.v2(100));
            h.advert(90, PEER_LOW);
            StateChange c = changes(h.advance(MDI_V2_100)).get(0);
            assertEquals(Cause.PREEMPTED, c.cause());
            assertEquals("preempting 10.0.0.5 (priority 90, ours 100): its adverts discarded for Master_Down_Interval"
                    + " 3609 ms (3 × 1000 ms + Skew_Time 609 ms)", c.reason());
        }

        @Test
        void anAcceptedAdvertAfterPriorityZeroMakesItSilenceAgain() {
            RouterHarness h = backup(RouterHarness.v2(100));
            h.advert(0, PEER_HIGH);
            h.advert(120, PEER_LOW); // another master answers in time
            StateChange c = changes(h.advance(MDI_V2_100)).get(0);
            assertEquals(Cause.MASTER_DOWN, c.cause(), c.reason());
        }
    }

    @Nested
    @DisplayName("Becoming master: the bind's outcome comes first")
    class Binding {
        @Test
        void masterIsAnnouncedAndToldOnlyAfterTheDriverReportsTheBind() {
            RouterHarness h = backup(RouterHarness.v2(100));
            h.bindsSucceed = false;
            List<Action> batch = h.advance(MDI_V2_100);
            assertEquals(List.of("advert(100)", "bind"), names(batch));
            assertEquals(HaState.MASTER, h.router.state(), "master on the wire");
            assertEquals(HaState.BACKUP, h.router.snapshot().state(), "listeners still see BACKUP");
            assertEquals(0, h.router.snapshot().epoch());
            Action bind = batch.get(1);
            List<Action> out = h.feed(bind.completed());
            assertEquals(List.of("announce(5)", "notify(BACKUP->MASTER)"), names(out));
            assertEquals(1, changes(out).get(0).epoch());
            assertEquals(HaState.MASTER, h.router.snapshot().state());
        }

        @Test
        void whileTheBindIsOutstandingAdvertsGoOnAndALateOutcomeOfAnAbandonedBindIsIgnored() {
            RouterHarness h = backup(RouterHarness.v2(100));
            h.bindsSucceed = false;
            Action bind = h.advance(MDI_V2_100).get(1);
            assertEquals(List.of("advert(100)"), names(h.advance(S)), "an asynchronous bind does not stop adverts");
            List<Action> out = h.advert(150, PEER_HIGH);
            assertEquals(List.of("advert(100)", "unbind"), names(out), "listeners never saw MASTER: nothing to tell");
            assertEquals(HaState.BACKUP, h.router.state());
            assertEquals(List.of("unbind"), names(h.feed(bind.completed())), "an abandoned bind that landed comes off again");
            assertEquals(List.of(), h.feed(bind.failed("late")));
            assertEquals(0, h.router.snapshot().epoch());
        }

        @Test
        void aVipRemovedWhileTheBindIsOutstandingIsBoundAgainBeforeListenersHearMaster() {
            RouterHarness h = new RouterHarness(RouterHarness.v2(255)); // owner: MASTER at start
            h.bindsSucceed = false;
            Action bind = h.start().stream().filter(a -> a instanceof Action.BindVip).findFirst().orElseThrow();
            // The address went on, then someone removed it; the watcher's event comes before the bind's outcome.
            List<Action> removed = h.feed(new Input.VipRemoved(RouterHarness.VIP.address()));
            Action again = removed.stream().filter(a -> a instanceof Action.BindVip).findFirst().orElseThrow();
            assertEquals(List.of(), h.feed(bind.completed()), "the first bind's outcome no longer counts");
            assertEquals(HaState.INITIALIZE, h.router.snapshot().state());
            assertEquals(List.of("announce(5)", "notify(INITIALIZE->MASTER)"), names(h.feed(again.completed())));
        }

        @Test
        void theOutcomeOfAnOlderBindDoesNotCompleteANewerOne() {
            RouterHarness h = backup(RouterHarness.v2(100));
            h.bindsSucceed = false;
            Action first = h.advance(MDI_V2_100).get(1);
            h.advert(150, PEER_HIGH);
            Action second = h.advance(MDI_V2_100).get(1);
            assertEquals(List.of(), h.feed(first.completed()));
            assertEquals(List.of("announce(5)", "notify(BACKUP->MASTER)"), names(h.feed(second.completed())));
        }
    }

    @Nested
    @DisplayName("The kernel: the source address, lost events")
    class Kernel {
        @Test
        void aMasterWithoutAnAddressToSendFromIsFaultAndComesBackWhenOneReturns() {
            RouterHarness h = master(RouterHarness.v2(100));
            List<Action> out = h.feed(new Input.SourceChanged(null));
            assertEquals(List.of("advert(0)", "unbind", "notify(MASTER->FAULT)"), names(out));
            assertEquals(Cause.NO_SOURCE_ADDRESS, changes(out).get(0).cause());
            assertEquals("eth0 has no IPv4 address of its own to send adverts from", changes(out).get(0).reason());
            List<Action> back = h.feed(new Input.SourceChanged(ip("10.0.0.11")));
            assertEquals(List.of("notify(FAULT->BACKUP)"), names(back));
            assertEquals("eth0 has an address again: 10.0.0.11", changes(back).get(0).reason());
        }

        @Test
        void anotherAddressToSendFromChangesNothingButTheTieBreak() {
            RouterHarness h = master(RouterHarness.v2(100));
            assertEquals(List.of(), h.feed(new Input.SourceChanged(ip("10.0.0.30"))));
            assertEquals(ip("10.0.0.30"), h.router.snapshot().masterAddress());
            // 10.0.0.20 with our priority is now the lower address: we stay master.
            assertEquals(List.of("advert(100)", "announce(5)", "lowerPriorityMaster(100)"), names(h.advert(100, PEER_HIGH)));
        }

        @Test
        void afterLostEventsAMasterBindsAgainAndOthersDoNothing() {
            RouterHarness h = master(RouterHarness.v2(100));
            assertEquals(List.of("bind", "announce(5)"), names(h.feed(new Input.Resync())));
            RouterHarness b = backup(RouterHarness.v2(100));
            assertEquals(List.of(), b.feed(new Input.Resync()));
        }
    }

    @Nested
    @DisplayName("Run-time control")
    class Control {
        @Test
        void demoteHandsOverAndDoesNotPreemptBack() {
            RouterHarness h = master(RouterHarness.v2(100));
            List<Action> out = h.feed(new Input.Demote());
            assertEquals(List.of("advert(0)", "unbind", "notify(MASTER->BACKUP)"), names(out));
            for (int i = 0; i < 10; i++) {
                h.advert(50, PEER_LOW); // the new, lower-priority master
                h.advance(S);
            }
            assertEquals(HaState.BACKUP, h.router.state(), "demoted node must not preempt");
            h.advance(MDI_V2_100); // the new master dies: we take over on our own
            assertEquals(HaState.MASTER, h.router.state());
            h.advert(50, PEER_LOW);
            assertEquals(HaState.MASTER, h.router.state());
        }

        @Test
        void setPriorityChangesTheAdvertsAtOnce() {
            RouterHarness h = master(RouterHarness.v2(100));
            assertEquals(List.of("advert(120)"), names(h.feed(new Input.SetPriority(120))));
            assertEquals(120, h.router.snapshot().basePriority());
        }
    }

    @Nested
    @DisplayName("Live reconfiguration (keepalived's reload, without its failovers)")
    class Reconfigure {
        @Test
        void aMasterBindsAndAnnouncesAnAddedVipReleasesARemovedOneAndStaysMasterWithoutPriorityZero() {
            RouterHarness h = master(RouterHarness.v2(100));
            h.advance(300 * MS);
            HaConfig next = RouterHarness.base(100).virtualAddress("10.0.0.101/24").buildConfig(); // .100 stays
            List<Action> out = h.feed(new Input.Reconfigure(next));
            assertEquals(List.of("advert(100)", "bind", "announce(5)"), names(out), "the advert lists both; both announced");
            assertEquals(List.of(VirtualAddress.parse("10.0.0.101/24"), VirtualAddress.parse("10.0.0.100/24")),
                    ((Action.BindVip) out.get(1)).vips(), "the added address first, then the kept one renewed");
            assertEquals(HaState.MASTER, h.router.state());
            HaConfig fewer = RouterHarness.base(100).buildConfig(); // .101 goes again
            List<Action> out2 = h.feed(new Input.Reconfigure(fewer));
            assertEquals(List.of("unbind", "advert(100)"), names(out2));
            assertEquals(List.of(VirtualAddress.parse("10.0.0.101/24")), ((Action.UnbindVip) out2.get(0)).vips(),
                    "only the removed address is released");
            assertEquals(List.of(), changes(out), "no state change");
            assertEquals(0, h.router.tally().get(Counter.PRIORITY_ZERO_SENT));
        }

        @Test
        void aNewPriorityAndIntervalReachTheBackupsAtOnce() {
            RouterHarness h = master(RouterHarness.v3(100, Duration.ofMillis(100)));
            h.advance(30 * MS);
            HaConfig next = RouterHarness.base(120).vrrpVersion(3).advertInterval(Duration.ofMillis(500)).buildConfig();
            List<Action> out = h.feed(new Input.Reconfigure(next));
            assertEquals(List.of("advert(120)"), names(out));
            assertEquals(50, ((Action.SendAdvert) out.get(0)).packet().intervalUnits(), "v3 backups adopt 500 ms from it");
            assertEquals(h.now + 500 * MS, h.deadline(Timer.ADVERT));
            assertEquals(120, h.router.snapshot().effectivePriority());
            assertEquals(HaState.MASTER, h.router.state());
        }

        @Test
        void aMasterReloadedBelowAPreemptingPeerIsPreemptedAsUsualNotDemoted() {
            RouterHarness h = master(RouterHarness.v2(100));
            List<Action> out = h.feed(new Input.Reconfigure(RouterHarness.base(90).buildConfig()));
            assertEquals(List.of("advert(90)"), names(out), "no priority 0: it stays master until a peer preempts");
            assertEquals(HaState.MASTER, h.router.state());
            assertEquals(List.of("advert(90)", "unbind", "notify(MASTER->BACKUP)"), names(h.advert(100, PEER_HIGH)),
                    "a higher master: it yields, with higher_prio_send_advert's advert first");
        }

        @Test
        void aBackupKeepsItsMasterAndAV2IntervalChangeRestartsMasterDown() {
            RouterHarness h = backup(RouterHarness.v2(100));
            h.advert(150, PEER_HIGH);
            List<Action> out = h.feed(new Input.Reconfigure(RouterHarness.base(110).advertInterval(Duration.ofSeconds(2)).buildConfig()));
            assertEquals(List.of(), names(out));
            assertEquals(HaState.BACKUP, h.router.state());
            assertEquals(PEER_HIGH, h.router.snapshot().masterAddress());
            assertEquals(h.now + h.router.masterDownNanos(), h.deadline(Timer.MASTER_DOWN));
            assertEquals(6 * S + (256 - 110) * S / 256, h.router.masterDownNanos(), "3 × 2 s + v2's Skew_Time at 110");
        }

        @Test
        void aBackupNotYetReloadedAcceptsTheMastersOverlappingAddressListAndCountsIt() {
            // keepalived drops it and its backup takes over: the reload failover. A list with no
            // address in common is another group on this VRID, and still dropped.
            RouterHarness h = backup(RouterHarness.v2(100));
            VrrpPacket reloaded = new VrrpPacket(VrrpVersion.V2, 51, 150, 1,
                    List.of(RouterHarness.VIP.address(), ip("10.0.0.101")), 0, new byte[VrrpPacket.AUTH_DATA_LENGTH]);
            h.advert(reloaded, PEER_HIGH);
            assertEquals(PEER_HIGH, h.router.snapshot().masterAddress(), "accepted as the master");
            assertEquals(1, h.router.tally().get(Counter.ADDRESS_LIST_DIFFERENCES));
            h.advance(h.router.masterDownNanos() - MS);
            h.advert(reloaded, PEER_HIGH);
            assertEquals(HaState.BACKUP, h.router.state(), "its adverts restart Master_Down");
            VrrpPacket stranger = new VrrpPacket(VrrpVersion.V2, 51, 150, 1, List.of(ip("10.0.0.200")), 0,
                    new byte[VrrpPacket.AUTH_DATA_LENGTH]);
            h.advert(stranger, PEER_LOW);
            assertEquals(1, h.router.tally().rejected(Rejection.ADDRESS_LIST_MISMATCH));
        }

        @Test
        void theGroupsIdentityCannotChangeLiveAndEveryFieldIsNamed() {
            HaConfig from = RouterHarness.v2(100);
            HaConfig to = HaGroup.builder().interfaceName("eth1").vrid(52).priority(255).vrrpVersion(3)
                    .virtualAddress("fd00::100/64").advertInterval(Duration.ofSeconds(1)).useVirtualMac(true)
                    .syncGroup(dev.failover4j.SyncGroup.named("VG_1")).buildConfig();
            List<String> problems = VirtualRouter.unchangeable(from, to);
            assertEquals(7, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("interfaceName: eth0 -> eth1 cannot change live"), problems.get(0));
            assertTrue(problems.get(1).startsWith("vrid: 51 -> 52"), problems.get(1));
            assertTrue(problems.get(2).startsWith("vrrpVersion: 2 -> 3"), problems.get(2));
            assertTrue(problems.get(3).contains("family changes (IPv4 -> IPv6)"), problems.get(3));
            assertTrue(problems.get(4).startsWith("useVirtualMac: off -> vrrp.52 cannot change live"), problems.get(4));
            assertTrue(problems.get(5).startsWith("syncGroup: null -> VG_1 cannot change live"), problems.get(5));
            assertTrue(problems.get(6).contains("255 (the address owner)"), problems.get(6));
            RouterHarness h = master(from);
            assertEquals(List.of("warn"), names(h.feed(new Input.Reconfigure(to))), "refused whole");
            assertEquals(51, h.router.config().vrid());
        }
    }
}
