package dev.failover4j;

import java.util.List;

/** {@code HaGroup.Builder.build()} found bad settings; {@link #problems()} lists every one. */
public final class ConfigException extends IllegalArgumentException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid failover4j configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per bad field: {@code "field: what is wrong (allowed ...)"}. */
    public List<String> problems() {
        return problems;
    }
}
