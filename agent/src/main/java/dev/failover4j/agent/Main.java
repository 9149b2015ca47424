package dev.failover4j.agent;

import dev.failover4j.FailoverException;
import dev.failover4j.agent.conf.KeepalivedConfig;
import dev.failover4j.agent.conf.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;

/**
 * {@code failover4j-agent}: keepalived's VRRP half, from the keepalived.conf already there.
 * <pre>
 *   failover4j-agent [-f FILE] [-i CONFIG_ID]          run in the foreground
 *   failover4j-agent -t [-f FILE] [-i CONFIG_ID]       check the configuration: every problem, exit 1 on errors
 *   failover4j-agent status [--json] [--control-socket PATH]
 *   failover4j-agent --version | --help
 * </pre>
 */
public final class Main {

    static {
        // First, before any logger (this class's constants load ControlServer's): java.util.logging's
        // manager must be ours, or the JDK's shutdown hook closes the handlers while the agent stops.
        System.setProperty("java.util.logging.manager", AgentLogManager.class.getName());
    }

    static final String DEFAULT_CONFIG = "/etc/keepalived/keepalived.conf";

    private Main() {
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/failover4j-agent.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final String HELP = """
            Usage: failover4j-agent [options]              run the VRRP instances of a keepalived.conf (foreground)
                   failover4j-agent -t [options]           check the configuration and exit
                   failover4j-agent status [--json]        ask the running agent for its state
                   failover4j-agent --hash-password        read a password on stdin, print its hash for --console-users

            Options:
              -f, --use-file FILE       the configuration (default %s)
              -i, --config-id ID        the id that @ID lines of the configuration are for (default: the host name
                                        up to its first dot, as keepalived)
              -t, --config-test         check the configuration: every problem with file:line and a hint;
                                        exit status 0 (none, or warnings only) or 1 (errors)
              --control-socket PATH     the local control socket (default %s)
              --json                    with status: JSON
              --console [HOST:]PORT     serve the operator's console (default host 127.0.0.1; off unless given)
              --console-users FILE      the console's users, a line each: name admin|viewer hash; required for
                                        any address but loopback (without users only loopback clients get in)
              --console-templates DIR   stored configurations (*.conf) the console's editor can load
                                        (default %s)
              -v, --version             print the version
              -h, --help                print this help

            Signals: SIGHUP reloads the file without a failover (a file with errors, or one that changes what
            cannot change live, is refused and the running configuration kept); SIGTERM stops gracefully
            (priority 0 on the wire, addresses released, notify_stop).
            """.formatted(DEFAULT_CONFIG, ControlServer.DEFAULT, "/etc/failover4j/templates");

    static final String DEFAULT_TEMPLATES = "/etc/failover4j/templates";

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command line's work; the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String file = DEFAULT_CONFIG;
        String configId = defaultConfigId();
        boolean test = false;
        boolean status = false;
        boolean json = false;
        Path control = ControlServer.DEFAULT;
        String console = null;
        Path consoleUsers = null;
        Path templates = Path.of(DEFAULT_TEMPLATES);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-f", "--use-file" -> {
                    if (++i >= args.length) {
                        return usage(err, a + " needs a file");
                    }
                    file = args[i];
                }
                case "-i", "--config-id" -> {
                    if (++i >= args.length) {
                        return usage(err, a + " needs an id");
                    }
                    configId = args[i];
                }
                case "--control-socket" -> {
                    if (++i >= args.length) {
                        return usage(err, a + " needs a path");
                    }
                    control = Path.of(args[i]);
                }
                case "--console" -> {
                    if (++i >= args.length) {
                        return usage(err, a + " needs [HOST:]PORT, e.g. 127.0.0.1:8484");
                    }
                    console = args[i];
                }
                case "--console-users" -> {
                    if (++i >= args.length) {
                        return usage(err, a + " needs a file");
                    }
                    consoleUsers = Path.of(args[i]);
                }
                case "--console-templates" -> {
                    if (++i >= args.length) {
                        return usage(err, a + " needs a directory");
                    }
                    templates = Path.of(args[i]);
                }
                case "--hash-password" -> {
                    return hashPassword(out, err);
                }
                case "-t", "--config-test" -> test = true;
                case "status" -> status = true;
                case "--json" -> json = true;
                case "-v", "--version" -> {
                    out.println("failover4j-agent " + version());
                    return 0;
                }
                case "-h", "--help" -> {
                    out.print(HELP);
                    return 0;
                }
                default -> {
                    return usage(err, "unknown option " + a);
                }
            }
        }
        if (status) {
            try {
                out.print(ControlServer.ask(control, json ? "status json" : "status", Duration.ofSeconds(5)));
                return 0;
            } catch (IOException e) {
                err.println("failover4j-agent status: cannot reach the agent at " + control + ": " + e.getMessage()
                        + " (is it running? reading it needs root or the service's group)");
                return 3;
            }
        }
        if (test) {
            return test(Path.of(file), configId, out);
        }
        ConsoleServer.Settings consoleSettings = null;
        if (console != null) {
            try {
                consoleSettings = ConsoleServer.settings(console, consoleUsers, templates);
            } catch (IllegalArgumentException | IOException e) {
                err.println("failover4j-agent: --console: " + e.getMessage());
                return 2;
            }
        } else if (consoleUsers != null) {
            return usage(err, "--console-users without --console");
        }
        return runAgent(Path.of(file), configId, control, consoleSettings, err);
    }

    /** {@code --hash-password}: one line from stdin (no echo on a terminal), its PBKDF2 hash on stdout. */
    static int hashPassword(PrintStream out, PrintStream err) {
        char[] password;
        java.io.Console terminal = System.console();
        if (terminal != null) {
            password = terminal.readPassword("password: ");
        } else {
            try {
                String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
                password = line == null ? new char[0] : line.toCharArray();
            } catch (IOException e) {
                err.println("failover4j-agent --hash-password: " + e.getMessage());
                return 1;
            }
        }
        try {
            out.println(dev.failover4j.console.PasswordHash.hash(password));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("failover4j-agent --hash-password: " + e.getMessage());
            return 1;
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** {@code -t}: every problem, sorted by file and line; 1 if any is an error. */
    static int test(Path file, String configId, PrintStream out) {
        KeepalivedConfig c = KeepalivedConfig.read(file, configId);
        List<Problem> problems = Agent.check(c);
        problems.forEach(out::println);
        long errors = problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
        long warnings = problems.size() - errors;
        out.println(file + ": " + (errors == 0 ? "configuration OK" : errors + " error(s)") + (warnings > 0 ? ", " + warnings
                + " warning(s)" : "") + "; " + c.instances.size() + " vrrp_instance(s)");
        return errors == 0 ? 0 : 1;
    }

    private static int runAgent(Path file, String configId, Path control, ConsoleServer.Settings consoleSettings,
                                PrintStream err) {
        LogRing ring = setUpLogging();
        Agent agent = new Agent(file, configId);
        ConsoleServer[] consoleServer = new ConsoleServer[1];
        // Before anything starts: a SIGHUP must never be the JVM's default (exit), a SIGTERM always graceful.
        ControlServer[] server = new ControlServer[1];
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (consoleServer[0] != null) {
                    consoleServer[0].close();
                }
                if (server[0] != null) {
                    server[0].close();
                }
                agent.stop();
            } finally {
                done.countDown();
                AgentLogManager.closeAtLast();
            }
        }, "shutdown"));
        Signals.Hangups hangups = Signals.onHangup(agent::reload);
        try {
            agent.start();
            if (agent.realtimePriority() > 0) {
                hangups.realtime(agent.realtimePriority());
            }
        } catch (Agent.ConfigProblems e) {
            e.problems.forEach(p -> err.println(p));
            err.println(file + ": " + e.getMessage() + "; not started (failover4j-agent -t -f " + file + " lists them)");
            return 1;
        } catch (IOException | FailoverException e) {
            err.println("failover4j-agent: " + e.getMessage());
            agent.stop();
            return 1;
        }
        try {
            server[0] = new ControlServer(control, agent);
        } catch (IOException e) {
            err.println("failover4j-agent: cannot open the control socket " + control + ": " + e.getMessage());
            agent.stop();
            return 1;
        }
        if (consoleSettings != null) {
            try {
                consoleServer[0] = new ConsoleServer(consoleSettings, new AgentConsole(agent, consoleSettings.templates(), ring));
            } catch (Exception e) {
                err.println("failover4j-agent: cannot serve the console on " + consoleSettings.host() + ":"
                        + consoleSettings.port() + ": " + e.getMessage());
                agent.stop();
                return 1;
            }
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("failover4j-agent: " + problem + " (failover4j-agent --help)");
        return 2;
    }

    /** keepalived's default config id: the host name up to its first dot. */
    static String defaultConfigId() {
        String host = null;
        try {
            host = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException ignored) {
                // no name: @ID lines are left out, @^ID lines kept
            }
        }
        if (host == null) {
            return null;
        }
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    /** java.util.logging (slf4j-jdk14 is the binding) with one line per record, journald's way. */
    private static LogRing setUpLogging() {
        LogRing ring = new LogRing();
        ring.setLevel(Level.ALL);
        java.util.logging.Logger.getLogger("").addHandler(ring);
        if (System.getProperty("java.util.logging.config.file") != null) {
            return ring; // the user's own
        }
        LogManager manager = LogManager.getLogManager();
        if (manager instanceof AgentLogManager m) {
            m.resetNow();
        } else {
            manager.reset();
        }
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        ConsoleHandler h = new ConsoleHandler();
        h.setFormatter(new JournalFormatter());
        Level level = Level.parse(System.getProperty("failover4j.agent.log.level", "INFO"));
        h.setLevel(level);
        root.setLevel(level);
        root.addHandler(h);
        root.addHandler(ring);
        return ring;
    }
}
