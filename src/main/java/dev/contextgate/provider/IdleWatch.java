package dev.contextgate.provider;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a body that stays silent too long while someone waits on it. A blocked read has no timeout
 * of its own in the JDK client, and closing the body is what unblocks it and cancels the call. One
 * periodic check per body, rather than one timer per frame, keeps the per-token cost at two volatile writes.
 */
final class IdleWatch {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "contextgate-idle-watch");
        t.setDaemon(true);
        return t;
    });

    private final InputStream body;
    private final long limitNanos;
    private volatile long readingSince;
    private volatile boolean fired;
    private final ScheduledFuture<?> check;

    private IdleWatch(InputStream body, Duration limit) {
        this.body = body;
        this.limitNanos = limit.toNanos();
        // A check every quarter of the limit fires at most 25% late; bounded so tiny test limits still work.
        long period = Math.max(5, Math.min(1000, limit.toMillis() / 4));
        this.check = TIMER.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    static IdleWatch start(InputStream body, Duration limit) {
        return new IdleWatch(body, limit);
    }

    /** A read begins: the clock runs until {@link #idle()}. */
    void reading() {
        readingSince = System.nanoTime() | 1; // never 0, which means "not reading"
    }

    /** Data came (or the reader stopped waiting): the clock stops. */
    void idle() {
        readingSince = 0;
    }

    /** True when the watch closed the body; the read's IOException then means "timed out". */
    boolean fired() {
        return fired;
    }

    long limitSeconds() {
        return Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(limitNanos));
    }

    void cancel() {
        check.cancel(false);
    }

    private void check() {
        long since = readingSince;
        if (since != 0 && System.nanoTime() - since > limitNanos) {
            fired = true;
            check.cancel(false);
            HttpUpstream.closeQuietly(body);
        }
    }
}
