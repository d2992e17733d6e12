package dev.contextgate.dialect;

import dev.contextgate.chat.StreamEvent;
import java.util.List;

/**
 * Turns one upstream server-sent event into canonical events. Stateful: one per stream. The decoder
 * emits {@link StreamEvent.Stop} only when the upstream ended the stream properly (OpenAI's
 * {@code [DONE]}, Anthropic's {@code message_stop}); a stream that ends without it was cut.
 */
public interface StreamDecoder {

    /**
     * @param event the SSE {@code event:} name, or null when the frame had none
     * @param data holds the SSE {@code data:} payload, the UTF-8 bytes the upstream sent, at
     *     {@code [offset, offset + length)}; it may be the reader's buffer, so nothing of it is kept
     * @throws dev.contextgate.chat.GatewayError when the upstream sent an error event or bad JSON
     */
    List<StreamEvent> decode(String event, byte[] data, int offset, int length);

    /** The same, for a payload that is a whole array (or null, as none). */
    default List<StreamEvent> decode(String event, byte[] data) {
        return decode(event, data, 0, data == null ? 0 : data.length);
    }
}
