package dev.failover4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Authenticated adverts, compatible with keepalived 2.4's {@code auth_hmac}: every advert carries a
 * 28-byte trailer with the sender's key id, a time-based sequence and an HMAC-SHA256 (truncated to 128
 * bits) over the advert and its source address. Receivers drop adverts whose HMAC does not verify, whose
 * key they do not know, whose time is outside the window, or which replay an older sequence.
 *
 * <pre>{@code
 * HmacAuth auth = HmacAuth.builder().keyHex(1, "000102...1f").activeKey(1).build();
 * HaGroup.builder()...hmac(auth)...
 * }</pre>
 *
 * <p>Keys (32..64 bytes, ids 1..255) are never logged, never in {@link #toString()}, the status or any
 * page. Several keys let a cluster rotate: add the new key everywhere, switch {@code activeKey}, then
 * remove the old one. A peer that does not know the extension (keepalived before 2.4) drops signed
 * adverts as too long, and both nodes become master: roll out with {@link Mode#RECEIVE_ONLY}
 * everywhere first, then {@link Mode#PERMISSIVE}, then {@link Mode#ENFORCE} (see the README).
 */
public final class HmacAuth {

    /** What a group sends and accepts. */
    public enum Mode {
        /** Sign every advert; accept signed adverts only (keepalived's default). */
        ENFORCE,
        /** Sign every advert; accept unsigned adverts too (a signed one must still verify). */
        PERMISSIVE,
        /** Send unsigned adverts; accept unsigned ones, verify signed ones: the first rollout step. */
        RECEIVE_ONLY
    }

    /** How a replay is recognised. */
    public enum AntiReplay {
        /** The sequence must rise per sender and the timestamp be within the window of this node's clock. */
        TIME,
        /** The sequence must rise per sender; no clock comparison (for nodes whose clocks are not synchronised). */
        MONOTONIC
    }

    private final Map<Integer, byte[]> keys;
    private final int activeKey;
    private final Mode mode;
    private final AntiReplay antiReplay;
    private final Duration window;
    private final Clock clock;

    private HmacAuth(Builder b) {
        this.keys = new TreeMap<>();
        b.keys.forEach((id, k) -> keys.put(id, k.clone()));
        this.activeKey = b.activeKey == null ? 0 : b.activeKey;
        this.mode = b.mode;
        this.antiReplay = b.antiReplay;
        this.window = b.window;
        this.clock = b.clock;
    }

    /** {@return a builder: mode ENFORCE, anti-replay TIME, the window keepalived's default} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The key of {@code id} (a copy: keys never leave otherwise).
     *
     * @param id the key id
     * @return the key, or null if there is none with that id
     */
    public byte[] key(int id) {
        byte[] k = keys.get(id);
        return k == null ? null : k.clone();
    }

    /** {@return the ids of the keys, ascending} */
    public List<Integer> keyIds() {
        return List.copyOf(keys.keySet());
    }

    /** {@return the id of the key adverts are signed with (0 in receive-only mode without one)} */
    public int activeKey() {
        return activeKey;
    }

    /** {@return the mode} */
    public Mode mode() {
        return mode;
    }

    /** {@return how replays are recognised} */
    public AntiReplay antiReplay() {
        return antiReplay;
    }

    /**
     * The anti-replay window (time mode): how far a sender's timestamp may be from this node's clock.
     *
     * @param advertInterval the group's advert interval
     * @return the window set, or keepalived's default: 3 × the interval in whole seconds, at least 5 s
     */
    public Duration window(Duration advertInterval) {
        if (window != null) {
            return window;
        }
        return Duration.ofSeconds(Math.max(3 * advertInterval.toSeconds(), 5));
    }

    /** {@return the wall clock that timestamps and freshness use (the system's UTC clock unless a test set one)} */
    public Clock clock() {
        return clock;
    }

    /** Equal keys, ids, mode, anti-replay and window (the clock is not compared). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HmacAuth h) || h.activeKey != activeKey || h.mode != mode || h.antiReplay != antiReplay
                || !Objects.equals(h.window, window) || !h.keys.keySet().equals(keys.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, byte[]> e : keys.entrySet()) {
            if (!java.security.MessageDigest.isEqual(e.getValue(), h.keys.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(keys.keySet(), activeKey, mode, antiReplay, window);
    }

    /** The settings without a key byte: {@code HmacAuth{keys=[1, 2], active=2, mode=ENFORCE, antiReplay=TIME, window=default}}. */
    @Override
    public String toString() {
        return "HmacAuth{keys=" + keys.keySet() + ", active=" + activeKey + ", mode=" + mode + ", antiReplay=" + antiReplay
                + ", window=" + (window == null ? "default" : window) + "}";
    }

    /** Collects the settings; {@link #build()} reports every bad value at once. */
    public static final class Builder {
        private final Map<Integer, byte[]> keys = new TreeMap<>();
        private final List<String> problems = new ArrayList<>();
        private Integer activeKey;
        private Mode mode = Mode.ENFORCE;
        private AntiReplay antiReplay = AntiReplay.TIME;
        private Duration window;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * A key.
         *
         * @param id  1..255
         * @param key 32..64 bytes (copied)
         * @return this builder
         */
        public Builder key(int id, byte[] key) {
            if (key == null) {
                problems.add("key " + id + ": null");
            } else if (keys.put(id, key.clone()) != null) {
                problems.add("key " + id + ": given twice");
            }
            return this;
        }

        /**
         * A key in hex (keepalived's {@code key ID hex:...}; the {@code hex:} prefix is optional here).
         *
         * @param id  1..255
         * @param hex 64..128 hex digits
         * @return this builder
         */
        public Builder keyHex(int id, String hex) {
            String h = hex == null ? "" : hex.strip();
            if (h.startsWith("hex:")) {
                h = h.substring(4);
            }
            try {
                return key(id, HexFormat.of().parseHex(h));
            } catch (IllegalArgumentException e) {
                problems.add("key " + id + ": not hex digits (" + h.length() + " characters)");
                return this;
            }
        }

        /**
         * A key from a file, as keepalived reads {@code key ID file:PATH}: the file's first line,
         * trailing CR/LF stripped, is {@code hex:...} or the key's ASCII bytes. The file should be
         * readable by this process only (mode 0600).
         *
         * @param id   1..255
         * @param file the file
         * @return this builder
         */
        public Builder keyFile(int id, Path file) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                String line = (nl >= 0 ? text.substring(0, nl) : text).replaceAll("[\r\n]+$", "");
                return line.startsWith("hex:") ? keyHex(id, line) : key(id, line.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                problems.add("key " + id + ": cannot read " + file + ": " + e.getMessage());
                return this;
            }
        }

        /**
         * The key adverts are signed with; required unless the mode is receive-only.
         *
         * @param id one of the keys' ids
         * @return this builder
         */
        public Builder activeKey(int id) {
            this.activeKey = id;
            return this;
        }

        /**
         * The mode (default ENFORCE).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * How replays are recognised (default TIME).
         *
         * @param antiReplay time or monotonic
         * @return this builder
         */
        public Builder antiReplay(AntiReplay antiReplay) {
            this.antiReplay = Objects.requireNonNull(antiReplay, "antiReplay");
            return this;
        }

        /**
         * The time window (default: 3 × the advert interval in whole seconds, at least 5 s).
         *
         * @param window 1 s .. 1 h
         * @return this builder
         */
        public Builder window(Duration window) {
            this.window = window;
            return this;
        }

        /**
         * The wall clock for timestamps and freshness (tests; default the system's UTC clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Validates everything at once.
         *
         * @return the settings
         * @throws ConfigException listing every bad value
         */
        public HmacAuth build() {
            List<String> out = new ArrayList<>(problems);
            keys.forEach((id, k) -> {
                if (id < 1 || id > 255) {
                    out.add("key " + id + ": the id is out of range (allowed 1..255)");
                }
                if (k.length < 32 || k.length > 64) {
                    out.add("key " + id + ": " + k.length + " bytes (allowed 32..64)");
                }
            });
            if (keys.isEmpty()) {
                out.add("keys: at least one (key(id, bytes), keyHex or keyFile)");
            }
            if (activeKey == null && mode != Mode.RECEIVE_ONLY) {
                out.add("activeKey: required to sign (mode " + mode + "); or mode RECEIVE_ONLY");
            } else if (activeKey != null && !keys.containsKey(activeKey)) {
                out.add("activeKey: " + activeKey + " names no key (the keys are " + keys.keySet() + ")");
            }
            if (window != null && (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofHours(1)) > 0)) {
                out.add("window: " + window + " is out of range (allowed 1 s .. 1 h)");
            }
            if (window != null && antiReplay == AntiReplay.MONOTONIC) {
                out.add("window: has no effect with antiReplay MONOTONIC");
            }
            if (!out.isEmpty()) {
                throw new ConfigException(out.stream().map(p -> "hmac " + p).toList());
            }
            return new HmacAuth(this);
        }
    }
}
