package dev.failover4j.jna.it;

import static org.junit.jupiter.api.Assertions.fail;

import dev.failover4j.testsupport.netns.Lab;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** What the namespace tests need: with CI=true a missing prerequisite fails them, otherwise it skips them. */
final class Prerequisites {

    private Prerequisites() {
    }

    /** Root, {@code ip} and {@code tools}; fails (CI=true) or skips with the reason when one is missing. */
    static void require(String... tools) {
        List<String> missing = Lab.missing(tools);
        if (missing.isEmpty()) {
            return;
        }
        String reason = "namespace tests need " + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + " (CI=true: a missing prerequisite is a failure; .ci/run installs them)");
        }
        Assumptions.abort(reason + "; run as root with iproute2, keepalived and curl installed (see .ci/run)");
    }
}
