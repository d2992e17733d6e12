package dev.contextgate.provider;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a body that stays silent too long while someone waits on it. A blocked read has no timeout
 * of its own in the JDK client, and closing the body is what unblocks it and cancels the call. One
 * periodic check per body, rather than one timer per frame, keeps the per-token cost at two volatile writes.
 */
final class IdleWatch {

    private static final ScheduledExecutorService TIMER = Timers.daemon("contextgate-idle-watch");

    private final InputStream body;
    private final long firstLimitNanos;
    private final long limitNanos;
    private volatile boolean gotData;
    private volatile long readingSince;
    private volatile boolean fired;
    private final ScheduledFuture<?> check;

    private IdleWatch(InputStream body, Duration firstLimit, Duration limit) {
        this.body = body;
        this.firstLimitNanos = firstLimit.toNanos();
        this.limitNanos = limit.toNanos();
        // A check every quarter of the limit fires at most 25% late; bounded so tiny test limits still work.
        long period = Math.max(5, Math.min(1000, Math.min(firstLimit.toMillis(), limit.toMillis()) / 4));
        this.check = TIMER.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    static IdleWatch start(InputStream body, Duration limit) {
        return new IdleWatch(body, limit, limit);
    }

    /**
     * The first data may take {@code firstLimit} (a reasoning model thinks before its first event), the
     * silences after it at most {@code limit}.
     */
    static IdleWatch start(InputStream body, Duration firstLimit, Duration limit) {
        return new IdleWatch(body, firstLimit, limit);
    }

    /** A read begins: the clock runs until {@link #idle()}. */
    void reading() {
        readingSince = System.nanoTime() | 1; // never 0, which means "not reading"
    }

    /** Data came (or the reader stopped waiting): the clock stops. */
    void idle() {
        readingSince = 0;
        gotData = true;
    }

    /** True when the watch closed the body; the read's IOException then means "timed out". */
    boolean fired() {
        return fired;
    }

    long limitSeconds() {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(currentLimit()));
    }

    /** True while nothing has come yet: a timeout then happened before the first byte, and may be retried. */
    boolean beforeFirstData() {
        return !gotData;
    }

    private long currentLimit() {
        return gotData ? limitNanos : firstLimitNanos;
    }

    void cancel() {
        check.cancel(false);
    }

    private void check() {
        long since = readingSince;
        if (since != 0 && System.nanoTime() - since > currentLimit()) {
            fired = true;
            check.cancel(false);
            HttpUpstream.closeQuietly(body);
        }
    }
}
