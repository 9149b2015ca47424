package dev.failover4j.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * failover4j works for a user on the module path and on the class path: the same small application
 * (src/test/resources/modular-app) is compiled as a module and run both ways with core, jna-net,
 * JNA and SLF4J. The modules export what they promise and no more.
 */
class ModulePathTest {

    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static List<Path> libraries;
    static Path app;

    @BeforeAll
    static void compileTheApplication() throws IOException, InterruptedException {
        // core, jna-net (this module's classes), JNA and SLF4J, as the build resolved them.
        libraries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                .filter(p -> {
                    String s = p.toString().replace('\\', '/');
                    return s.endsWith("jna-net/target/classes") || s.endsWith("core/target/classes")
                            || s.contains("failover4j-core-") || s.matches(".*/jna-[0-9.]+\\.jar")
                            || s.contains("slf4j-api-") || s.contains("slf4j-simple-");
                }).toList();
        assertEquals(5, libraries.size(), "core, jna-net, jna, slf4j-api, slf4j-simple in " + libraries);
        Path src = Path.of("src/test/resources/modular-app");
        app = Path.of("target/modular-app");
        Files.createDirectories(app);
        String javac = Path.of(JAVA).resolveSibling("javac").toString(); // the JDK running the tests
        List<String> args = new ArrayList<>(List.of(javac, "-d", app.toString(), "--module-path", join(libraries)));
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        run(args.toArray(new String[0])); // the application compiles as a module
    }

    @Test
    void onTheModulePathTheApiWorksTheProviderIsBoundAndTheEngineIsHidden() throws Exception {
        List<Path> path = new ArrayList<>(libraries);
        path.add(app);
        String out = run(JAVA, "--module-path", join(path), "--module", "app/app.Main");
        assertTrue(out.contains("named true"), out);
        assertTrue(out.contains("holders [a]"), out);
        assertFoundTheProvider(out);
        assertTrue(out.contains("provider linux-jna available true"), out);
        assertTrue(out.contains("lo up true"), out);
        assertTrue(out.contains("exported api true spi true engine false internal false"), out);
        assertTrue(out.contains("engine not reachable"), out);
    }

    @Test
    void onTheClassPathTheSameApplicationWorks() throws Exception {
        List<Path> path = new ArrayList<>(libraries);
        path.add(app);
        String out = run(JAVA, "-cp", join(path), "app.Main");
        assertTrue(out.contains("named false"), out);
        assertTrue(out.contains("holders [a]"), out);
        assertFoundTheProvider(out);
        assertTrue(out.contains("provider linux-jna available true"), out);
        assertTrue(out.contains("lo up true"), out);
    }

    /** start() got past the provider lookup to the Linux transport (a missing capability or interface). */
    private static void assertFoundTheProvider(String out) {
        assertTrue(out.contains("start: cannot start eth0") || out.contains("start: cannot start f4jnosuch0"), out);
        assertTrue(out.contains("f4jnosuch0") || out.contains("CAP_NET_RAW"), out);
        assertTrue(!out.contains("no failover4j network provider"), out);
    }

    @Test
    void theModulesExportWhatTheyPromise() {
        ModuleDescriptor core = descriptor("dev.failover4j");
        assertEquals(Set.of("dev.failover4j", "dev.failover4j.spi", "dev.failover4j.testkit", "dev.failover4j.codec"),
                core.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of("dev.failover4j.internal -> [dev.failover4j.jna]"), core.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .map(e -> e.source() + " -> " + e.targets()).collect(Collectors.toSet()), "internal only to jna-net (its poll loop)");
        assertTrue(core.packages().contains("dev.failover4j.engine") && core.packages().contains("dev.failover4j.internal"));
        assertEquals(Set.of("dev.failover4j.spi.NetworkProvider"), core.uses());
        ModuleDescriptor jna = descriptor("dev.failover4j.jna");
        assertEquals(Set.of(), jna.exports(), "jna-net exports nothing");
        assertEquals(List.of("dev.failover4j.jna.LinuxNetworkProvider"), jna.provides().iterator().next().providers());
        assertEquals(Set.of(), jna.opens(), "nothing is open to reflection");
    }

    private static ModuleDescriptor descriptor(String name) {
        ModuleReference ref = ModuleFinder.of(libraries.toArray(new Path[0])).find(name).orElseThrow();
        return ref.descriptor();
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + "\n" + out);
        return out;
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
