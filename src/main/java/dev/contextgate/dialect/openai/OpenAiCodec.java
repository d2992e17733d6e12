package dev.contextgate.dialect.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI Chat Completions dialect, both sides: what clients send to {@code /v1/chat/completions}
 * and what ContextGate sends to any OpenAI-compatible upstream. Stateless and thread-safe; the stream
 * encoders and decoders it hands out hold one stream's state each.
 *
 * <p>The work is split by direction: {@code RequestDecoder}/{@code MessageDecoder} (client requests),
 * {@code RequestEncoder} (upstream requests), {@code ResponseCodec}/{@code CompletionReader} (complete
 * answers out and in), {@code ChunkEncoder}/{@code ChunkDecoder} with {@code ChunkReader} (streams) and
 * {@code ErrorCodec} (errors both ways).
 */
public final class OpenAiCodec implements ServerCodec, UpstreamCodec {

    /** {@code created} for {@code /v1/models}: ContextGate does not know when a model was made. */
    private static final long MODELS_CREATED = Instant.now().getEpochSecond();

    public OpenAiCodec() {}

    @Override
    public Dialect dialect() {
        return Dialect.OPENAI;
    }

    // ---- client side ----

    @Override
    public ChatRequest decodeRequest(byte[] body, Map<String, String> headers) {
        return RequestDecoder.decode(body, headers == null ? Map.of() : headers);
    }

    @Override
    public byte[] encodeResponse(ChatResponse response, String model) {
        return ResponseCodec.encode(response, model);
    }

    @Override
    public StreamEncoder streamEncoder(String model, boolean includeUsage) {
        return new ChunkEncoder(model, includeUsage);
    }

    @Override
    public ErrorResponse encodeError(GatewayError error) {
        return ErrorCodec.encode(error);
    }

    /** {@code GET /v1/models} in OpenAI's list shape. */
    public static byte[] encodeModelList(List<ModelRouter.ModelInfo> models) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (ModelRouter.ModelInfo model : models) {
            data.addObject()
                    .put("id", model.id())
                    .put("object", "model")
                    .put("created", MODELS_CREATED)
                    .put("owned_by", model.ownedBy());
        }
        try {
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the model list", e);
        }
    }

    // ---- provider side ----

    @Override
    public byte[] encodeRequest(ChatRequest request) {
        return RequestEncoder.encode(request);
    }

    @Override
    public ChatResponse decodeResponse(byte[] body) {
        return CompletionReader.read(body);
    }

    @Override
    public StreamDecoder streamDecoder() {
        return new ChunkDecoder();
    }

    @Override
    public GatewayError decodeError(int status, byte[] body, Integer retryAfterSeconds) {
        return ErrorCodec.decode(status, body, retryAfterSeconds);
    }
}
