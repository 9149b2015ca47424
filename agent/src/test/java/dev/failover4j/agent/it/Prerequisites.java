package dev.failover4j.agent.it;

import static org.junit.jupiter.api.Assertions.fail;

import dev.failover4j.testsupport.netns.Lab;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** What the agent's namespace and package tests need: with CI=true a missing one fails them, otherwise it skips them. */
final class Prerequisites {

    private Prerequisites() {
    }

    /** Root and {@code tools}; fails (CI=true) or skips with the reason when one is missing. */
    static void require(String what, String... tools) {
        List<String> missing = Lab.missing(tools);
        if (missing.isEmpty()) {
            return;
        }
        String reason = what + " need " + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + " (CI=true: a missing prerequisite is a failure; .ci/run installs them)");
        }
        Assumptions.abort(reason + "; run as root on Debian with them installed (see .ci/run)");
    }
}
