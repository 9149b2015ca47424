package dev.failover4j.spring;

import java.util.List;

/**
 * The {@code failover4j.*} properties describe no valid set of groups: every problem, each naming its
 * property. {@link Failover4jFailureAnalyzer} turns it into Spring Boot's failure report.
 */
public class Failover4jConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems one line per problem, each starting with the property it is about */
    public Failover4jConfigurationException(List<String> problems) {
        super("invalid failover4j configuration:\n - " + String.join("\n - ", problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * One line per problem, each starting with the property it is about.
     *
     * @return the problems, in property order
     */
    public List<String> problems() {
        return problems;
    }
}
