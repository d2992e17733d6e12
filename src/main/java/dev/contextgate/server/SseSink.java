package dev.contextgate.server;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An open {@code text/event-stream} answer: emit frames, each written and flushed at once, then close.
 * A failed emit means the client left; closing after that only gives the response up.
 */
public final class SseSink implements AutoCloseable {

    private final Exchange exchange;
    private boolean broken;
    private boolean closed;

    SseSink(Exchange exchange) {
        this.exchange = exchange;
    }

    /** Writes complete SSE frames and flushes them; blocks until the client took them. */
    public void emit(byte[] frames) throws IOException {
        if (frames.length == 0) {
            return;
        }
        try {
            exchange.write(false, ByteBuffer.wrap(frames));
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /** Ends the response normally, unless a write already failed. */
    @Override
    public void close() throws IOException {
        if (closed || broken) {
            return;
        }
        closed = true;
        exchange.write(true, ByteBuffer.allocate(0));
    }
}
