package dev.failover4j.console;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps passwords and keys out of the configuration page: {@code auth_pass 1111} is shown as
 * {@code auth_pass <secret-1>}, auth_hmac's {@code key 1 hex:...} as {@code key 1 <secret-2>}; a saved
 * text gets each placeholder's value back from the file on disk
 * (the n-th secret there). A password typed in the editor is saved as typed.
 */
final class Secrets {

    /** keepalived's keywords whose value is a secret. */
    private static final Pattern SECRET = Pattern.compile("(?m)^(\\s*(?:auth_pass\\s+|key\\s+\\d+\\s+))(\"[^\"]*\"|\\S+)");
    private static final Pattern PLACEHOLDER = Pattern.compile("<secret-(\\d+)>");

    private Secrets() {
    }

    static String mask(String text) {
        Matcher m = SECRET.matcher(text);
        StringBuilder b = new StringBuilder();
        int n = 0;
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + "<secret-" + (++n) + ">"));
        }
        m.appendTail(b);
        return b.toString();
    }

    static String unmask(String edited, String current) {
        List<String> values = new ArrayList<>();
        Matcher s = SECRET.matcher(current);
        while (s.find()) {
            values.add(s.group(2));
        }
        Matcher m = PLACEHOLDER.matcher(edited);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            int i = Integer.parseInt(m.group(1)) - 1;
            m.appendReplacement(b, Matcher.quoteReplacement(i < values.size() ? values.get(i) : m.group()));
        }
        m.appendTail(b);
        return b.toString();
    }
}
