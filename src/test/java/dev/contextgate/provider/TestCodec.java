package dev.contextgate.provider;

import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StopReason;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.chat.Usage;
import dev.contextgate.dialect.StreamDecoder;
import dev.contextgate.dialect.UpstreamCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A trivial dialect for testing the HTTP plumbing alone: the body is the text, each SSE frame's data is
 * a text delta, {@code [DONE]} ends the stream, and an {@code error} event fails it.
 */
final class TestCodec implements UpstreamCodec {

    @Override
    public byte[] encodeRequest(ChatRequest request) {
        return request.model().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ChatResponse decodeResponse(byte[] body) {
        return new ChatResponse("id", "m", List.of(new Content.Text(new String(body, StandardCharsets.UTF_8))),
                StopReason.END_TURN, null, Usage.ZERO);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return (event, bytes, offset, length) -> {
            String data = new String(bytes, offset, length, StandardCharsets.UTF_8);
            if ("error".equals(event)) {
                throw new GatewayError(GatewayError.Kind.OVERLOADED, data);
            }
            if (data.equals("[DONE]")) {
                return List.of(new StreamEvent.Stop());
            }
            return List.of(new StreamEvent.TextDelta(0, data));
        };
    }

    @Override
    public GatewayError decodeError(int status, byte[] body, Integer retryAfterSeconds) {
        GatewayError.Kind kind = switch (status) {
            case 401 -> GatewayError.Kind.AUTHENTICATION;
            case 429 -> GatewayError.Kind.RATE_LIMITED;
            default -> GatewayError.Kind.UPSTREAM_FAILED;
        };
        return new GatewayError(kind, new String(body, StandardCharsets.UTF_8), null, retryAfterSeconds, status);
    }
}
