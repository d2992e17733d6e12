package dev.contextgate.provider;

import dev.contextgate.chat.StreamEvent;

/**
 * A streamed answer being pulled from an upstream. Closing it before the end cancels the upstream
 * call (its body is closed, so no more tokens are produced or paid for).
 */
public interface EventStream extends AutoCloseable {

    /**
     * The next event, blocking until it arrives; null after {@link StreamEvent.Stop}.
     *
     * @throws dev.contextgate.chat.GatewayError when the upstream fails or the stream is cut before its end
     */
    StreamEvent next();

    /**
     * True when {@link #next()} would return at once, its event already at hand. A writer uses it to
     * hold its output back while more is ready, and to flush before it would wait: an upstream that
     * delivers a burst is written in one go, one that trickles is written event by event.
     */
    default boolean ready() {
        return false;
    }

    @Override
    void close();
}
