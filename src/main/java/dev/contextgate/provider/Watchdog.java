package dev.contextgate.provider;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every per-call timer of the gateway (provider calls, and the server's watch on a waiting client): deadlines ({@link #after}) and periodic checks
 * ({@link #everyTick}), served by one daemon thread that wakes every {@value #TICK_MILLIS} ms while
 * anything is registered and sleeps otherwise.
 *
 * <p>Why not a {@code ScheduledExecutorService} or timed waits: nearly every call arms two or three
 * timers and cancels them all, and in bench/run's profile the scheduler's heap, its wake-ups and the
 * virtual-thread delay queue behind timed waits were a visible share of each request. Here arming and
 * cancelling are one concurrent-set insert and remove; the price is firing up to one tick late, which
 * no limit of ours (whole seconds in practice) can notice.
 */
public final class Watchdog {

    static final long TICK_MILLIS = 5;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final Set<Timer> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean sleeping;
    private static final Thread TICKER =
            Thread.ofPlatform().daemon(true).name("contextgate-watchdog").start(Watchdog::tickForever);

    private Watchdog() {}

    /** A registered deadline or check; {@link #cancel()} is idempotent and safe from any thread. */
    public static final class Timer {
        private final long due;
        private final Runnable action;
        private final boolean repeating;

        private Timer(long due, Runnable action, boolean repeating) {
            this.due = due;
            this.action = action;
            this.repeating = repeating;
        }

        /** True when this call unregistered it: a deadline that returns true will not fire. */
        public boolean cancel() {
            return LIVE.remove(this);
        }
    }

    /** Runs {@code action} once {@code delay} has passed, unless cancelled first. */
    public static Timer after(Duration delay, Runnable action) {
        return register(new Timer(System.nanoTime() + Math.max(0, delay.toNanos()), action, false));
    }

    /** Runs {@code check} on every tick until cancelled. */
    static Timer everyTick(Runnable check) {
        return register(new Timer(0, check, true));
    }

    private static Timer register(Timer timer) {
        LIVE.add(timer);
        if (sleeping) {
            LockSupport.unpark(TICKER);
        }
        return timer;
    }

    private static void tickForever() {
        while (true) {
            if (LIVE.isEmpty()) {
                sleeping = true;
                if (LIVE.isEmpty()) {
                    LockSupport.park();
                }
                sleeping = false;
                continue;
            }
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (Timer timer : LIVE) {
                if (timer.repeating) {
                    run(timer);
                } else if (now - timer.due >= 0 && LIVE.remove(timer)) {
                    run(timer);
                }
            }
        }
    }

    private static void run(Timer timer) {
        try {
            timer.action.run();
        } catch (RuntimeException e) {
            LOG.warn("a timer action failed: {}", e.toString());
        }
    }
}
