package dev.failover4j.spring;

import dev.failover4j.FailoverException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Spring Boot's start-up failure report when a group cannot start: no network provider on the class
 * path, a missing capability, an interface that does not exist. failover4j's message already says what
 * is missing; this puts it where Spring Boot users look.
 */
public class FailoverStartFailureAnalyzer extends AbstractFailureAnalyzer<FailoverException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, FailoverException cause) {
        return new FailureAnalysis("A failover4j group could not start: " + cause.getMessage(),
                "On Linux, add the dependency dev.failover4j:failover4j-jna-net and give the process CAP_NET_ADMIN and"
                        + " CAP_NET_RAW (see the README, \"Running without root\"); check failover4j.interface-name.",
                cause);
    }
}
