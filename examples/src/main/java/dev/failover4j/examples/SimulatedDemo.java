package dev.failover4j.examples;

import dev.failover4j.Counter;
import dev.failover4j.HaGroup;
import dev.failover4j.testkit.SimulatedLan;
import java.net.InetAddress;
import java.time.Duration;

/**
 * The two-node failover story without root: two real {@link HaGroup}s on the testkit's simulated
 * LAN and virtual clock (VRRPv3, 100 ms adverts, like {@code demo.sh}). A simulated client asks the
 * VIP every 100 ms; the master is killed; the other node takes over. Printed as a timeline.
 */
public final class SimulatedDemo {

    static final String VIP = "10.77.0.100";

    private SimulatedDemo() {
    }

    public static void main(String[] args) throws Exception {
        // The timeline is the story; keep the library's own INFO lines out of it.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("demo.log", "warn"));
        SimulatedLan lan = new SimulatedLan(2026).latency(Duration.ofMillis(1));
        lan.onEvent(line -> System.out.println("  " + line + "   [network]"));
        HaGroup ha1 = group(lan, "ha1", "10.77.0.10", 101);
        HaGroup ha2 = group(lan, "ha2", "10.77.0.20", 100);
        InetAddress vip = InetAddress.getByName(VIP);

        System.out.println("== two nodes start: ha1 (priority 101) and ha2 (priority 100), VIP " + VIP);
        ha1.start();
        ha2.start();
        lan.clock().runUntil(ha1::isMaster, Duration.ofSeconds(5));
        client(lan, vip, 5);

        System.out.println("== ha1 dies (host killed: no goodbye advert)");
        lan.node("ha1").kill();
        long killed = lan.clock().nanoTime();
        String last = "ha1";
        long firstAnswer = -1;
        for (int i = 0; i < 20; i++) {
            lan.clock().advance(Duration.ofMillis(100));
            String answer = answer(lan, vip);
            System.out.println("  " + stamp(lan) + " client  GET http://" + VIP + "/ -> " + answer);
            if (firstAnswer < 0 && answer.startsWith("Welcome to ha2")) {
                firstAnswer = lan.clock().nanoTime();
            }
            last = answer;
        }
        System.out.println("== ha2 is " + ha2.state() + "; the client was without an answer for about "
                + (firstAnswer - killed) / 1_000_000 + " ms (Master_Down_Interval "
                + ha2.config().masterDownInterval().toMillis() + " ms + GARP)");
        System.out.println("   last answer: " + last);
        ha2.close();
        System.out.println("== ha2 closed gracefully: " + ha2.state() + ", VIP holders now " + lan.holders(vip));
        if (ha2.status().counters().get(Counter.BECAME_MASTER) != 1 || firstAnswer < 0) {
            System.exit(1);
        }
    }

    static HaGroup group(SimulatedLan lan, String name, String ip, int priority) {
        return lan.node(name, ip).configure(HaGroup.builder()).vrid(51).priority(priority)
                .virtualAddress(VIP + "/24").vrrpVersion(3).advertInterval(Duration.ofMillis(100))
                .listener(c -> System.out.println("  " + stamp(lan) + " " + pad(name) + c), lan.clock())
                .build();
    }

    static void client(SimulatedLan lan, InetAddress vip, int requests) {
        for (int i = 0; i < requests; i++) {
            lan.clock().advance(Duration.ofMillis(100));
            System.out.println("  " + stamp(lan) + " client  GET http://" + VIP + "/ -> " + answer(lan, vip));
        }
    }

    /** What a client on the LAN gets: the node its ARP cache points at, if that node is alive and holds the VIP. */
    static String answer(SimulatedLan lan, InetAddress vip) {
        String owner = lan.arpOwner(vip);
        if (owner == null || !lan.node(owner).holds(vip)) {
            return "(no answer: timeout)";
        }
        return "Welcome to " + owner;
    }

    static String stamp(SimulatedLan lan) {
        long ms = lan.clock().elapsed().toMillis();
        return String.format("t=%5d.%03ds", ms / 1000, ms % 1000);
    }

    static String pad(String s) {
        return String.format("%-8s", s);
    }
}
