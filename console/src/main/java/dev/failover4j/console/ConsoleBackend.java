package dev.failover4j.console;

import dev.failover4j.HaGroup;
import java.util.List;
import java.util.Map;

/**
 * What the console shows and controls. A Java application hands it its groups
 * ({@link #of(String, Map)}: status, peers, history, health, packets, demote, priority); the agent adds
 * its service, its configuration file, its log and start on boot. Methods are called on Jetty's
 * threads.
 */
public interface ConsoleBackend {

    /** {@return the node's name, shown in the title (the host name, or keepalived's router_id)} */
    String nodeName();

    /** {@return the groups by name now (the agent's change on reload), in display order} */
    Map<String, HaGroup> groups();

    /** {@return start, stop and reload, or null when the application owns its lifecycle} */
    default Service service() {
        return null;
    }

    /** {@return the configuration file, or null when there is none to edit} */
    default ConfigStore config() {
        return null;
    }

    /** {@return recent log messages, or null} */
    default LogSource log() {
        return null;
    }

    /** {@return start on boot, or null} */
    default BootControl boot() {
        return null;
    }

    /**
     * A backend over an application's own groups: status and the run-time controls only.
     *
     * @param nodeName the node's name
     * @param groups   the groups by name
     * @return the backend
     */
    static ConsoleBackend of(String nodeName, Map<String, HaGroup> groups) {
        Map<String, HaGroup> ordered = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
        return new ConsoleBackend() {
            @Override
            public String nodeName() {
                return nodeName;
            }

            @Override
            public Map<String, HaGroup> groups() {
                return ordered;
            }
        };
    }

    /** The service's lifecycle (the agent's VRRP instances; the console keeps running). */
    interface Service {
        /** {@return whether the instances are running} */
        boolean running();

        /**
         * Starts the instances from the configuration file.
         *
         * @return what happened, in words
         * @throws Exception with the reason it could not (a bad configuration: every problem)
         */
        String start() throws Exception;

        /**
         * Stops the instances gracefully (a master's priority-0 advert: the backup takes over at once).
         *
         * @return what happened, in words
         */
        String stop();

        /**
         * Reloads the configuration file without a failover (keepalived's SIGHUP).
         *
         * @return what happened, in words
         * @throws Exception with the reason it was refused (nothing was applied)
         */
        String reload() throws Exception;
    }

    /** One problem of a configuration text. */
    record Problem(int line, boolean error, String message) {
    }

    /** The configuration file. */
    interface ConfigStore {
        /** {@return the file's path, for display} */
        String path();

        /**
         * {@return the file's text now}
         *
         * @throws Exception if it cannot be read
         */
        String read() throws Exception;

        /**
         * Checks {@code text} as the running configuration would be read, without applying it.
         *
         * @param text the whole file
         * @return every problem; none means it would load
         */
        List<Problem> validate(String text);

        /**
         * Replaces the file with {@code text}, keeping the previous one beside it; does not apply it.
         *
         * @param text the whole file, already validated
         * @return where the previous file was kept
         * @throws Exception if it cannot be written
         */
        String save(String text) throws Exception;

        /**
         * {@return stored configurations to start from (a master's, a backup's), by name}
         *
         * @throws Exception if they cannot be read
         */
        Map<String, String> templates() throws Exception;
    }

    /** One log message. */
    record LogLine(long seq, long atMillis, String level, String logger, String message) {
    }

    /** Recent log messages. */
    interface LogSource {
        /**
         * The messages after {@code afterSeq}, oldest first.
         *
         * @param afterSeq the last sequence number the client has (0 for all)
         * @return at most the ring buffer's size
         */
        List<LogLine> after(long afterSeq);
    }

    /** Whether the service starts on boot. */
    interface BootControl {
        /** {@return "enabled", "disabled", or why it cannot be known (not under systemd)} */
        String state();

        /** {@return whether {@link #set} can work here (under systemd)} */
        boolean available();

        /**
         * Enables or disables start on boot.
         *
         * @param enabled whether to start on boot
         * @return what happened, in words
         * @throws Exception with the reason it failed
         */
        String set(boolean enabled) throws Exception;
    }
}
