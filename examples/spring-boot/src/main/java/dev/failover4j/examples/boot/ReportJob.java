package dev.failover4j.examples.boot;

import dev.failover4j.spring.EpochAware;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.Lifecycle;

/**
 * A periodic job that must never run on two nodes at once (a report, a cleanup, a queue consumer).
 * It stamps its work with the mastership's epoch: a store that keeps the highest epoch it has seen
 * can refuse a write from an older mastership (fencing).
 */
public class ReportJob implements Lifecycle, EpochAware {

    private volatile long epoch;
    private ScheduledExecutorService timer;

    @Override
    public void setEpoch(long epoch) {
        this.epoch = epoch;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "report-job"));
        System.out.println("JOB started, epoch " + epoch);
        timer.scheduleAtFixedRate(() -> System.out.println("JOB working as master, epoch " + epoch), 0, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
            System.out.println("JOB stopped, epoch " + epoch);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
