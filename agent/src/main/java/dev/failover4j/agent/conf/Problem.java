package dev.failover4j.agent.conf;

/**
 * One thing wrong (or worth a warning) in a configuration, where it is and how to fix it.
 *
 * @param file     the file, as named in the configuration or on the command line
 * @param line     1-based; 0 when the problem is the file's as a whole
 * @param severity an error stops the agent (or a reload); a warning does not change failover behaviour
 * @param message  what is wrong
 * @param hint     how to fix it, or null
 */
public record Problem(String file, int line, Severity severity, String message, String hint) {

    /** How bad a problem is. */
    public enum Severity {
        ERROR, WARNING
    }

    /** {@code file:line: error: message (hint)}, as compilers print it. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": "
                + message + (hint == null ? "" : " (" + hint + ")");
    }
}
