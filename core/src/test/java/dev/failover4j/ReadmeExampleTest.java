package dev.failover4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.failover4j.testkit.SimulatedLan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's testkit example, as written there, does what the README says. */
class ReadmeExampleTest {

    @Test
    void theTestkitExampleFailsOver() {
        SimulatedLan lan = new SimulatedLan(42).loss(0.2);
        HaGroup a = lan.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51).priority(101)
                .virtualAddress("10.0.0.100/24").build();
        HaGroup b = lan.node("b", "10.0.0.2").configure(HaGroup.builder()).vrid(51).priority(100)
                .virtualAddress("10.0.0.100/24").build();
        a.start(); b.start();
        lan.clock().advance(Duration.ofSeconds(5));      // a is MASTER
        assertEquals(HaState.MASTER, a.state());
        lan.node("a").kill();
        lan.clock().advance(Duration.ofSeconds(4));      // b is MASTER: lan.holders("10.0.0.100") == [b]
        assertEquals(HaState.MASTER, b.state());
        assertEquals(List.of("b"), lan.holders("10.0.0.100"));
    }
}
