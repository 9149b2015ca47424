package dev.failover4j.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Spring Boot's start-up failure report for bad {@code failover4j.*} properties: every problem, no stack trace. */
public class Failover4jFailureAnalyzer extends AbstractFailureAnalyzer<Failover4jConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, Failover4jConfigurationException cause) {
        int n = cause.problems().size();
        String description = "The failover4j configuration has " + n + (n == 1 ? " problem" : " problems") + ":\n\n    "
                + String.join("\n    ", cause.problems()) + "\n";
        String action = "Fix the properties named above (in application.properties or application.yml, the environment,"
                + " or the command line), then start again. Every failover4j.* property is documented in your IDE"
                + " (Spring configuration metadata) and in failover4j's README, section \"Spring Boot\".";
        return new FailureAnalysis(description, action, cause);
    }
}
