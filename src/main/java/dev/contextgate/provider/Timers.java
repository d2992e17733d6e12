package dev.contextgate.provider;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** One daemon timer thread whose cancelled tasks leave its queue at once. */
final class Timers {

    private Timers() {}

    /**
     * Nearly every request cancels the timers it set; with the JDK's default policy each would stay
     * queued (and on the heap) until its delay ran out, which for a 15-minute deadline under load was
     * millions of dead tasks and a 10x drop in throughput in bench/run.
     */
    static ScheduledExecutorService daemon(String name) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
