package dev.contextgate.dialect;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.GatewayError;

/**
 * The provider's side of a dialect: encodes what goes to an upstream, decodes what comes back.
 * Never sees the caller's own fields ({@code context_id}); passthrough fields are written only when
 * the request came in this same dialect.
 */
public interface UpstreamCodec {

    /** The upstream body for {@code request}; {@code request.model()} is already the upstream's model name. */
    byte[] encodeRequest(ChatRequest request);

    ChatResponse decodeResponse(byte[] body);

    /** A fresh decoder for one upstream stream. */
    StreamDecoder streamDecoder();

    /** Maps an upstream error response into the taxonomy, keeping the upstream's message. */
    GatewayError decodeError(int status, byte[] body, Integer retryAfterSeconds);
}
