package dev.failover4j.examples.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Spring Boot example on the real network: two JVMs in a namespace pair, each the executable jar
 * (the starter and jna-net, nothing else of failover4j) with the three properties only. One becomes
 * MASTER, binds the VIP and runs the job; the other stays BACKUP without the job; when the master's
 * JVM is killed, the backup takes the VIP and starts the job. Defaults: VRRPv2, 1 s adverts.
 */
@Tag("netns")
class BootPairIT {

    static final String VIP = "10.77.0.100";
    static Lab lab;

    @BeforeAll
    static void makeLab() throws IOException {
        List<String> missing = Lab.missing();
        if (!missing.isEmpty()) {
            String reason = "the Spring Boot example's namespace test needs " + String.join(", ", missing);
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + " (CI=true: a missing prerequisite is a failure)");
            }
            Assumptions.abort(reason + "; run as root (see .ci/run)");
        }
        lab = Lab.of("w", "l");
    }

    @AfterAll
    static void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    static Proc node(String host) throws IOException {
        String jar = Path.of("target/failover4j-example-spring-boot.jar").toAbsolutePath().toString();
        return lab.exec(host, host + "-boot", List.of(Lab.JAVA, "-jar", jar,
                "--failover4j.interface-name=eth0", "--failover4j.vrid=51", "--failover4j.virtual-addresses=" + VIP + "/24"));
    }

    @Test
    void twoApplicationsWithThreePropertiesElectAMasterAndTheJobMovesWithTheVip() throws Exception {
        long t0 = System.nanoTime();
        Proc w = node("w");
        w.await(l -> l.startsWith("JOB started, epoch 1"), Duration.ofSeconds(60), "w's job (w is master)");
        long wMaster = System.nanoTime();
        lab.awaitAddress("w", VIP, true, Duration.ofSeconds(5));
        Proc l = node("l");
        l.await(l2 -> l2.startsWith("STATE default INITIALIZE BACKUP"), Duration.ofSeconds(60), "l started as BACKUP");
        Lab.sleep(4000); // more than Master_Down_Interval: l hears w and stays BACKUP
        assertFalse(l.has(x -> x.startsWith("JOB")), "the job never ran on the backup:\n" + l.tail());
        assertFalse(lab.hasAddress("l", VIP));

        long kill = System.nanoTime();
        w.kill(); // the JVM dies: no priority-0 advert; the kernel lease removes w's VIP
        long moved = lab.awaitAddress("l", VIP, true, Duration.ofSeconds(10));
        l.await(x -> x.startsWith("JOB started, epoch 1"), Duration.ofSeconds(5), "l's job after the takeover");
        l.await(x -> x.startsWith("STATE default BACKUP MASTER MASTER_DOWN"), Duration.ofSeconds(5), "l MASTER");
        long gone = lab.awaitAddress("w", VIP, false, Duration.ofSeconds(10));
        assertEquals(1, l.lines().stream().filter(x -> x.startsWith("JOB started")).count(), l.tail());
        System.out.println(String.format(Locale.ROOT, "[BootPairIT] w master %.1f s after its JVM started; w killed -> l holds"
                + " the VIP after %.0f ms and runs the job; w's VIP gone by its lease after %.0f ms",
                (wMaster - t0) / 1e9, (moved - kill) / 1e6, (gone - kill) / 1e6));
        l.terminate(Duration.ofSeconds(15));
        l.await(x -> x.startsWith("JOB stopped"), Duration.ofSeconds(5), "l's job stopped on shutdown");
    }
}
