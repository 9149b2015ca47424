package dev.failover4j.agent;

import dev.failover4j.ConfigException;
import dev.failover4j.HaConfig;
import dev.failover4j.HaGroup;
import dev.failover4j.SyncGroup;
import dev.failover4j.agent.conf.KeepalivedConfig;
import dev.failover4j.agent.conf.Problem;
import dev.failover4j.engine.VirtualRouter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: one failover4j group per {@code vrrp_instance} of the configuration, its
 * scripts, notifications and sync groups; reloaded live (SIGHUP) and stopped gracefully (SIGTERM).
 * A reload that would change what cannot change live, or that has any error, is refused whole: the
 * running configuration stays, and the errors are logged.
 */
final class Agent {

    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    /** One running instance. */
    static final class Running {
        final HaGroup group;
        volatile KeepalivedConfig.Instance instance;
        final Notifier notifier;

        Running(HaGroup group, KeepalivedConfig.Instance instance, Notifier notifier) {
            this.group = group;
            this.instance = instance;
            this.notifier = notifier;
        }
    }

    private final Path file;
    private final String configId;
    private final Map<String, Running> running = new LinkedHashMap<>();
    private final Map<String, Map<String, KeepalivedConfig.NotifyScript>> groupNotify = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile KeepalivedConfig config;
    private volatile NotifyFifo fifo;
    private ScriptRunner runner;
    private volatile boolean stopped;
    /** Set when a reload begins: the warm-up has done its part by then. */
    private volatile boolean reloadStarted;

    Agent(Path file, String configId) {
        this.file = file;
        this.configId = configId;
    }

    /** Reads the configuration and checks it as {@code -t} does: every problem, in file order. */
    static List<Problem> check(KeepalivedConfig c) {
        return check(c, new ScriptRunner(c.global.scriptUser), new ArrayList<>());
    }

    /** As {@link #check(KeepalivedConfig)}; the instances planned with {@code runner} go to {@code plan}. */
    static List<Problem> check(KeepalivedConfig c, ScriptRunner runner, List<GroupFactory.Planned> plan) {
        List<Problem> problems = new ArrayList<>(c.problems());
        plan.addAll(GroupFactory.plan(c, runner, problems));
        for (KeepalivedConfig.Instance i : c.instances.values()) {
            if (i.iface != null && !interfaceExists(i.iface)) {
                problems.add(new Problem(i.where.file(), i.where.line(), Problem.Severity.ERROR,
                        "vrrp_instance " + i.name + ": no interface " + i.iface + " on this host", "check `ip link`"));
            }
            for (KeepalivedConfig.Track t : i.trackInterfaces) {
                if (!interfaceExists(t.name())) { // keepalived: fatal; here a missing interface would be down for ever
                    problems.add(new Problem(t.where().file(), t.where().line(), Problem.Severity.ERROR,
                            "track_interface " + t.name() + ": no such interface on this host", "check `ip link`"));
                }
            }
        }
        for (KeepalivedConfig.Script s : c.scripts.values()) {
            problems.addAll(ScriptSecurity.check(s, c.global));
        }
        for (KeepalivedConfig.Instance i : c.instances.values()) {
            i.notify.forEach((k, v) -> problems.addAll(ScriptSecurity.checkNotify("vrrp_instance " + i.name + " " + k, v, i.where, c.global)));
        }
        for (KeepalivedConfig.SyncGroup g : c.syncGroups.values()) {
            g.notify.forEach((k, v) -> problems.addAll(ScriptSecurity.checkNotify("vrrp_sync_group " + g.name + " " + k, v, g.where, c.global)));
        }
        problems.sort(java.util.Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
        return problems;
    }

    private static boolean interfaceExists(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    /** Starts every instance; throws with every error if the configuration has any. */
    synchronized void start() throws IOException {
        if (config != null) {
            throw new IOException("the instances are already running");
        }
        KeepalivedConfig c = KeepalivedConfig.read(file, configId);
        runner = new ScriptRunner(c.global.scriptUser);
        List<GroupFactory.Planned> plan = new ArrayList<>();
        List<Problem> problems = check(c, runner, plan);
        problems.stream().filter(p -> p.severity() == Problem.Severity.WARNING).forEach(p -> log.warn("{}", p));
        if (problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR)) {
            throw new ConfigProblems(problems);
        }
        if (c.global.notifyFifo != null) {
            fifo = new NotifyFifo(Path.of(c.global.notifyFifo), c.global.notifyFifoOwner);
        }
        initTrackFiles(c);
        config = c;
        Set<SyncGroup> syncGroups = new LinkedHashSet<>();
        for (KeepalivedConfig.SyncGroup g : c.syncGroups.values()) {
            groupNotify.put(g.name, g.notify);
        }
        for (GroupFactory.Planned p : plan) {
            startOne(p);
            if (p.syncGroup() != null) {
                syncGroups.add(p.syncGroup());
            }
        }
        if (!syncGroups.isEmpty()) {
            // A sync group's listeners run on the executor given here: not the protocol thread, which
            // must not start script threads.
            Executor groupEvents = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "sync-group-notify");
                t.setDaemon(true);
                return t;
            });
            for (SyncGroup sg : syncGroups) {
                String name = sg.name();
                sg.addListener(new Notifier("GROUP", name, () -> groupNotify.getOrDefault(name, Map.of()), () -> 0, runner,
                        () -> fifo), groupEvents);
            }
        }
        log.info("failover4j-agent {} running {} instance(s) from {}", Main.version(), running.size(), file);
        warmReload();
    }

    /** Times a reload's reading and checking runs at start (none applied), so a SIGHUP finds it compiled. */
    static final int WARM_RELOADS = 300;

    /**
     * Runs a reload's reading and checking ({@link #prepare}) {@link #WARM_RELOADS} times on a thread
     * of the lowest priority, applying nothing: run only on a SIGHUP, that code would otherwise always
     * be interpreted, and a reload took about 3 times keepalived's (16 vs 6 ms from the signal to the
     * new address in the kernel, AgentNginxIT). About a second of one core, once.
     */
    private void warmReload() {
        KeepalivedConfig current = config;
        Map<String, HaConfig> configs = runningConfigs();
        Thread t = new Thread(() -> {
            try {
                long t0 = System.nanoTime();
                for (int i = 0; i < WARM_RELOADS && !stopped && !reloadStarted; i++) {
                    prepare(current, configs);
                }
                warmTimedWait();
                // String.format's "%.1f", as the reload's summary line has it: its locale data took 10 ms to
                // load on the first reload.
                log.debug("{}", String.format(java.util.Locale.ROOT, "the reload path warmed in %.1f ms", (System.nanoTime() - t0) / 1e6));
            } catch (RuntimeException e) {
                log.debug("warming the reload path", e);
            }
        }, "warm-reload");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** A reload waits for the protocol thread with a timed get, whose classes load on first use. */
    private static void warmTimedWait() {
        try {
            new java.util.concurrent.CompletableFuture<Void>().get(1, java.util.concurrent.TimeUnit.MICROSECONDS);
        } catch (java.util.concurrent.TimeoutException expected) {
            // what it is for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void startOne(GroupFactory.Planned p) {
        String name = p.name();
        Running[] self = new Running[1];
        Notifier n = new Notifier("INSTANCE", name, () -> self[0].instance.notify,
                () -> self[0].group.status().effectivePriority(), runner, () -> fifo);
        HaGroup g = p.builder().listener(n).build();
        self[0] = new Running(g, p.instance(), n);
        try {
            g.start();
        } catch (RuntimeException e) {
            g.close(Duration.ofSeconds(1));
            throw e;
        }
        running.put(name, self[0]);
        log.info("vrrp_instance {}: {} VRID {} priority {}", name, p.config().interfaceName(), p.config().vrid(),
                p.config().priority());
    }

    /** Each sync group's name and members, to compare two configurations. */
    private static Map<String, List<String>> syncGroups(KeepalivedConfig c) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        c.syncGroups.values().forEach(g -> out.put(g.name, g.members.stream().sorted().toList()));
        return out;
    }

    /** keepalived's {@code init_file}: the file made (or rewritten) with its value before the first read. */
    private static void initTrackFiles(KeepalivedConfig c) {
        for (KeepalivedConfig.TrackFile t : c.trackFiles.values()) {
            if (t.file == null || t.initValue == null) {
                continue;
            }
            Path f = Path.of(t.file);
            try {
                if (!Files.exists(f) || (t.initOverwrite && Files.isRegularFile(f))) {
                    Files.writeString(f, t.initValue + "\n", StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                log.warn("track_file {}: cannot write {}: {}", t.name, f, e.getMessage());
            }
        }
    }

    /**
     * SIGHUP: reads the file again and applies it live. Refused whole (and logged, the running
     * configuration kept) if it has an error or changes what cannot change live.
     */
    synchronized void reload() {
        try {
            reloadChecked();
        } catch (ReloadRefused e) {
            if (e.problems.isEmpty()) {
                log.warn("{}", e.getMessage());
            } else {
                log.error("reload refused, the running configuration is kept: {} problem(s)", e.problems.size());
                e.problems.forEach(r -> log.error("  {}", r));
            }
        }
    }

    /** A reload that did nothing: why, and every problem. */
    static final class ReloadRefused extends Exception {
        private static final long serialVersionUID = 1L;
        final List<String> problems;

        ReloadRefused(String message, List<String> problems) {
            super(message + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)));
            this.problems = problems;
        }
    }

    /** A reload read and checked, not applied: the new file, its instances, its problems, and why it is refused. */
    private record Prepared(KeepalivedConfig config, List<GroupFactory.Planned> plan, List<Problem> problems, List<String> refused) {
    }

    /**
     * Reads the file and checks it against the running configuration {@code current}: every error,
     * and every change that cannot be made live. Applies nothing; the start-up warm-up runs it too.
     */
    private Prepared prepare(KeepalivedConfig current, Map<String, HaConfig> runningConfigs) {
        KeepalivedConfig c = KeepalivedConfig.read(file, configId);
        List<GroupFactory.Planned> plan = new ArrayList<>();
        List<Problem> problems = check(c, runner, plan);
        List<String> refused = new ArrayList<>();
        problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).forEach(p -> refused.add(p.toString()));
        for (GroupFactory.Planned p : plan) {
            HaConfig was = runningConfigs.get(p.name());
            if (was == null) {
                continue;
            }
            for (String why : VirtualRouter.unchangeable(was, p.config())) {
                refused.add(p.instance().where.where() + ": vrrp_instance " + p.name() + ": " + why
                        + " (cannot change live: restart the agent to change it)");
            }
        }
        // The script runner and the FIFO are the process's: made at start (keepalived re-reads them on a reload; here
        // a restart applies them, and the reload says so rather than leaving them as they were without a word).
        if (!Objects.equals(current.global.scriptUser, c.global.scriptUser)) {
            refused.add(file + ": global_defs script_user: " + current.global.scriptUser + " -> " + c.global.scriptUser
                    + " (cannot change live: restart the agent to change it)");
        }
        if (!Objects.equals(current.global.notifyFifo, c.global.notifyFifo)) {
            refused.add(file + ": global_defs notify_fifo: " + current.global.notifyFifo + " -> " + c.global.notifyFifo
                    + " (cannot change live: restart the agent to change it)");
        }
        if (current.global.rtPriority != c.global.rtPriority) {
            refused.add(file + ": global_defs vrrp_rt_priority: " + current.global.rtPriority + " -> " + c.global.rtPriority
                    + " (cannot change live: restart the agent to change it)");
        }
        if (!syncGroups(current).equals(syncGroups(c))) {
            refused.add(file + ": the sync groups or their members changed: " + syncGroups(current) + " -> " + syncGroups(c)
                    + " (cannot change live: restart the agent to change them)");
        }
        return new Prepared(c, plan, problems, refused);
    }

    /** The running instances' configurations, by name (a copy: the warm-up reads it on its own thread). */
    private Map<String, HaConfig> runningConfigs() {
        Map<String, HaConfig> out = new LinkedHashMap<>();
        running.forEach((name, r) -> out.put(name, r.group.config()));
        return out;
    }

    /** A reload's warnings: logged after it is applied (or refused), off the path to the new addresses. */
    private static void logWarnings(List<Problem> problems) {
        problems.stream().filter(p -> p.severity() == Problem.Severity.WARNING).forEach(p -> log.warn("{}", p));
    }

    /**
     * As {@link #reload()}, for the console: what it did, in words.
     *
     * @throws ReloadRefused with every problem; nothing was applied
     */
    synchronized String reloadChecked() throws ReloadRefused {
        if (stopped) {
            throw new ReloadRefused("the agent is stopping", List.of());
        }
        if (config == null) {
            throw new ReloadRefused("nothing to reload: the instances are not running (start them; they read the file"
                    + " as they start)", List.of());
        }
        reloadStarted = true;
        log.info("reloading {}", file);
        long t0 = System.nanoTime();
        Prepared prepared = prepare(config, runningConfigs());
        if (!prepared.refused().isEmpty()) {
            logWarnings(prepared.problems());
            throw new ReloadRefused("reload refused, the running configuration is kept", prepared.refused());
        }
        KeepalivedConfig c = prepared.config();
        List<GroupFactory.Planned> plan = prepared.plan();
        long checked = System.nanoTime();
        // Removed instances first: a renamed instance with the same VRID must not run twice in this process.
        List<String> gone = new ArrayList<>();
        for (String name : running.keySet()) {
            boolean planned = false;
            for (GroupFactory.Planned p : plan) {
                planned |= p.name().equals(name);
            }
            if (!planned) {
                gone.add(name);
            }
        }
        for (String name : gone) {
            Running r = running.remove(name);
            log.info("vrrp_instance {}: no longer configured: stopping it", name);
            r.group.close(Duration.ofSeconds(3));
            r.notifier.notifyState("STOP");
        }
        int changed = 0;
        int added = 0;
        for (GroupFactory.Planned p : plan) {
            Running r = running.get(p.name());
            try {
                if (r == null) {
                    startOne(p);
                    added++;
                } else {
                    r.group.reconfigure(p.config());
                    r.instance = p.instance();
                    changed++;
                }
            } catch (RuntimeException e) {
                // checked before, so rare (a unicast channel that cannot open, a loop that did not answer)
                log.error("vrrp_instance {}: the reload could not be applied to it: {}", p.name(), e.getMessage());
            }
        }
        for (KeepalivedConfig.SyncGroup g : c.syncGroups.values()) {
            groupNotify.put(g.name, g.notify);
        }
        config = c;
        String done = String.format(java.util.Locale.ROOT, "reloaded %s: %d instance(s) reconfigured, %d started, %d stopped"
                + " (read and checked in %.1f ms, applied in %.1f ms)", file, changed, added, gone.size(), (checked - t0) / 1e6,
                (System.nanoTime() - checked) / 1e6);
        log.info("{}", done);
        logWarnings(prepared.problems());
        return done;
    }

    /**
     * The console's stop: every instance stops gracefully (priority 0, addresses released, notify_stop);
     * the agent keeps running and {@link #start()} starts them again from the file.
     *
     * @return what it did, in words
     */
    synchronized String stopInstances() {
        if (config == null) {
            return "the instances were not running";
        }
        int n = running.size();
        closeInstances();
        running.clear();
        fifo = null;
        config = null;
        log.info("stopped {} instance(s); the agent keeps running", n);
        return "stopped " + n + " instance(s) gracefully";
    }

    /** {@return global_defs' vrrp_rt_priority as running (0: none)} */
    synchronized int realtimePriority() {
        return config == null ? 0 : config.global.rtPriority;
    }

    /** {@return whether the instances run} */
    synchronized boolean running() {
        return config != null;
    }

    /** SIGTERM: every instance stops gracefully (priority 0, VIPs released), then notify_stop. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        closeInstances();
        if (runner != null) {
            runner.awaitBackground(Duration.ofSeconds(1)); // keepalived gives its STOP scripts 1 s too
        }
        log.info("failover4j-agent stopped");
    }

    /** Every instance stops gracefully (priority 0, VIPs released), then notify_stop; the FIFO is closed. */
    private void closeInstances() {
        for (Map.Entry<String, Running> e : running.entrySet()) {
            e.getValue().group.close(Duration.ofSeconds(3));
            e.getValue().notifier.notifyState("STOP");
        }
        if (fifo != null) {
            fifo.close();
        }
    }

    /** The running instances, by name. */
    synchronized Map<String, Running> instances() {
        return new LinkedHashMap<>(running);
    }

    KeepalivedConfig config() {
        return config;
    }

    /** {@return the configuration file} */
    Path file() {
        return file;
    }

    /** {@return the id @ID lines are read for} */
    String configId() {
        return configId;
    }

    /** The configuration had errors: every problem, errors and warnings. */
    static final class ConfigProblems extends IOException {
        final List<Problem> problems;

        ConfigProblems(List<Problem> problems) {
            super(problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count() + " error(s) in the configuration");
            this.problems = problems;
        }
    }
}
