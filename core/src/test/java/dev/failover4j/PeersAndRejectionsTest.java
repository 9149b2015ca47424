package dev.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.testkit.SimulatedLan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a backup's status tells about the routers it hears and the adverts it drops (the console's packets page). */
class PeersAndRejectionsTest {

    @Test
    void aBackupListsTheMasterItHearsAndTheAdvertsItDropsWithTheirReason() {
        SimulatedLan lan = new SimulatedLan(5).latency(Duration.ZERO);
        HaGroup a = lan.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51).priority(150)
                .authPassword("secret").virtualAddress("10.0.0.100/24").build();
        HaGroup b = lan.node("b", "10.0.0.2").configure(HaGroup.builder()).vrid(51).priority(100)
                .authPassword("secret").virtualAddress("10.0.0.100/24").build();
        HaGroup c = lan.node("c", "10.0.0.3").configure(HaGroup.builder()).vrid(51).priority(50)
                .authPassword("wrong").virtualAddress("10.0.0.100/24").build();
        a.start();
        lan.clock().advance(Duration.ofSeconds(5));
        b.start();
        c.start();
        lan.clock().advance(Duration.ofMillis(10_500));
        assertTrue(a.isMaster());
        assertTrue(c.isMaster(), "c drops a's adverts (password) and takes itself for master");

        HaStatus s = b.status();
        List<PeerStatus> peers = s.peers();
        assertEquals(1, peers.size(), peers.toString());
        PeerStatus pa = peers.get(0);
        assertEquals("10.0.0.1", pa.address().getHostAddress());
        assertEquals(150, pa.priority());
        assertEquals(Duration.ofSeconds(1), pa.advertInterval());
        assertTrue(pa.adverts() >= 10, pa.toString());
        assertTrue(pa.age().compareTo(Duration.ofSeconds(1)) < 0, "heard within the last interval: " + pa.age());

        List<RejectedAdvert> dropped = s.recentRejections();
        assertTrue(!dropped.isEmpty() && dropped.size() <= 16, dropped.toString());
        RejectedAdvert last = dropped.get(dropped.size() - 1);
        assertEquals("10.0.0.3", last.source().getHostAddress());
        assertEquals(51, last.vrid());
        assertEquals(50, last.priority());
        assertEquals(Rejection.AUTH_FAILURE, last.reason());
        assertEquals("password differs", last.detail());
        assertEquals(s.counters().rejected(Rejection.AUTH_FAILURE), dropped.size(), "every drop is listed while fewer than 16");

        a.close();
        lan.clock().advance(Duration.ofSeconds(3));
        PeerStatus gone = b.status().peers().get(0);
        assertEquals(0, gone.priority(), "its last advert was the priority-0 one");
        assertTrue(gone.age().compareTo(Duration.ofSeconds(2)) > 0, "silent since: " + gone.age());
        b.close();
        c.close();
    }
}
