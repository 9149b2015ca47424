package dev.failover4j.agent;

import dev.failover4j.HaGroup;
import dev.failover4j.agent.conf.KeepalivedConfig;
import dev.failover4j.console.ConsoleBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the agent gives its console: the running instances, start/stop/reload, the configuration
 * file (checked as {@code -t} checks it, saved with the previous file kept), stored templates, the log
 * ring and start on boot through systemd.
 */
final class AgentConsole implements ConsoleBackend, ConsoleBackend.Service, ConsoleBackend.ConfigStore,
        ConsoleBackend.BootControl {

    static final String UNIT = "failover4j-agent.service";

    private final Agent agent;
    private final Path templates;
    private final LogRing log;

    AgentConsole(Agent agent, Path templates, LogRing log) {
        this.agent = agent;
        this.templates = templates;
        this.log = log;
    }

    @Override
    public String nodeName() {
        KeepalivedConfig c = agent.config();
        if (c != null && c.global.routerId != null) {
            return c.global.routerId;
        }
        return Main.defaultConfigId();
    }

    @Override
    public Map<String, HaGroup> groups() {
        Map<String, HaGroup> out = new LinkedHashMap<>();
        agent.instances().forEach((name, r) -> out.put(name, r.group));
        return out;
    }

    @Override
    public Service service() {
        return this;
    }

    @Override
    public ConfigStore config() {
        return this;
    }

    @Override
    public LogSource log() {
        return log;
    }

    @Override
    public BootControl boot() {
        return this;
    }

    // ------------------------------------------------------------------ service

    @Override
    public boolean running() {
        return agent.running();
    }

    @Override
    public String start() throws Exception {
        try {
            agent.start();
        } catch (Agent.ConfigProblems e) {
            throw new IOException(e.getMessage() + ": " + String.join("; ",
                    e.problems.stream().filter(p -> p.severity() == dev.failover4j.agent.conf.Problem.Severity.ERROR)
                            .map(dev.failover4j.agent.conf.Problem::toString).toList()));
        }
        return "started " + agent.instances().size() + " instance(s) from " + agent.file();
    }

    @Override
    public String stop() {
        return agent.stopInstances();
    }

    @Override
    public String reload() throws Exception {
        return agent.reloadChecked();
    }

    // ------------------------------------------------------------------ configuration

    @Override
    public String path() {
        return agent.file().toString();
    }

    @Override
    public String read() throws IOException {
        return Files.readString(agent.file(), StandardCharsets.UTF_8);
    }

    /**
     * Checks {@code text} as {@code -t} would check the file: written beside it (so that relative
     * includes resolve the same), read and checked, deleted. Problems in included files are reported at
     * line 0 with their file.
     */
    @Override
    public List<ConsoleBackend.Problem> validate(String text) {
        Path dir = agent.file().toAbsolutePath().getParent();
        Path probe = null;
        try {
            probe = Files.createTempFile(dir, ".console-check-", ".conf");
            Files.writeString(probe, text, StandardCharsets.UTF_8);
            KeepalivedConfig c = KeepalivedConfig.read(probe, agent.configId());
            List<ConsoleBackend.Problem> out = new ArrayList<>();
            for (dev.failover4j.agent.conf.Problem p : Agent.check(c)) {
                boolean here = p.file().equals(probe.toString()) || Path.of(p.file()).toAbsolutePath().equals(probe);
                String message = p.message() + (p.hint() == null ? "" : " (" + p.hint() + ")");
                out.add(new ConsoleBackend.Problem(here ? p.line() : 0, p.severity() == dev.failover4j.agent.conf.Problem.Severity.ERROR,
                        here ? message : p.file() + (p.line() > 0 ? ":" + p.line() : "") + ": " + message));
            }
            return out;
        } catch (IOException e) {
            return List.of(new ConsoleBackend.Problem(0, true, "cannot check it: " + e.getMessage()));
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // a stray probe file is harmless: it starts with a dot
                }
            }
        }
    }

    @Override
    public String save(String text) throws IOException {
        Path file = agent.file().toAbsolutePath();
        Path previous = file.resolveSibling(file.getFileName() + ".previous");
        Path next = Files.createTempFile(file.getParent(), ".console-save-", ".conf");
        try {
            Files.writeString(next, text, StandardCharsets.UTF_8);
            if (Files.exists(file)) {
                Files.copy(file, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(next);
        }
        return previous.toString();
    }

    @Override
    public Map<String, String> templates() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (templates == null || !Files.isDirectory(templates)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(templates, "*.conf")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        for (Path f : files) {
            String name = f.getFileName().toString();
            out.put(name.substring(0, name.length() - ".conf".length()), Files.readString(f, StandardCharsets.UTF_8));
        }
        return out;
    }

    // ------------------------------------------------------------------ start on boot

    /** Under systemd: its runtime directory exists and it started this process (INVOCATION_ID). */
    @Override
    public boolean available() {
        return Files.isDirectory(Path.of("/run/systemd/system")) && System.getenv("INVOCATION_ID") != null;
    }

    @Override
    public String state() {
        if (!available()) {
            return "unknown: the agent is not running under systemd (start on boot is systemd's "
                    + UNIT + "; enable it with systemctl where the agent is installed as a service)";
        }
        try {
            return systemctl("is-enabled", UNIT).strip();
        } catch (IOException e) {
            return "unknown: " + e.getMessage();
        }
    }

    @Override
    public String set(boolean enabled) throws IOException {
        if (!available()) {
            throw new IOException("the agent is not running under systemd: nothing to enable");
        }
        systemctl(enabled ? "enable" : "disable", UNIT);
        return UNIT + (enabled ? " starts on boot" : " no longer starts on boot") + " (systemctl " + (enabled ? "enable" : "disable") + ")";
    }

    private static String systemctl(String verb, String unit) throws IOException {
        Process p = new ProcessBuilder("systemctl", verb, unit).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("systemctl " + verb + " did not answer in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && !verb.equals("is-enabled")) {
            throw new IOException("systemctl " + verb + " " + unit + " failed (exit " + p.exitValue() + "): " + out.strip()
                    + (out.contains("ccess denied") || out.contains("uthentication") ? " — the agent's user may not change"
                    + " units; run it as root: sudo systemctl " + verb + " " + unit : ""));
        }
        return out;
    }
}
