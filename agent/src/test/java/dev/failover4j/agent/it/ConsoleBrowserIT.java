package dev.failover4j.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.failover4j.console.PasswordHash;
import dev.failover4j.testsupport.netns.Lab;
import dev.failover4j.testsupport.netns.Proc;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's chromium and chromium-driver, headless, in the operator's
 * namespace of a lab where two agents (n1 priority 101, n2 priority 100; VRRPv3 at 100 ms) serve
 * their consoles on their lab addresses, with an admin and a viewer. Selenium reaches chromedriver
 * through a socat bridge on loopback (chromedriver listens inside the operator's namespace).
 * Screenshots of the main pages go to target/console-screenshots (copied to docs/ by hand).
 */
@Tag("netns")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    static final String VIP = "10.77.0.100";
    static final String VIP2 = "10.77.0.101";
    static final String ADMIN = "admin-secret-1";
    static final String VIEWER = "viewer-secret-1";
    static final Path SHOTS = Path.of("target/console-screenshots");

    static Lab lab;
    static Path dir;
    static Proc chromedriver;
    static RemoteWebDriver browser;
    static String n1Window;
    static String n2Window;

    static String config(int priority, String... vips) {
        StringBuilder v = new StringBuilder();
        for (String a : vips) {
            v.append("    ").append(a).append("/24\n");
        }
        return """
                ! the console's browser test
                global_defs {
                  router_id %s
                }
                vrrp_instance VI_1 {
                  state %s
                  interface eth0
                  virtual_router_id 51
                  priority %d
                  version 3
                  advert_int 0.1
                  authentication {
                    auth_type PASS
                    auth_pass s3cr3t
                  }
                  virtual_ipaddress {
                %s  }
                }
                """.formatted(priority == 101 ? "node-1" : "node-2", priority == 101 ? "MASTER" : "BACKUP", priority, v);
    }

    static Path conf(String host) {
        return dir.resolve(host + "/keepalived.conf");
    }

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.require("the console's browser tests", "curl", "chromium", "chromedriver", "socat");
        lab = Lab.of("n1", "n2", "op");
        dir = Files.createDirectories(lab.dir().resolve("console").toAbsolutePath());
        Path users = dir.resolve("users");
        Files.writeString(users, "# the console's users\n"
                + "admin admin " + PasswordHash.hash(ADMIN.toCharArray()) + "\n"
                + "viewer viewer " + PasswordHash.hash(VIEWER.toCharArray()) + "\n");
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(templates.resolve("master.conf"), config(101, VIP));
        Files.writeString(templates.resolve("backup.conf"), config(100, VIP));
        for (String host : List.of("n1", "n2")) {
            Files.createDirectories(dir.resolve(host));
            Files.writeString(conf(host), config(host.equals("n1") ? 101 : 100, VIP));
            Proc agent = lab.exec(host, host + "-agent", List.of(Lab.JAVA, "-jar",
                    Path.of("target/failover4j-agent.jar").toAbsolutePath().toString(), "-f", conf(host).toString(),
                    "--control-socket", dir.resolve(host + "/control.sock").toString(),
                    "--console", lab.ip(host) + ":8484", "--console-users", users.toString(),
                    "--console-templates", templates.toString()));
            agent.await(l -> l.contains("console on http://") || l.contains("cannot"), Duration.ofSeconds(30), host + "'s console");
        }
        lab.awaitAddress("n1", VIP, true, Duration.ofSeconds(10));

        chromedriver = lab.exec("op", "chromedriver", List.of("chromedriver", "--port=9515"));
        chromedriver.await(l -> l.contains("ChromeDriver was started successfully") || l.contains("ready"), Duration.ofSeconds(15),
                "chromedriver");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        lab.spawn("bridge", List.of("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                "EXEC:ip netns exec " + lab.ns("op") + " socat STDIO TCP\\:127.0.0.1\\:9515"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,960", "--lang=en-US");
        for (int i = 0; ; i++) {
            try {
                browser = new RemoteWebDriver(URI.create("http://127.0.0.1:" + port).toURL(), options);
                break;
            } catch (RuntimeException e) {
                if (i >= 20) {
                    throw e;
                }
                Lab.sleep(250); // the bridge is starting
            }
        }
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            try {
                browser.quit();
            } catch (RuntimeException ignored) {
                // the lab kills what is left
            }
        }
        if (lab != null) {
            lab.close();
        }
    }

    static String url(String host) {
        return "http://" + lab.ip(host) + ":8484/";
    }

    static WebDriverWait waiting(Duration d) {
        WebDriverWait w = new WebDriverWait(browser, d);
        w.pollingEvery(Duration.ofMillis(10));
        return w;
    }

    static WebElement testid(String id) {
        return browser.findElement(By.cssSelector("[data-testid='" + id + "']"));
    }

    static void login(String user, String password) {
        waiting(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("login")).isDisplayed());
        browser.findElement(By.id("login-user")).sendKeys(user);
        browser.findElement(By.id("login-password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        waiting(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("main")).isDisplayed());
    }

    static String overall() {
        return testid("overall").getAttribute("data-state");
    }

    static void tab(String name) {
        browser.findElement(By.cssSelector("nav button[data-tab='" + name + "']")).click();
    }

    static void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** fetch() from the page, with or without the session's CSRF token: the HTTP status. */
    static long post(String path, String body, boolean token) {
        Object r = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const headers = {'Content-Type': 'application/x-www-form-urlencoded'};
                if (arguments[2]) headers['X-CSRF-Token'] = session.csrf;
                fetch(arguments[0], {method: 'POST', headers: headers, body: arguments[1], credentials: 'same-origin'})
                  .then(r => done(r.status), e => done(-1));
                """, path, body, token);
        return ((Number) r).longValue();
    }

    @Test
    @Order(1)
    void anAdminLogsInAndSeesBothNodes() throws Exception {
        browser.get(url("n1"));
        shot("console-login");
        login("admin", ADMIN);
        waiting(Duration.ofSeconds(10)).until(d -> "MASTER".equals(overall()));
        assertEquals("Active", testid("overall").getText());
        assertTrue(testid("vips-VI_1").getText().contains(VIP + "/24"));
        n1Window = browser.getWindowHandle();
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(url("n2"));
        login("admin", ADMIN);
        waiting(Duration.ofSeconds(10)).until(d -> "BACKUP".equals(overall()));
        assertEquals("Standby", testid("overall").getText());
        waiting(Duration.ofSeconds(5)).until(d -> testid("peers-VI_1").getText().contains(lab.ip("n1")));
        assertTrue(testid("peers-VI_1").getText().contains("101"), "n2 hears n1 with priority 101");
        shot("console-cluster-backup");
        n2Window = browser.getWindowHandle();
    }

    @Test
    @Order(2)
    void demotingTheMasterTurnsTheOtherNodesPageActive() throws Exception {
        browser.switchTo().window(n1Window);
        tab("actions");
        shot("console-actions");
        testid("demote-VI_1").click();
        browser.switchTo().alert().accept(); // "the virtual IP moves to the backup now"
        long clicked = System.nanoTime();
        browser.switchTo().window(n2Window);
        long vipMoved = lab.awaitAddress("n2", VIP, true, Duration.ofSeconds(5));
        waiting(Duration.ofSeconds(5)).until(d -> "MASTER".equals(overall()));
        assertEquals("Active", testid("overall").getText());
        // The page's own clock: when it showed MASTER, against the transition's time in n2's history (one host, one clock).
        long seen = ((Number) ((JavascriptExecutor) browser).executeScript("return window.f4jStateSeen['VI_1'];")).longValue();
        String at = (String) ((JavascriptExecutor) browser).executeScript(
                "const h = status.groups[0].history; return h[h.length - 1].at;");
        long shownAfter = seen - java.time.Instant.parse(at).toEpochMilli();
        assertTrue(shownAfter >= 0 && shownAfter < 2000, "the page followed the transition, without a reload: " + shownAfter + " ms");
        System.out.println(String.format(Locale.ROOT, "[ConsoleBrowserIT] demote clicked on n1 -> VIP on n2 after %.0f ms;"
                + " n2's page showed Active %d ms after n2's transition (server-sent events; no reload)",
                (vipMoved - clicked) / 1e6, shownAfter));
        tab("history");
        assertTrue(browser.findElement(By.cssSelector("[data-testid='history-VI_1']")).getText().contains("BACKUP → MASTER"));
        tab("cluster");
        shot("console-cluster-active");
        browser.switchTo().window(n1Window);
        waiting(Duration.ofSeconds(5)).until(d -> "BACKUP".equals(overall()));
        tab("log");
        waiting(Duration.ofSeconds(5)).until(d -> testid("log").getText().contains("console: admin from 10.77.0.30: demoted VI_1"));
        shot("console-log");
    }

    @Test
    @Order(3)
    void aBadConfigurationIsRefusedWithItsErrorsAtTheirLinesAndNothingChanges() throws Exception {
        browser.switchTo().window(n1Window);
        String before = Files.readString(conf("n1"));
        tab("config");
        WebElement text = testid("config-text");
        waiting(Duration.ofSeconds(5)).until(d -> text.getAttribute("value").contains("vrrp_instance VI_1"));
        String shown = text.getAttribute("value");
        assertFalse(shown.contains("s3cr3t"), "the page never shows the VRRP password");
        assertTrue(shown.contains("auth_pass <secret-1>"), shown);
        String bad = shown.replace("priority 101", "priority 300").replace("virtual_router_id 51", "virtual_router_id 51\n  bogus_keyword 1");
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", text, bad);
        browser.findElement(By.id("config-apply")).click();
        browser.switchTo().alert().accept();
        WebElement problems = testid("config-problems");
        waiting(Duration.ofSeconds(10)).until(d -> !problems.findElements(By.cssSelector("li.error")).isEmpty());
        List<String> errors = problems.findElements(By.cssSelector("li.error")).stream().map(WebElement::getText).toList();
        int badLine = lineOf(bad, "priority 300");
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("line " + badLine + ": error:") && e.contains("priority")),
                "the priority at line " + badLine + ": " + errors);
        assertTrue(browser.findElement(By.id("message")).getText().contains("refused"), browser.findElement(By.id("message")).getText());
        assertFalse(browser.findElements(By.cssSelector("#config-gutter span.bad")).isEmpty(), "the bad lines are marked");
        shot("console-config-errors");
        assertEquals(before, Files.readString(conf("n1")), "the file is unchanged");
        assertFalse(Files.exists(conf("n1").resolveSibling("keepalived.conf.previous")), "nothing was saved");
        assertEquals("BACKUP", overall(), "the running configuration is unchanged (still demoted, priority 101)");
    }

    static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in " + text);
    }

    @Test
    @Order(4)
    void aReloadFromTheEditorAddsAVipWithoutAFailover() throws Exception {
        browser.switchTo().window(n2Window);
        tab("config");
        WebElement text = testid("config-text");
        waiting(Duration.ofSeconds(5)).until(d -> text.getAttribute("value").contains("vrrp_instance VI_1"));
        String edited = text.getAttribute("value").replace("    " + VIP + "/24\n", "    " + VIP + "/24\n    " + VIP2 + "/24\n");
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", text, edited);
        long t0 = System.nanoTime();
        browser.findElement(By.id("config-apply")).click();
        browser.switchTo().alert().accept();
        long bound = lab.awaitAddress("n2", VIP2, true, Duration.ofSeconds(10));
        waiting(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("message")).getText().startsWith("saved"));
        assertTrue(Files.readString(conf("n2")).contains("auth_pass s3cr3t"), "the password came back from the file");
        assertTrue(Files.readString(conf("n2")).contains(VIP2 + "/24"));
        assertTrue(Files.exists(conf("n2").resolveSibling("keepalived.conf.previous")), "the previous file kept");
        tab("cluster");
        waiting(Duration.ofSeconds(5)).until(d -> testid("vips-VI_1").getText().contains(VIP2));
        assertEquals("MASTER", overall(), "no failover");
        tab("history");
        assertFalse(testid("history-VI_1").getText().contains("MASTER → BACKUP"), "n2 never left MASTER");
        System.out.println(String.format(Locale.ROOT, "[ConsoleBrowserIT] save and apply -> %s bound on n2 after %.0f ms, n2 still"
                + " MASTER", VIP2, (bound - t0) / 1e6));
    }

    @Test
    @Order(5)
    void theViewerSeesStatusButCannotActAndARequestWithoutTheCsrfTokenIsRefused() throws Exception {
        browser.switchTo().window(n2Window);
        assertEquals(403, post("api/action", "action=priority&group=VI_1&priority=90", false), "the admin without the token");
        assertEquals(200, post("api/action", "action=priority&group=VI_1&priority=100", true), "the admin with it");
        browser.manage().deleteAllCookies();
        browser.navigate().refresh();
        login("viewer", VIEWER);
        waiting(Duration.ofSeconds(5)).until(d -> "MASTER".equals(overall()));
        for (String hidden : List.of("actions", "config", "log")) {
            assertFalse(browser.findElement(By.cssSelector("nav button[data-tab='" + hidden + "']")).isDisplayed(),
                    hidden + " is not offered to a viewer");
        }
        assertEquals(403, post("api/action", "action=demote&group=VI_1", true), "a viewer cannot act, token or not");
        assertEquals("MASTER", overall());
        tab("packets");
        shot("console-packets-viewer");
    }

    @Test
    @Order(6)
    void theMetricsAreInPrometheusFormat() throws Exception {
        String metrics = lab.in("op", "curl", "-s", "-u", "viewer:" + VIEWER, url("n2") + "metrics");
        assertTrue(metrics.contains("failover4j_state{instance=\"VI_1\",interface=\"eth0\",state=\"MASTER\",vrid=\"51\"} 1.0"), metrics);
        assertTrue(metrics.contains("failover4j_adverts_sent_total{instance=\"VI_1\""), metrics);
        assertEquals("401", lab.in("op", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url("n2") + "metrics").strip(),
                "no metrics without a login");
    }
}
