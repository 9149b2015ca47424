package dev.failover4j;

import java.util.List;

/** {@code HaGroup.Builder.build()} found bad settings; {@link #problems()} lists every one. */
public final class ConfigException extends IllegalArgumentException {
    /** One line per bad setting. */
    private final List<String> problems;

    /**
     * An exception listing {@code problems}.
     *
     * @param problems one line per bad setting, each naming the setting, its value and what is allowed
     */
    public ConfigException(List<String> problems) {
        super("invalid failover4j configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** {@return one line per bad field: {@code "field: what is wrong (allowed ...)"}} */
    public List<String> problems() {
        return problems;
    }
}
