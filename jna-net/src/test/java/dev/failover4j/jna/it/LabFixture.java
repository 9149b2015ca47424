package dev.failover4j.jna.it;

import dev.failover4j.testsupport.netns.Lab;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lab of one namespace test class, registered with {@code @RegisterExtension}: its prerequisites
 * checked and the lab made before the first test, put back after each (processes killed, cables in,
 * the VIPs removed), closed after the last, when the lines the tests {@link #report reported} are
 * printed (failover4j's and keepalived's figures side by side in the build log).
 */
final class LabFixture implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final Consumer<Lab> onMade;
    private final String[] hosts;
    private String[] tools = {"curl"};
    private String[] addresses = {Router.DEFAULT_VIP + "/24"};
    private final List<String> report = new ArrayList<>();
    private boolean secondNetwork;
    private Lab lab;

    /** A lab of {@code hosts}, handed to {@code onMade} (typically the test class's static field). */
    LabFixture(Consumer<Lab> onMade, String... hosts) {
        this.onMade = onMade;
        this.hosts = hosts;
    }

    /** The commands the tests need besides {@code ip} (default: curl). */
    LabFixture requiring(String... tools) {
        this.tools = tools;
        return this;
    }

    /** Gives every host an eth1 on a second network ({@link Lab#addSecondNetwork}). */
    LabFixture withSecondNetwork() {
        this.secondNetwork = true;
        return this;
    }

    /** The addresses (CIDR) removed from every host after each test (default: the VIP). */
    LabFixture resetting(String... addresses) {
        this.addresses = addresses;
        return this;
    }

    /** A line for the end of the class's run. */
    void report(String line) {
        report.add(line);
    }

    /** Puts the lab back now (between the systems of one test). */
    void reset() throws Exception {
        lab.reset(addresses);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Prerequisites.require(tools);
        lab = Lab.of(hosts);
        if (secondNetwork) {
            lab.addSecondNetwork();
        }
        onMade.accept(lab);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (lab != null) {
            reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        report.forEach(System.out::println);
        if (lab != null) {
            lab.close();
        }
    }
}
