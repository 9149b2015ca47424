package dev.failover4j.agent;

import dev.failover4j.agent.conf.KeepalivedConfig;
import dev.failover4j.agent.conf.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * keepalived's checks on a script before it runs it (its {@code check_script_secure}): the file
 * exists and is executable, and, when it runs as root, every part of its path is owned by root and
 * writable by nobody else (a group-writable path is allowed for group root, a world-writable
 * directory only with the sticky bit, as /tmp). A check script that cannot run is an error (the
 * instance would lose its protection); unsafe permissions are an error with
 * {@code enable_script_security}, as keepalived then refuses the script, and a warning without it;
 * running scripts without {@code enable_script_security} is a warning, as keepalived's "SECURITY
 * VIOLATION".
 */
final class ScriptSecurity {

    private ScriptSecurity() {
    }

    static List<Problem> check(KeepalivedConfig.Script s, KeepalivedConfig.Global g) {
        List<Problem> out = new ArrayList<>();
        if (s.script == null) {
            return out;
        }
        List<String> argv = Command.split(s.script);
        if (argv.isEmpty()) {
            return out;
        }
        String what = "vrrp_script " + s.name;
        Path path = resolve(argv.get(0));
        if (path == null) {
            out.add(problem(s, Problem.Severity.ERROR, what + ": " + argv.get(0) + " is not found",
                    "give the script's full path; without it the instance has no health check"));
            return out;
        }
        if (!argv.get(0).contains("/")) {
            out.add(problem(s, Problem.Severity.WARNING, what + ": " + argv.get(0) + " found by a path search at " + path,
                    "give its full path"));
        }
        if (!Files.isExecutable(path)) {
            out.add(problem(s, Problem.Severity.ERROR, what + ": " + path + " is not executable", "chmod 755 " + path));
        }
        if (asRoot(s.user != null ? s.user : g.scriptUser)) { // the script's own user comes first
            String unsafe = unsafe(path);
            if (unsafe != null) {
                out.add(problem(s, g.enableScriptSecurity ? Problem.Severity.ERROR : Problem.Severity.WARNING,
                        what + ": unsafe permissions for a script run as root: " + unsafe,
                        "make every directory of its path and the file owned by root and writable by root only"));
            }
        }
        if (!g.enableScriptSecurity) {
            out.add(problem(s, Problem.Severity.WARNING, what + ": scripts run but enable_script_security is not set"
                    + " (keepalived's \"SECURITY VIOLATION\")", "add enable_script_security to global_defs"));
        }
        return out;
    }

    /**
     * A notify script that is not there or cannot run: a warning (notifications do not move the
     * VIP). Run as root with unsafe permissions: an error with {@code enable_script_security} (keepalived
     * would not run it), else a warning.
     */
    static List<Problem> checkNotify(String what, KeepalivedConfig.NotifyScript script, dev.failover4j.agent.conf.Node where,
                                     KeepalivedConfig.Global g) {
        List<String> argv = Command.split(script.line());
        if (argv.isEmpty()) {
            return List.of();
        }
        Path path = resolve(argv.get(0));
        String problem = path == null ? argv.get(0) + " is not found" : !Files.isExecutable(path) ? path + " is not executable" : null;
        if (problem != null) {
            return List.of(new Problem(where.file(), where.line(), Problem.Severity.WARNING, what + ": " + problem + " (it will not run)",
                    "give the script's full path and make it executable"));
        }
        if (asRoot(script.user() != null ? script.user() : g.scriptUser)) {
            String unsafe = unsafe(path);
            if (unsafe != null) {
                return List.of(new Problem(where.file(), where.line(), g.enableScriptSecurity ? Problem.Severity.ERROR : Problem.Severity.WARNING,
                        what + ": unsafe permissions for a script run as root: " + unsafe,
                        "make every directory of its path and the file owned by root and writable by root only"));
            }
        }
        return List.of();
    }

    /** Whether a script run as {@code runAs} ("USER [GROUP]", or null: the agent's own, root) runs as root. */
    static boolean asRoot(String runAs) {
        return runAs == null || "root".equals(runAs.trim().split("\\s+")[0]);
    }

    /** The file {@code name} names: itself if it has a slash, else found on PATH; null if none. */
    static Path resolve(String name) {
        if (name.contains("/")) {
            Path p = Path.of(name);
            return Files.exists(p) ? p : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** What makes {@code path} unsafe to run as root, or null. Symbolic links are followed (keepalived checks the real path). */
    private static String unsafe(Path path) {
        Path abs;
        try {
            abs = path.toRealPath();
        } catch (IOException e) {
            return path + " cannot be resolved (" + e.getMessage() + ")";
        }
        List<Path> parts = new ArrayList<>();
        for (Path p = abs; p != null; p = p.getParent()) {
            parts.add(0, p);
        }
        for (Path p : parts) {
            try {
                // numbers, not names: no user database lookup per path component
                Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
                int uid = (Integer) a.get("uid");
                int gid = (Integer) a.get("gid");
                int mode = (Integer) a.get("mode");
                if (uid != 0) {
                    return p + " is owned by uid " + uid;
                }
                boolean sticky = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && (mode & 01000) != 0;
                if (!sticky && (mode & 0002) != 0) {
                    return p + " is writable by everyone";
                }
                if (!sticky && (mode & 0020) != 0 && gid != 0) {
                    return p + " is writable by group " + gid;
                }
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return p + " cannot be checked (" + e.getMessage() + ")";
            }
        }
        return null;
    }

    private static Problem problem(KeepalivedConfig.Script s, Problem.Severity sev, String message, String hint) {
        return new Problem(s.where.file(), s.where.line(), sev, message, hint);
    }
}
