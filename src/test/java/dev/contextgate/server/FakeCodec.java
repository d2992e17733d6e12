package dev.contextgate.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Content;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.Message;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.dialect.ErrorResponse;
import dev.contextgate.dialect.Json;
import dev.contextgate.dialect.ServerCodec;
import dev.contextgate.dialect.StreamEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tiny codec that tells its dialect in every body, so that server tests can see which dialect
 * rendered what without depending on the real codecs' JSON.
 */
final class FakeCodec implements ServerCodec, CountTokensCodec {

    private final Dialect dialect;

    FakeCodec(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public ChatRequest decodeRequest(byte[] body, Map<String, String> headers) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw GatewayError.invalid("the body is not JSON");
        }
        if (root == null || !root.path("model").isTextual()) {
            throw GatewayError.invalid("model", "send a model");
        }
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : root.path("messages")) {
            messages.add(Message.user(m.path("content").asText()));
        }
        return ChatRequest.simple(root.get("model").asText(), messages, dialect)
                .withStream(root.path("stream").asBoolean(false));
    }

    @Override
    public byte[] encodeResponse(ChatResponse response, String model) {
        String text = response.content().stream()
                .filter(c -> c instanceof Content.Text).map(c -> ((Content.Text) c).text()).reduce("", String::concat);
        return json(Map.of("dialect", dialect.name(), "model", model, "text", text));
    }

    @Override
    public StreamEncoder streamEncoder(String model, boolean includeUsage) {
        return new StreamEncoder() {
            @Override
            public byte[] encode(StreamEvent event) {
                String frame = "data: {\"type\":\"" + event.getClass().getSimpleName() + "\"}\n\n";
                if (event instanceof StreamEvent.Stop) {
                    frame += "data: [DONE]\n\n";
                }
                return frame.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] encodeError(GatewayError error) {
                return ("event: error\ndata: {\"kind\":\"" + error.kind() + "\"}\n\n").getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    @Override
    public ErrorResponse encodeError(GatewayError error) {
        int status = switch (error.kind()) {
            case INVALID_REQUEST, CONTEXT_LENGTH_EXCEEDED -> 400;
            case AUTHENTICATION -> 401;
            case PERMISSION -> 403;
            case NOT_FOUND -> 404;
            case REQUEST_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case OVERLOADED, SATURATED -> 503;
            case UPSTREAM_FAILED -> 502;
            case TIMEOUT -> 504;
        };
        Map<String, String> headers = error.retryAfterSeconds() == null
                ? Map.of() : Map.of("Retry-After", error.retryAfterSeconds().toString());
        return new ErrorResponse(status, json(Map.of("error", Map.of(
                "dialect", dialect.name(), "kind", error.kind().name(), "message", error.getMessage()))), headers);
    }

    @Override
    public ChatRequest decodeCountTokensRequest(byte[] body, Map<String, String> headers) {
        return decodeRequest(body, headers);
    }

    @Override
    public byte[] encodeCountTokensResponse(int inputTokens) {
        return json(Map.of("input_tokens", inputTokens));
    }

    private static byte[] json(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
