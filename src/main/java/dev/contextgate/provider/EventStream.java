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

    @Override
    void close();
}
