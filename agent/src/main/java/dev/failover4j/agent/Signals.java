package dev.failover4j.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP, through the JDK's {@code sun.misc.Signal} (module jdk.unsupported: the only way a Java
 * program can handle a signal other than through its shutdown hooks, which SIGTERM and SIGINT run).
 */
final class Signals {

    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    static void onHangup(Runnable action) {
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> {
            Thread t = new Thread(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    log.error("reload failed: {}", e.toString(), e);
                }
            }, "reload");
            t.start();
        });
    }
}
