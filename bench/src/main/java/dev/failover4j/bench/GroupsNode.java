package dev.failover4j.bench;

import dev.failover4j.Counter;
import dev.failover4j.HaGroup;
import dev.failover4j.HaState;
import dev.failover4j.HaStatus;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A library user's process, run by the bench inside a lab namespace: N groups (VRIDs 1..N) in one
 * JVM, no web server, no health check, as an application embedding failover4j would start them.
 * For each line "R" on its standard input (so that measuring wakes nothing in between) it prints one
 * line of cumulative figures the bench turns into rates:
 *
 * <pre>R nanos=… threads=… heapUsed=… loopAlloc=… allAlloc=… sent=… received=… masters=… backups=… changes=… late=…</pre>
 *
 * {@code loopAlloc} is what the protocol thread ({@code failover4j-loop}, which also reads the
 * sockets) has allocated since it started; {@code changes} counts state changes after each group's
 * first election.
 */
public final class GroupsNode {

    private GroupsNode() {
    }

    public static void main(String[] args) throws Exception {
        int groups = 1;
        long intervalMs = 100;
        int priority = 100;
        int version = 3;
        int rt = 0;
        String iface = "eth0";
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--groups" -> groups = Integer.parseInt(v);
                case "--interval-ms" -> intervalMs = Long.parseLong(v);
                case "--priority" -> priority = Integer.parseInt(v);
                case "--vrrp-version" -> version = Integer.parseInt(v);
                case "--rt-priority" -> rt = Integer.parseInt(v);
                case "--interface" -> iface = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        AtomicLong changes = new AtomicLong();
        List<HaGroup> all = new ArrayList<>();
        for (int vrid = 1; vrid <= groups; vrid++) {
            HaGroup.Builder b = HaGroup.builder().interfaceName(iface).vrid(vrid).priority(priority)
                    .virtualAddress(vip(vrid) + "/32").vrrpVersion(version)
                    .advertInterval(Duration.ofMillis(intervalMs))
                    .listener(c -> {
                        if (c.previous() != HaState.INITIALIZE) {
                            changes.incrementAndGet();
                        }
                    }, Runnable::run);
            if (rt > 0) {
                b.realtimePriority(rt);
            }
            HaGroup g = b.build();
            g.start();
            all.add(g);
        }
        System.out.println("STARTED " + groups);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long loopId = -1;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("failover4j-loop")) {
                loopId = t.getId();
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> all.forEach(HaGroup::close)));
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) {
            if (!line.equals("R")) {
                continue;
            }
            long sent = 0;
            long received = 0;
            long late = 0;
            int masters = 0;
            int backups = 0;
            for (HaGroup g : all) {
                HaStatus s = g.status();
                sent += s.counters().get(Counter.ADVERTS_SENT);
                received += s.counters().get(Counter.ADVERTS_RECEIVED);
                late += s.counters().get(Counter.LATE_WAKEUPS);
                masters += s.state() == HaState.MASTER ? 1 : 0;
                backups += s.state() == HaState.BACKUP ? 1 : 0;
            }
            long allAlloc = 0;
            for (long id : threads.getAllThreadIds()) {
                allAlloc += Math.max(0, threads.getThreadAllocatedBytes(id));
            }
            System.out.printf(Locale.ROOT, "R nanos=%d threads=%d heapUsed=%d loopAlloc=%d allAlloc=%d sent=%d received=%d"
                            + " masters=%d backups=%d changes=%d late=%d%n", System.nanoTime(), threads.getThreadCount(),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                    loopId < 0 ? -1 : threads.getThreadAllocatedBytes(loopId), allAlloc, sent, received, masters, backups,
                    changes.get(), late);
            System.out.flush();
        }
        all.forEach(HaGroup::close);
    }

    /** Group {@code vrid}'s VIP: 10.77.1.vrid (1..255). */
    static String vip(int vrid) {
        return "10.77.1." + vrid;
    }
}
