package dev.contextgate.server;

import dev.contextgate.observe.Mdc;
import dev.contextgate.provider.Watchdog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An open {@code text/event-stream} answer: emit frames, then close. A frame is written at once
 * unless the caller says more are already at hand; those are gathered and written together, as a
 * buffering proxy would (bench/run: a 50-event burst took 50 writes, most of the streaming cost). A
 * failed emit means the client left; closing after that only gives the response up.
 *
 * <p>While the upstream is silent, a heartbeat writes an SSE comment (which every SSE client
 * ignores): it keeps proxies from timing the stream out, and it is how a client that left is noticed
 * before the model's next token, so that the upstream call is cancelled instead of running on.
 */
public final class SseSink implements AutoCloseable {

    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTHING = new byte[0];
    private static final int FIRST_GATHER_SIZE = 8 * 1024;

    private final Exchange exchange;
    /** Gathered frames are written once they reach this size, even while more are at hand. */
    private static final int MAX_GATHERED = 32 * 1024;

    private final ReentrantLock writing = new ReentrantLock();
    /**
     * Taken at the first gathering emit: a stream whose events trickle in (a real model's, token by token)
     * never gathers. Its first size holds a whole burst: the frames decoded from what the upstream reader
     * has buffered (8 KB). Starting at 4 KB, a burst grew it once (12 KB per stream in bench/run).
     */
    private byte[] gathered = NOTHING;
    private int gatheredLength;
    private volatile long lastWriteNanos = System.nanoTime();
    private boolean broken;
    private boolean closed;
    /** Set by {@link #close()}: read by the heartbeat's timer without the lock, so that a late one does nothing. */
    private volatile boolean done;
    private volatile Watchdog.Timer heartbeat;
    private long heartbeatEveryNanos;
    private Runnable onClientGone;
    private Runnable beatWithThisRequestsLogContext;

    SseSink(Exchange exchange) {
        this.exchange = exchange;
    }

    /** Writes complete SSE frames at once, with any gathered before them; blocks until the client took them. */
    public void emit(byte[] frames) throws IOException {
        emit(frames, false);
    }

    /**
     * Writes complete SSE frames, or, when {@code moreAtHand}, gathers them to go out with the next
     * write. A caller passes true only when its next frames are already here: it must never block
     * between a gathering emit and the next emit or {@link #close()}.
     */
    public void emit(byte[] frames, boolean moreAtHand) throws IOException {
        writing.lock();
        try {
            if (broken) {
                throw new IOException("the client is gone");
            }
            if (gatheredLength == 0 && !moreAtHand) {
                if (frames.length > 0) {
                    send(false, ByteBuffer.wrap(frames));
                }
                return;
            }
            gather(frames);
            if (!moreAtHand || gatheredLength >= MAX_GATHERED) {
                sendGathered(false);
            }
        } finally {
            writing.unlock();
        }
    }

    private void gather(byte[] frames) {
        if (gatheredLength + frames.length > gathered.length) {
            int size = Math.max(Math.max(FIRST_GATHER_SIZE, gathered.length * 2), gatheredLength + frames.length);
            gathered = Arrays.copyOf(gathered, size);
        }
        System.arraycopy(frames, 0, gathered, gatheredLength, frames.length);
        gatheredLength += frames.length;
    }

    /** The write blocks until the bytes are gone, so the array is free again when it returns. */
    private void sendGathered(boolean last) throws IOException {
        int length = gatheredLength;
        gatheredLength = 0;
        send(last, ByteBuffer.wrap(gathered, 0, length));
    }

    private void send(boolean last, ByteBuffer bytes) throws IOException {
        try {
            exchange.write(last, bytes);
            lastWriteNanos = System.nanoTime();
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /**
     * Writes a comment whenever nothing was written for {@code every}; when that write fails,
     * runs {@code onClientGone} (which closes the upstream stream) once.
     *
     * <p>The wait is a {@link Watchdog} timer, not a sleeping thread: a virtual thread per stream, started and
     * interrupted around every short stream, was a visible share of bench/run's streaming row. A thread is
     * started only when a comment is due, since the watchdog's own thread must never block on a write.
     */
    public void heartbeat(Duration every, Runnable onClientGone) {
        heartbeatEveryNanos = every.toNanos();
        this.onClientGone = onClientGone;
        beatWithThisRequestsLogContext = Mdc.carry(this::beat); // taken here: the watchdog's thread has none
        armHeartbeat(heartbeatEveryNanos);
    }

    private void armHeartbeat(long inNanos) {
        heartbeat = Watchdog.after(Duration.ofNanos(inNanos), this::heartbeatDue);
    }

    /** On the watchdog's thread: decides only, never writes. */
    private void heartbeatDue() {
        if (done) {
            return;
        }
        long idle = System.nanoTime() - lastWriteNanos;
        if (idle < heartbeatEveryNanos) {
            armHeartbeat(heartbeatEveryNanos - idle);
            return;
        }
        Thread.ofVirtual().name("sse-heartbeat").start(beatWithThisRequestsLogContext);
    }

    private void beat() {
        boolean gone = false;
        writing.lock();
        try {
            if (closed || broken) {
                return;
            }
            emit(HEARTBEAT);
        } catch (IOException e) {
            gone = true;
        } finally {
            writing.unlock();
        }
        if (gone) {
            onClientGone.run();
        } else {
            armHeartbeat(heartbeatEveryNanos);
        }
    }

    /** Ends the response normally, unless a write already failed. */
    @Override
    public void close() throws IOException {
        writing.lock();
        try {
            done = true;
            if (heartbeat != null) {
                heartbeat.cancel();
            }
            if (closed || broken) {
                return;
            }
            closed = true;
            sendGathered(true);
        } finally {
            writing.unlock();
        }
    }
}
