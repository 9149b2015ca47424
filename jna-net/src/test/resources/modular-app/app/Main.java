package app;

import dev.failover4j.FailoverException;
import dev.failover4j.HaConfig;
import dev.failover4j.HaGroup;
import dev.failover4j.spi.NetworkProvider;
import dev.failover4j.testkit.SimulatedLan;
import java.time.Duration;
import java.util.ServiceLoader;

/** Prints one line per fact ModulePathTest checks; the same program runs on the class path. */
public final class Main {
    public static void main(String[] args) throws Exception {
        System.out.println("named " + Main.class.getModule().isNamed());
        // The public API and the testkit: an election on the simulated LAN.
        SimulatedLan lan = new SimulatedLan(7);
        HaGroup a = lan.node("a", "10.0.0.1").configure(HaGroup.builder()).vrid(51).priority(101)
                .virtualAddress("10.0.0.100/24").build();
        HaGroup b = lan.node("b", "10.0.0.2").configure(HaGroup.builder()).vrid(51).priority(100)
                .virtualAddress("10.0.0.100/24").build();
        a.start();
        b.start();
        lan.clock().advance(Duration.ofSeconds(5));
        System.out.println("holders " + lan.holders("10.0.0.100"));
        a.close();
        b.close();
        // HaGroup finds the Linux provider itself; an interface that does not exist keeps it off the network.
        HaGroup real = HaGroup.builder().interfaceName("f4jnosuch0").vrid(51).virtualAddress("10.0.0.100/24").build();
        try {
            real.start();
            System.out.println("started?!");
        } catch (FailoverException e) {
            System.out.println("start: " + e.getMessage());
        } finally {
            real.close();
        }
        // The Linux provider, found by ServiceLoader; a read-only rtnetlink query through JNA.
        NetworkProvider p = ServiceLoader.load(NetworkProvider.class).findFirst().orElseThrow();
        System.out.println("provider " + p.name() + " available " + p.isAvailable());
        System.out.println("lo up " + p.addressManager().linkUp("lo"));
        // The engine is not API.
        Module core = HaGroup.class.getModule();
        System.out.println("exported api " + core.isExported("dev.failover4j") + " spi " + core.isExported("dev.failover4j.spi")
                + " engine " + core.isExported("dev.failover4j.engine") + " internal " + core.isExported("dev.failover4j.internal"));
        try {
            Class<?> engine = Class.forName("dev.failover4j.engine.VirtualRouter");
            HaConfig config = HaGroup.builder().interfaceName("eth0").vrid(51).virtualAddress("10.0.0.100/24").buildConfig();
            engine.getConstructor(HaConfig.class).newInstance(config);
            System.out.println("engine reachable");
        } catch (IllegalAccessException e) {
            System.out.println("engine not reachable");
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.out.println("engine reachable (" + e.getClass().getSimpleName() + ")");
        }
    }
}
