package dev.contextgate.observe;

import dev.contextgate.config.LogsConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one row per model call, off the request's critical path: a request only offers its row to a
 * bounded queue (never waiting; a full queue drops the row, counts it and warns), and one background
 * thread writes what is queued in batches. Rows older than the retention are deleted at start and hourly.
 */
public final class RequestLog implements Telemetry, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
    static final int CAPACITY = 10_000;
    static final int BATCH = 500;
    /**
     * How long the writer lets rows gather after the first before it writes: without it, under load the
     * writer woke and wrote for nearly every request (two thread hand-offs each), a visible share of
     * bench/run's profile. A row shows in {@code GET /v1/logs} at most this much later.
     */
    static final long LINGER_MILLIS = 100;
    private static final Duration RETENTION_EVERY = Duration.ofHours(1);

    private final RequestLogStore store;
    private final LogsConfig config;
    private final Clock clock;
    private final BlockingQueue<RequestLogEntry> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private Thread writer;
    private ScheduledExecutorService retention;
    private volatile boolean closing;

    /** A log that queues but does not write until {@link #start()}: tests fill its queue. */
    RequestLog(RequestLogStore store, LogsConfig config, Clock clock, int capacity) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Starts the writer and the retention job (which runs once at once). */
    public static RequestLog start(RequestLogStore store, LogsConfig config, Clock clock) {
        return new RequestLog(store, config, clock, CAPACITY).start();
    }

    RequestLog start() {
        writer = Thread.ofPlatform().name("contextgate-request-log").daemon(true).start(this::writeLoop);
        retention = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("contextgate-request-log-retention").daemon(true).unstarted(r));
        retention.scheduleAtFixedRate(this::retainQuietly, 0, RETENTION_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public RequestLogStore store() {
        return store;
    }

    @Override
    public void modelCallDone(ModelCall call) {
        offer(call.entry(config.bodies()));
    }

    /** Queues a row without ever waiting; false (and counted) when the queue is full. */
    public boolean offer(RequestLogEntry entry) {
        if (queue.offer(config.bodies() ? entry : entry.withoutBodies())) {
            return true;
        }
        long n = dropped.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            LOG.warn("request log queue is full ({} rows); {} rows dropped so far", queue.size(), n);
        }
        return false;
    }

    /** Rows waiting to be written. */
    public int depth() {
        return queue.size();
    }

    /** Rows dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Deletes rows older than the retention; returns how many. */
    int retain() {
        return store.deleteBefore(clock.instant().minus(Duration.ofDays(config.retentionDays())));
    }

    private void retainQuietly() {
        try {
            int n = retain();
            if (n > 0) {
                LOG.info("request log: deleted {} rows older than {} days", n, config.retentionDays());
            }
        } catch (RuntimeException e) {
            LOG.warn("request log retention failed: {}", e.toString());
        }
    }

    private void writeLoop() {
        List<RequestLogEntry> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                RequestLogEntry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                if (queue.size() < BATCH - 1 && !closing) {
                    Thread.sleep(LINGER_MILLIS);
                }
                queue.drainTo(batch, BATCH - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                if (!batch.isEmpty()) {
                    write(batch);
                }
                return;
            }
        }
    }

    /** Writes what is queued now; the writer does this, and close for what is left. */
    void flush() {
        List<RequestLogEntry> batch = new ArrayList<>(BATCH);
        while (queue.drainTo(batch, BATCH) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private void write(List<RequestLogEntry> batch) {
        try {
            store.insert(batch);
        } catch (RuntimeException e) {
            long n = failed.addAndGet(batch.size());
            LOG.warn("request log: writing {} rows failed ({} so far): {}", batch.size(), n, e.toString());
        }
    }

    /** Stops the jobs and writes what is still queued; call before the store closes. */
    @Override
    public void close() {
        closing = true;
        if (retention != null) {
            retention.shutdownNow();
        }
        if (writer != null) {
            try {
                writer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }
}
