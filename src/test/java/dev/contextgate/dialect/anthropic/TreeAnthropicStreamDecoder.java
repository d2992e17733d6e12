package dev.contextgate.dialect.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.chat.GatewayError;
import dev.contextgate.chat.StreamEvent;
import dev.contextgate.dialect.Json;
import dev.contextgate.dialect.StreamDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference for {@link AnthropicStreamDecoder}: the decoder as it was when it read each event into
 * a tree, kept verbatim so edge-case tests can check the streaming reader gives the same events and errors.
 *
 * <p>Provider side: Anthropic's server-sent events to canonical events. Blocks the canonical model has no
 * form for (server_tool_use, web_search_tool_result...) are skipped with all their deltas, and the
 * blocks kept are renumbered so canonical indexes stay 0, 1, 2... One per stream; not thread-safe.
 */
final class TreeAnthropicStreamDecoder implements StreamDecoder {

    /** Upstream block index to canonical index; absent for skipped blocks. */
    private final Map<Integer, Integer> indexes = new HashMap<>();
    private int nextIndex;

    @Override
    public List<StreamEvent> decode(String event, byte[] data, int offset, int length) {
        return decode(event, data == null ? null : java.util.Arrays.copyOfRange(data, offset, offset + length));
    }

    @Override
    public List<StreamEvent> decode(String event, byte[] bytes) {
        // The one change: the bytes are decoded here, as SseReader did when it handed over Strings.
        String data = new String(bytes, StandardCharsets.UTF_8);
        if ("ping".equals(event)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(data);
        } catch (IOException e) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED,
                    "the upstream sent a stream event that is not valid JSON: " + AnthropicErrors.shortReason(e));
        }
        if (root == null || !root.isObject()) {
            throw new GatewayError(GatewayError.Kind.UPSTREAM_FAILED, "the upstream sent a stream event that is not a JSON object");
        }
        String type = root.path("type").asText(event == null ? "" : event);
        return switch (type) {
            case "message_start" -> {
                JsonNode message = root.path("message");
                yield List.of(new StreamEvent.Start(message.path("id").asText(""), message.path("model").asText(""),
                        AnthropicResponses.usage(message.get("usage"))));
            }
            case "content_block_start" -> blockStart(root.path("index").asInt(), root.path("content_block"));
            case "content_block_delta" -> delta(root.path("index").asInt(), root.path("delta"));
            case "content_block_stop" -> {
                Integer index = indexes.get(root.path("index").asInt());
                yield index == null ? List.of() : List.of(new StreamEvent.BlockStop(index));
            }
            case "message_delta" -> {
                JsonNode delta = root.path("delta");
                yield List.of(new StreamEvent.Delta(
                        AnthropicResponses.stopReason(AnthropicErrors.textOrNull(delta.get("stop_reason"))),
                        AnthropicErrors.textOrNull(delta.get("stop_sequence")),
                        AnthropicResponses.usage(root.get("usage"))));
            }
            case "message_stop" -> List.of(new StreamEvent.Stop());
            case "error" -> {
                JsonNode error = root.path("error");
                String errorType = AnthropicErrors.textOrNull(error.get("type"));
                String message = error.path("message").asText("the upstream stream failed");
                throw new GatewayError(AnthropicErrors.kind(errorType, 0, message), message);
            }
            default -> List.of(); // ping and event types added later
        };
    }

    private List<StreamEvent> blockStart(int upstreamIndex, JsonNode block) {
        String type = block.path("type").asText("");
        StreamEvent.Block kind = switch (type) {
            case "text" -> new StreamEvent.Block.Text();
            case "tool_use" -> new StreamEvent.Block.ToolUse(block.path("id").asText(""), block.path("name").asText(""));
            case "thinking" -> new StreamEvent.Block.Thinking();
            case "redacted_thinking" -> new StreamEvent.Block.RedactedThinking(block.path("data").asText(""));
            default -> null;
        };
        if (kind == null) {
            return List.of();
        }
        int index = nextIndex++;
        indexes.put(upstreamIndex, index);
        StreamEvent start = new StreamEvent.BlockStart(index, kind);
        // A tool_use block opens with "input":{} which the input_json_delta events then fill: ignored.
        String initial = switch (type) {
            case "text" -> block.path("text").asText("");
            case "thinking" -> block.path("thinking").asText("");
            default -> "";
        };
        if (initial.isEmpty()) {
            return List.of(start);
        }
        return List.of(start, type.equals("text")
                ? new StreamEvent.TextDelta(index, initial)
                : new StreamEvent.ThinkingDelta(index, initial));
    }

    private List<StreamEvent> delta(int upstreamIndex, JsonNode delta) {
        Integer index = indexes.get(upstreamIndex);
        if (index == null) {
            return List.of();
        }
        return switch (delta.path("type").asText("")) {
            case "text_delta" -> List.of(new StreamEvent.TextDelta(index, delta.path("text").asText("")));
            case "input_json_delta" -> {
                String partial = delta.path("partial_json").asText("");
                yield partial.isEmpty() ? List.of() : List.of(new StreamEvent.ToolArgumentsDelta(index, partial));
            }
            case "thinking_delta" -> List.of(new StreamEvent.ThinkingDelta(index, delta.path("thinking").asText("")));
            case "signature_delta" -> List.of(new StreamEvent.SignatureDelta(index, delta.path("signature").asText("")));
            default -> List.of(); // citations_delta and others the canonical model does not carry
        };
    }
}
