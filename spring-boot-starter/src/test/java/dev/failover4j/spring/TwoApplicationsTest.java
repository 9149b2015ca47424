package dev.failover4j.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.Cause;
import dev.failover4j.HaState;
import dev.failover4j.testkit.SimulatedLan;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

/**
 * Two Spring Boot applications on the testkit's simulated LAN, configured only by properties: they
 * elect a master, a {@link MasterRole} bean runs on the master only, and it moves (with a new epoch)
 * when the master's host dies or its application stops.
 */
class TwoApplicationsTest {

    /** A job that must run on one node only. */
    static final class Singleton implements SmartLifecycle, EpochAware {
        final List<String> log = new CopyOnWriteArrayList<>();
        volatile boolean running;
        volatile long epoch;

        @Override
        public void setEpoch(long epoch) {
            this.epoch = epoch;
        }

        @Override
        public void start() {
            running = true;
            log.add("start " + epoch);
        }

        @Override
        public void stop() {
            running = false;
            log.add("stop");
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public boolean isAutoStartup() {
            return false;
        }
    }

    /** Every event this application published. */
    static final class Events {
        final List<FailoverStateChangedEvent> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(FailoverStateChangedEvent e) {
            seen.add(e);
        }
    }

    @SpringBootApplication
    @Import(SimLanNode.class)
    static class App {
        @Bean
        @MasterRole
        Singleton singleton() {
            return new Singleton();
        }

        @Bean
        Events events() {
            return new Events();
        }
    }

    final SimulatedLan lan = new SimulatedLan(21).latency(Duration.ofMillis(1));
    final List<ConfigurableApplicationContext> apps = new CopyOnWriteArrayList<>();

    ConfigurableApplicationContext app(String node, String address, int priority) {
        String lanName = "two-" + System.identityHashCode(lan);
        SimLanNode.register(lanName, lan);
        ConfigurableApplicationContext c = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("test.lan=" + lanName, "test.node=" + node, "test.address=" + address,
                        // the three properties an application needs, and a priority to make the choice plain
                        "failover4j.interface-name=eth0", "failover4j.vrid=51", "failover4j.virtual-addresses=10.0.0.100/24",
                        "failover4j.priority=" + priority, "failover4j.version=3", "failover4j.advert-interval=100ms",
                        "spring.main.banner-mode=off")
                .run();
        apps.add(c);
        return c;
    }

    @AfterEach
    void closeAll() {
        apps.forEach(ConfigurableApplicationContext::close);
    }

    /** Advances virtual time until {@code condition}; listeners and role beans run on real threads. */
    void until(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            lan.clock().advance(Duration.ofMillis(20));
            Thread.sleep(2);
        }
        throw new AssertionError("not within 10 s of virtual time: " + what);
    }

    @Test
    void twoApplicationsElectOneMasterAndTheRoleBeanRunsAndMovesWithIt() throws Exception {
        ConfigurableApplicationContext a = app("a", "10.0.0.1", 150);
        ConfigurableApplicationContext b = app("b", "10.0.0.2", 100);
        FailoverGroups ga = a.getBean(FailoverGroups.class);
        FailoverGroups gb = b.getBean(FailoverGroups.class);
        Singleton ja = a.getBean(Singleton.class);
        Singleton jb = b.getBean(Singleton.class);
        until(() -> ja.running, "a's role bean running");
        lan.clock().advance(Duration.ofSeconds(2));
        Thread.sleep(50);
        assertEquals(HaState.MASTER, ga.group().state());
        assertEquals(HaState.BACKUP, gb.group().state());
        assertEquals(List.of("a"), lan.holders("10.0.0.100"), "the VIP on a only");
        assertEquals(List.of("start 1"), ja.log, "started once, with the first mastership's epoch");
        assertEquals(List.of(), jb.log, "never started on the backup");

        lan.node("a").kill();
        until(() -> jb.running, "b's role bean running after a's death");
        assertEquals(HaState.MASTER, gb.group().state());
        assertEquals(List.of("start 1"), jb.log, "b's first mastership");
        Events eb = b.getBean(Events.class);
        FailoverStateChangedEvent last = eb.seen.get(eb.seen.size() - 1);
        assertEquals(HaState.BACKUP, last.from());
        assertEquals(HaState.MASTER, last.to());
        assertEquals(Cause.MASTER_DOWN, last.cause());
        assertEquals(1, last.epoch());
        assertEquals(FailoverGroups.DEFAULT_GROUP, last.group());
        assertTrue(last.reason().contains("Master_Down_Interval"), last.reason());
    }

    @Test
    void stoppingTheMastersApplicationStopsItsRoleBeanFirstAndTheBackupTakesOver() throws Exception {
        ConfigurableApplicationContext a = app("a", "10.0.0.1", 150);
        ConfigurableApplicationContext b = app("b", "10.0.0.2", 100);
        Singleton ja = a.getBean(Singleton.class);
        Singleton jb = b.getBean(Singleton.class);
        until(() -> ja.running, "a's role bean running");
        a.close(); // graceful: role bean stopped, priority-0 advert, addresses released
        assertEquals(List.of("start 1", "stop"), ja.log);
        assertFalse(lan.node("a").holds("10.0.0.100"));
        until(() -> jb.running, "b's role bean running after a stopped");
        Events eb = b.getBean(Events.class);
        assertEquals(Cause.MASTER_LEFT, eb.seen.get(eb.seen.size() - 1).cause(), "a priority-0 advert, not a timeout");
    }
}
