package dev.contextgate.dialect;

import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StreamEvent;

/**
 * Turns canonical stream events into a dialect's server-sent events. Each call returns complete SSE
 * frames ({@code event:}/{@code data:} lines and the blank line), possibly none, ready to write and flush.
 * Stateful: one per stream, closed when the stream ends.
 */
public interface StreamEncoder extends AutoCloseable {

    byte[] encode(StreamEvent event);

    /** The frames that end a stream which failed after it began. */
    byte[] encodeError(GatewayError error);

    /** Hands back what the encoder borrowed (pooled buffers); it encodes nothing after this. */
    @Override
    default void close() {}
}
