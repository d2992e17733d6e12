package dev.contextgate.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.contextgate.chat.ChatRequest;
import dev.contextgate.chat.ChatResponse;
import dev.contextgate.chat.Dialect;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.dialect.ErrorResponse;
import dev.contextgate.dialect.Json;
import dev.contextgate.dialect.ServerCodec;
import dev.contextgate.dialect.StreamDecoder;
import dev.contextgate.dialect.StreamEncoder;
import dev.contextgate.dialect.UpstreamCodec;
import dev.contextgate.provider.ModelRouter;
import dev.contextgate.provider.simulated.SimulatedProvider;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The Anthropic Messages dialect, both directions: as the server ({@code /v1/messages},
 * {@code /v1/messages/count_tokens}, the Anthropic shape of {@code /v1/models}) and towards Anthropic
 * upstreams. Stateless and thread-safe; the stream encoders and decoders it hands out are one per stream.
 */
public final class AnthropicCodec implements ServerCodec, UpstreamCodec {

    /** {@code /v1/models} entries carry no creation date in ContextGate; this fixed one keeps SDKs parsing. */
    static final String UNKNOWN_CREATED_AT = "1970-01-01T00:00:00Z";

    public AnthropicCodec() {}

    @Override
    public Dialect dialect() {
        return Dialect.ANTHROPIC;
    }

    // ---- server side ----

    @Override
    public ChatRequest decodeRequest(byte[] body, Map<String, String> headers) {
        return AnthropicRequestDecoder.decode(body, headers);
    }

    @Override
    public byte[] encodeResponse(ChatResponse response, String model) {
        return AnthropicResponses.encode(response, model);
    }

    @Override
    public StreamEncoder streamEncoder(String model, boolean includeUsage) {
        return new AnthropicStreamEncoder(model);
    }

    @Override
    public ErrorResponse encodeError(GatewayError error) {
        return AnthropicErrors.encode(error);
    }

    /** A {@code /v1/messages/count_tokens} body: a messages request without {@code max_tokens}. */
    public ChatRequest decodeCountTokensRequest(byte[] body, Map<String, String> headers) {
        return AnthropicRequestDecoder.decode(body, headers);
    }

    public byte[] encodeCountTokensResponse(int inputTokens) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("input_tokens", inputTokens);
        return AnthropicErrors.bytes(root);
    }

    /**
     * Anthropic's {@code /v1/models} list shape, for callers that send {@code anthropic-version}. A model
     * the built-in simulated provider answers says so in its display name.
     */
    public static byte[] encodeModelList(List<ModelRouter.ModelInfo> models) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode data = root.putArray("data");
        for (ModelRouter.ModelInfo m : models) {
            ObjectNode entry = data.addObject();
            entry.put("type", "model");
            entry.put("id", m.id());
            // Anthropic's shape has no owner field: the display name is where a caller sees a stand-in.
            entry.put("display_name", SimulatedProvider.NAME.equals(m.ownedBy()) ? m.id() + " (simulated)" : m.id());
            entry.put("created_at", UNKNOWN_CREATED_AT);
        }
        root.put("has_more", false);
        if (models.isEmpty()) {
            root.putNull("first_id");
            root.putNull("last_id");
        } else {
            root.put("first_id", models.get(0).id());
            root.put("last_id", models.get(models.size() - 1).id());
        }
        return AnthropicErrors.bytes(root);
    }

    // ---- provider side ----

    @Override
    public byte[] encodeRequest(ChatRequest request) {
        return AnthropicRequestEncoder.encode(request);
    }

    @Override
    public ChatResponse decodeResponse(byte[] body) {
        return AnthropicResponses.decode(body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new AnthropicStreamDecoder();
    }

    @Override
    public GatewayError decodeError(int status, byte[] body, Integer retryAfterSeconds) {
        return AnthropicErrors.decode(status, body, retryAfterSeconds);
    }

    /** The upstream body for {@code /v1/messages/count_tokens}: model, system, messages, tools, tool_choice, thinking. */
    public byte[] encodeCountTokensRequest(ChatRequest request) {
        return AnthropicRequestEncoder.encodeCountTokens(request);
    }

    /** {@code {"input_tokens":N}} from the upstream. */
    public int decodeCountTokensResponse(byte[] body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode n = root == null ? null : root.get("input_tokens");
            if (n != null && n.canConvertToInt()) {
                return n.asInt();
            }
        } catch (IOException e) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream sent a count_tokens response that is not valid JSON: " + AnthropicErrors.shortReason(e));
        }
        throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED, "the upstream's count_tokens response has no input_tokens");
    }
}
