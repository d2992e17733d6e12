package dev.contextgate.provider;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a body that stays silent too long while someone waits on it. A blocked read of a streamed
 * body has no timeout of its own, and closing the body is what unblocks it and aborts the call. One
 * check per body on each {@link Watchdog} tick, rather than one timer per frame, keeps the per-token cost
 * at two volatile writes.
 */
final class IdleWatch {

    private final InputStream body;
    private final long firstLimitNanos;
    private final long limitNanos;
    private volatile boolean gotData;
    private volatile long readingSince;
    private volatile boolean fired;
    private final Watchdog.Timer check;

    private IdleWatch(InputStream body, Duration firstLimit, Duration limit) {
        this.body = body;
        this.firstLimitNanos = firstLimit.toNanos();
        this.limitNanos = limit.toNanos();
        this.check = Watchdog.everyTick(this::check);
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
        check.cancel();
    }

    private void check() {
        long since = readingSince;
        if (since != 0 && System.nanoTime() - since > currentLimit()) {
            fired = true;
            check.cancel();
            HttpUpstream.closeQuietly(body);
        }
    }
}
