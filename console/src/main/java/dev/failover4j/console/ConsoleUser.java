package dev.failover4j.console;

import java.util.Objects;

/**
 * A console user.
 *
 * @param name         the login name
 * @param role         what the user may do
 * @param passwordHash a {@link PasswordHash} hash, never the password
 */
public record ConsoleUser(String name, Role role, String passwordHash) {

    /** What a user may do. */
    public enum Role {
        /** Sees everything and acts: demote, priority, start, stop, reload, configuration, start on boot. */
        ADMIN,
        /** Sees the status pages only: no action, no configuration, no log. */
        VIEWER
    }

    /**
     * Validates that nothing is null.
     *
     * @param name         the login name
     * @param role         what the user may do
     * @param passwordHash a {@link PasswordHash} hash
     */
    public ConsoleUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    @Override
    public String toString() {
        return "ConsoleUser[" + name + ", " + role + "]"; // never the hash
    }
}
