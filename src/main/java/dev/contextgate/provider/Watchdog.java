package dev.contextgate.provider;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs an action once a request's total time is up, unless cancelled first; one shared timer thread. */
final class Watchdog {

    private static final ScheduledExecutorService TIMER = Timers.daemon("contextgate-deadline");

    private Watchdog() {}

    static ScheduledFuture<?> after(Duration delay, Runnable action) {
        return TIMER.schedule(action, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }
}
