package dev.contextgate.server;

import dev.contextgate.observe.Mdc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An open {@code text/event-stream} answer: emit frames, each written and flushed at once, then close.
 * A failed emit means the client left; closing after that only gives the response up.
 *
 * <p>While the upstream is silent, a heartbeat writes an SSE comment (which every SSE client
 * ignores): it keeps proxies from timing the stream out, and it is how a client that left is noticed
 * before the model's next token, so that the upstream call is cancelled instead of running on.
 */
public final class SseSink implements AutoCloseable {

    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Exchange exchange;
    private final ReentrantLock writing = new ReentrantLock();
    private volatile long lastWriteNanos = System.nanoTime();
    private boolean broken;
    private boolean closed;
    private Thread heartbeat;

    SseSink(Exchange exchange) {
        this.exchange = exchange;
    }

    /** Writes complete SSE frames and flushes them; blocks until the client took them. */
    public void emit(byte[] frames) throws IOException {
        if (frames.length == 0) {
            return;
        }
        writing.lock();
        try {
            if (broken) {
                throw new IOException("the client is gone");
            }
            exchange.write(false, ByteBuffer.wrap(frames));
            lastWriteNanos = System.nanoTime();
        } catch (IOException e) {
            broken = true;
            throw e;
        } finally {
            writing.unlock();
        }
    }

    /**
     * Writes a comment whenever nothing was written for {@code every}; when that write fails,
     * runs {@code onClientGone} (which closes the upstream stream) once.
     */
    public void heartbeat(Duration every, Runnable onClientGone) {
        long everyNanos = every.toNanos();
        heartbeat = Thread.ofVirtual().name("sse-heartbeat").start(Mdc.carry(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    long idle = System.nanoTime() - lastWriteNanos;
                    if (idle < everyNanos) {
                        Thread.sleep(Duration.ofNanos(everyNanos - idle));
                        continue;
                    }
                    writing.lock();
                    try {
                        if (closed || broken) {
                            return;
                        }
                        emit(HEARTBEAT);
                    } finally {
                        writing.unlock();
                    }
                }
            } catch (IOException e) {
                onClientGone.run();
            } catch (InterruptedException e) {
                // closed: nothing more to beat for
            }
        }));
    }

    /** Ends the response normally, unless a write already failed. */
    @Override
    public void close() throws IOException {
        writing.lock();
        try {
            if (heartbeat != null) {
                heartbeat.interrupt();
            }
            if (closed || broken) {
                return;
            }
            closed = true;
            exchange.write(true, ByteBuffer.allocate(0));
        } finally {
            writing.unlock();
        }
    }
}
