package dev.contextgate.provider;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.GatewayError.Kind;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.dialect.StreamDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An upstream's server-sent events, decoded on the caller's thread as it pulls them: no reader thread,
 * and a slow client slows the upstream read instead of filling a buffer. {@link #close()} may come
 * from another thread (the client left) and drops the connection at once.
 */
final class SseEventStream implements EventStream {

    private final String provider;
    private final InputStream body;
    private final SseReader reader;
    private final StreamDecoder decoder;
    private final IdleWatch watch;
    private final Runnable onClose;
    private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private boolean stopped;

    SseEventStream(String provider, InputStream body, StreamDecoder decoder, IdleWatch watch, Runnable onClose) {
        this.provider = provider;
        this.body = body;
        this.reader = new SseReader(body);
        this.decoder = decoder;
        this.watch = watch;
        this.onClose = onClose;
    }

    @Override
    public StreamEvent next() {
        while (true) {
            StreamEvent event = pending.poll();
            if (event != null) {
                if (event instanceof StreamEvent.Stop) {
                    stopped = true;
                    close();
                }
                return event;
            }
            if (stopped || closed.get()) {
                return null;
            }
            SseReader.Frame frame = readFrame();
            if (frame == null) {
                if (watch.fired()) {
                    throw idleTimeout();
                }
                if (closed.get()) {
                    return null;
                }
                close();
                throw new GatewayError(Kind.UPSTREAM_FAILED,
                        "the upstream stream from '" + provider + "' ended before it was complete");
            }
            try {
                pending.addAll(decoder.decode(frame.event(), frame.buffer(), frame.offset(), frame.length()));
            } catch (RuntimeException e) {
                close();
                throw e instanceof GatewayError g ? g : new GatewayError(Kind.UPSTREAM_FAILED,
                        "provider '" + provider + "' sent an event that could not be read: " + e.getMessage());
            }
        }
    }

    @Override
    public boolean ready() {
        return !pending.isEmpty() || (!stopped && !closed.get() && reader.ready());
    }

    private SseReader.Frame readFrame() {
        watch.reading();
        try {
            return reader.next();
        } catch (IOException e) {
            boolean byCaller = closed.get() && !watch.fired();
            close();
            if (watch.fired()) {
                throw idleTimeout();
            }
            if (byCaller) {
                return null;
            }
            throw new GatewayError(Kind.UPSTREAM_FAILED, "the upstream stream from '" + provider
                    + "' broke: " + HttpUpstream.reason(e));
        } finally {
            watch.idle();
        }
    }

    private GatewayError idleTimeout() {
        close();
        return new GatewayError(Kind.TIMEOUT, "provider '" + provider + "' sent nothing for "
                + watch.limitSeconds() + " seconds " + (watch.beforeFirstData() ? "before its first event"
                : "in the middle of a stream") + "; the call was given up");
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            watch.cancel();
            HttpUpstream.closeQuietly(body);
            onClose.run();
        }
    }
}
