package dev.failover4j.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * A script line of keepalived.conf split into argv the way keepalived splits it (its
 * {@code alloc_strvec_quoted_escaped}): words on white space; {@code "..."} and {@code '...'} group,
 * and quoted parts next to each other or to a word join it; a backslash escapes the next character
 * ({@code \n}, {@code \t}, {@code \\}, an octal {@code \NNN} and a hex {@code \xHH} as in C). No
 * shell is involved: {@code $VAR}, globs, pipes and redirections are passed as they are.
 */
final class Command {

    private Command() {
    }

    /** The argv of {@code line}; empty if it has no word. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length()) {
                    i = escape(line, i, w);
                } else {
                    w.append(c);
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '\\' && i + 1 < line.length()) {
                i = escape(line, i, w);
                inWord = true;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(w.toString());
        }
        return out;
    }

    /** Appends the escape at {@code i} (a backslash); returns the index of its last character. */
    private static int escape(String s, int i, StringBuilder w) {
        char n = s.charAt(i + 1);
        switch (n) {
            case 'n' -> w.append('\n');
            case 't' -> w.append('\t');
            case 'r' -> w.append('\r');
            case 'a' -> w.append('\u0007');
            case 'b' -> w.append('\b');
            case 'f' -> w.append('\f');
            case 'v' -> w.append('\u000b');
            case 'E' -> w.append('\u001b');
            case 'x' -> {
                int j = i + 2;
                while (j < s.length() && j < i + 4 && Character.digit(s.charAt(j), 16) >= 0) {
                    j++;
                }
                if (j == i + 2) {
                    w.append('x');
                    return i + 1;
                }
                w.append((char) Integer.parseInt(s.substring(i + 2, j), 16));
                return j - 1;
            }
            default -> {
                if (n >= '0' && n <= '7') {
                    int j = i + 1;
                    while (j < s.length() && j < i + 4 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                        j++;
                    }
                    w.append((char) Integer.parseInt(s.substring(i + 1, j), 8));
                    return j - 1;
                }
                w.append(n);
            }
        }
        return i + 1;
    }
}
