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
     * @param data the SSE {@code data:} payload, the UTF-8 bytes the upstream sent
     * @throws dev.contextgate.chat.GatewayError when the upstream sent an error event or bad JSON
     */
    List<StreamEvent> decode(String event, byte[] data);
}
