package dev.failover4j.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads {@code keepalived-vectors.txt}: packets captured from keepalived 2.2.7 (see the file's
 * header). Each vector keeps its label and the decode comment printed above it. The one copy of the
 * file and its loader, for every module's tests.
 */
public final class KeepalivedVectors {

    /** One captured packet. */
    public record Vector(String label, String comment, byte[] bytes) {
        public String[] labelParts() {
            return label.split("/");
        }

        /** What was captured: {@code advert}, {@code garp}, {@code na}, ... */
        public String kind() {
            return labelParts()[1];
        }

        /** A {@code key=value} field from the decode comment, or null. */
        public String commentField(String key) {
            Matcher m = Pattern.compile("\\b" + Pattern.quote(key) + "=(\\S+)").matcher(comment);
            return m.find() ? m.group(1) : null;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static final String RESOURCE = "keepalived-vectors.txt";

    private KeepalivedVectors() {
    }

    /** The adverts keepalived 2.4.3 signed with {@code auth_hmac} (copied from the project's shared vectors). */
    static final String HMAC_RESOURCE = "keepalived-2.4-auth-hmac.txt";

    /** Every vector in file order. */
    public static List<Vector> all() {
        return read(RESOURCE);
    }

    /** Every vector of keepalived-2.4-auth-hmac.txt, in file order. */
    public static List<Vector> hmac() {
        return read(HMAC_RESOURCE);
    }

    private static List<Vector> read(String resource) {
        List<Vector> out = new ArrayList<>();
        try (InputStream in = KeepalivedVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the test resources");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String comment = "";
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#")) {
                    comment = line;
                } else if (!line.isBlank()) {
                    String[] parts = line.trim().split("\\s+");
                    out.add(new Vector(parts[0], comment, HexFormat.of().parseHex(parts[1])));
                    comment = "";
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The vectors of one kind. */
    public static List<Vector> ofKind(String kind) {
        return all().stream().filter(v -> v.kind().equals(kind)).toList();
    }

    /** Label fields after the sender, e.g. {@code vrid51 -> 51}, {@code int100cs -> 100}. */
    public static Map<String, String> labelFields(Vector v) {
        Map<String, String> m = new java.util.HashMap<>();
        String[] p = v.labelParts();
        m.put("scenario", p[0]);
        m.put("sender", p[2]);
        for (int i = 3; i < p.length; i++) {
            Matcher x = Pattern.compile("([a-z]+)(\\d+)([a-z]*)").matcher(p[i]);
            if (x.matches()) {
                m.put(x.group(1), x.group(2));
                if (!x.group(3).isEmpty()) {
                    m.put(x.group(1) + "Unit", x.group(3));
                }
            }
        }
        return m;
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
