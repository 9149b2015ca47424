package dev.failover4j.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console's users file: one user per line, {@code name role hash}, role {@code admin} or
 * {@code viewer}, the hash from {@code failover4j-agent --hash-password}; {@code #} starts a comment.
 */
public final class ConsoleUsers {

    private ConsoleUsers() {
    }

    /**
     * Reads {@code file}.
     *
     * @param file the users file
     * @return the users by name, in file order
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException listing every bad line with its number and how to fix it
     */
    public static Map<String, ConsoleUser> read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllLines(file));
    }

    static Map<String, ConsoleUser> parse(String where, List<String> lines) {
        Map<String, ConsoleUser> users = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty()) {
                continue;
            }
            String at = where + ":" + (i + 1) + ": ";
            String[] f = text.split("\\s+");
            if (f.length != 3) {
                problems.add(at + "expected 'name role hash', got " + f.length + " field(s)");
                continue;
            }
            ConsoleUser.Role role;
            try {
                role = ConsoleUser.Role.valueOf(f[1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(at + "role '" + f[1] + "' is neither admin nor viewer");
                continue;
            }
            if (!PasswordHash.wellFormed(f[2])) {
                problems.add(at + "the hash of '" + f[0] + "' is not a pbkdf2-sha256 hash: make one with"
                        + " failover4j-agent --hash-password");
                continue;
            }
            if (users.putIfAbsent(f[0], new ConsoleUser(f[0], role, f[2])) != null) {
                problems.add(at + "user '" + f[0] + "' appears twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("console users file:\n  " + String.join("\n  ", problems));
        }
        return users;
    }
}
